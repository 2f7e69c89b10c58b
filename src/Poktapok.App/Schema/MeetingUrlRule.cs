using Poktapok.App.Schema.Enums;

namespace Poktapok.App.Schema;

/// <summary>
/// Who sees a session's meeting URL (its <c>location</c>, FUNCTIONS.md §3.12, fix S14): admins; for a program
/// session, <c>active</c> users enrolled in the program as <c>enrolled</c> or <c>completed</c>; for a standalone
/// session, any <c>active</c> user. Everyone else gets null.
/// </summary>
public static class MeetingUrlRule
{
    /// <param name="isAdmin">An active admin, or the operator.</param>
    /// <param name="viewerStatus">The signed-in viewer's account status; null when anonymous.</param>
    /// <param name="standalone">Whether the session belongs to no program.</param>
    /// <param name="enrollment">The viewer's enrollment in the session's program, if any.</param>
    public static bool CanSee(bool isAdmin, AccountStatus? viewerStatus, bool standalone, EnrollmentStatus? enrollment) =>
        isAdmin
        || (viewerStatus == AccountStatus.Active
            && (standalone || enrollment is EnrollmentStatus.Enrolled or EnrollmentStatus.Completed));
}
