namespace Poktapok.App.Schema.Enums;

/// <summary>The attendance of a member at a session (a legacy soft enum); stored and sent by its wire names.</summary>
public enum AttendanceStatus
{
    Present,
    Absent,
    Excused,
}
