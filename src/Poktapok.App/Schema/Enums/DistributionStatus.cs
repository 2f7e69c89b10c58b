namespace Poktapok.App.Schema.Enums;

/// <summary>The state of a PULPA distribution; stored and sent by its wire names.</summary>
public enum DistributionStatus
{
    Pending,
    Processing,
    Completed,
    Failed,
    Cancelled,
}
