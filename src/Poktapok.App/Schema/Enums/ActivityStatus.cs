namespace Poktapok.App.Schema.Enums;

/// <summary>The state of an activity; stored and sent by its wire names.</summary>
public enum ActivityStatus
{
    Draft,
    Active,
    Paused,
    Completed,
    Cancelled,
}
