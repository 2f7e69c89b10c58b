using System.Text.Json.Nodes;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;

namespace Poktapok.App.Functions;

public static partial class Programs
{
    /// <summary>
    /// The arguments of <see cref="Create"/>: the program fields. A cohort needs both dates; the start is before the
    /// end. <c>maxEnrollments</c> null (or absent) means no limit.
    /// </summary>
    public sealed record CreateArgs(
        string Name,
        string Description,
        ProgramType ProgramType,
        DateTimeOffset? StartDate = null,
        DateTimeOffset? EndDate = null,
        bool IsActive = true,
        int? MaxEnrollments = null);

    /// <summary>The arguments of <see cref="Update"/>: a partial update (absent = unchanged, null clears a date or the capacity).</summary>
    public sealed record UpdateArgs(
        Guid ProgramId,
        Optional<string> Name = default,
        Optional<string> Description = default,
        Optional<ProgramType> ProgramType = default,
        Optional<DateTimeOffset?> StartDate = default,
        Optional<DateTimeOffset?> EndDate = default,
        Optional<bool> IsActive = default,
        Optional<int?> MaxEnrollments = default);

    /// <summary>The arguments of <see cref="UpdateActivityLink"/>.</summary>
    public sealed record UpdateActivityLinkArgs(Guid ProgramId, Guid ActivityId, Optional<bool> IsRequired = default,
        Optional<int?> OrderIndex = default);

    /// <summary>A program in the public list.</summary>
    public sealed record ActiveProgram([IdOf("programs")] Guid _id, string Name, string Description, ProgramType ProgramType, DateTimeOffset? StartDate,
        DateTimeOffset? EndDate);

    /// <summary>The result of <see cref="ListActive"/>.</summary>
    public sealed record ActiveProgramList(List<ActiveProgram> Programs);

    /// <summary>The program part of <see cref="Get"/>.</summary>
    public sealed record PublicProgram([IdOf("programs")] Guid _id, string Name, string Description, ProgramType ProgramType, bool IsActive, DateTimeOffset CreatedAt);

    /// <summary>The numbers of <see cref="Get"/>: all enrollments, listed sessions and listed activities.</summary>
    public sealed record PublicStats(int TotalEnrollments, int TotalSessions, int TotalActivities);

    /// <summary>A session on a program's page.</summary>
    public sealed record ProgramSession([IdOf("sessions")] Guid _id, string Title, string? Description, DateTimeOffset SessionDate, int ActivityCount);

    /// <summary>An activity on a program's page or a session's page.</summary>
    public sealed record ListedActivity([IdOf("activities")] Guid _id, string Title, string Description, decimal RewardPulpaAmount, Difficulty Difficulty,
        ActivityType ActivityType);

    /// <summary>The result of <see cref="Get"/>.</summary>
    public sealed record ProgramPage(PublicProgram Program, PublicStats Stats, List<ProgramSession> Sessions, List<ListedActivity> Activities);

    /// <summary>The enrollment part of <see cref="MyDashboard"/>.</summary>
    public sealed record DashboardEnrollment([IdOf("program_enrollments")] Guid _id, EnrollmentStatus Status, DateTimeOffset EnrolledAt, DateTimeOffset? PromotedAt);

    /// <summary>The application part of <see cref="MyDashboard"/>.</summary>
    public sealed record DashboardApplication([IdOf("applications")] Guid _id, string? Goal, ApplicationStatus Status);

    /// <summary>The user part of <see cref="MyDashboard"/>: <c>UserCard &amp; {accountStatus}</c>.</summary>
    public sealed record DashboardUser([IdOf("users")] Guid _id, string? Username, string? DisplayName, string? AvatarUrl, AccountStatus AccountStatus);

    /// <summary>Attendance at the program's sessions.</summary>
    public sealed record AttendanceStats(int Total, int Present);

    /// <summary>Submissions to the program's activities (approved includes distributed).</summary>
    public sealed record SubmissionStats(int Total, int Approved, int Pending);

    /// <summary>A member's numbers in one program (FUNCTIONS.md §3.10): attendance, submissions, mean review score.</summary>
    public sealed record ScopedStats(AttendanceStats Attendance, SubmissionStats Submissions, double QualityScore);

    /// <summary>The result of <see cref="MyDashboard"/>.</summary>
    public sealed record Dashboard(DashboardEnrollment Enrollment, DashboardApplication? Application, ActiveProgram Program, DashboardUser User,
        ScopedStats Stats);

    /// <summary>The result of <see cref="AdminList"/>.</summary>
    public sealed record ProgramList(List<TrainingProgram> Programs);

    /// <summary>The numbers of <see cref="AdminGet"/>.</summary>
    public sealed record AdminStats(
        int TotalEnrollments,
        int ActiveEnrollments,
        int CompletedEnrollments,
        int DroppedEnrollments,
        int TotalSessions,
        int CompletedSessions,
        int UpcomingSessions,
        int TotalActivities,
        int DirectActivities,
        int TransitiveActivities,
        int AverageCompletionRate);

    /// <summary><c>Program &amp; {stats}</c>.</summary>
    public sealed record ProgramWithStats(
        [IdOf("programs")] Guid _id,
        DateTimeOffset _creationTime,
        string Name,
        string Description,
        ProgramType ProgramType,
        DateTimeOffset? StartDate,
        DateTimeOffset? EndDate,
        bool IsActive,
        int? MaxEnrollments,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        JsonObject Metadata,
        AdminStats Stats);

    /// <summary>The result of <see cref="AdminGet"/>.</summary>
    public sealed record AdminProgram(ProgramWithStats Program);

    /// <summary>The result of <see cref="Create"/>, <see cref="Update"/> and <see cref="Archive"/>.</summary>
    public sealed record ProgramResult(TrainingProgram Program);

    /// <summary>The activity of a program link, soft-deleted ones included (their <c>deletedAt</c> is set).</summary>
    public sealed record LinkedActivity([IdOf("activities")] Guid _id, string Title, string Description, ActivityType ActivityType, ActivityStatus Status,
        DateTimeOffset? DeletedAt);

    /// <summary>One program link with its activity.</summary>
    public sealed record ProgramLink([IdOf("program_activities")] Guid _id, Guid ActivityId, bool IsRequired, int? OrderIndex, LinkedActivity Activity);

    /// <summary>The result of <see cref="ListActivities"/>.</summary>
    public sealed record ProgramLinks(List<ProgramLink> Activities);

    /// <summary>The result of the link mutations: <c>{link}</c>.</summary>
    public sealed record LinkResult(ProgramActivity Link);
}
