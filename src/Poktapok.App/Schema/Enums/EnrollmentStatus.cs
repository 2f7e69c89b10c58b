namespace Poktapok.App.Schema.Enums;

/// <summary>The state of a program enrollment (a legacy soft enum); stored and sent by its wire names.</summary>
public enum EnrollmentStatus
{
    Enrolled,
    Completed,
    Dropped,
}
