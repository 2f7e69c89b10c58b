namespace Poktapok.App.Schema.Enums;

/// <summary>The review state of an application; stored and sent by its wire names.</summary>
public enum ApplicationStatus
{
    Pending,
    Approved,
    Rejected,
}
