using System.Text.Json.Nodes;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;
using Poktapok.Engine.Functions;

namespace Poktapok.App.Functions;

public static partial class Sessions
{
    /// <summary>The arguments of <see cref="List"/>.</summary>
    public sealed record ListArgs(PaginationOptions PaginationOpts, Guid? ProgramId = null, bool? Standalone = null, bool? Upcoming = null,
        DateTimeOffset? From = null);

    /// <summary>The arguments of <see cref="AdminList"/>.</summary>
    public sealed record AdminListArgs(PaginationOptions PaginationOpts, Guid? ProgramId = null, bool? Standalone = null);

    /// <summary>The arguments of <see cref="Create"/>: the session fields (<c>programId</c> null or absent = standalone).</summary>
    public sealed record CreateArgs(
        string Title,
        SessionType SessionType,
        DateTimeOffset SessionDate,
        Guid? ProgramId = null,
        string? Description = null,
        string? Duration = null,
        string? Location = null,
        [IdOf("users")] List<Guid>? Instructors = null,
        List<SessionMaterial>? Materials = null,
        bool IsActive = true);

    /// <summary>
    /// The arguments of <see cref="Update"/>: a partial update (absent = unchanged; null clears a nullable field,
    /// <c>programId: null</c> makes the session standalone). There is no <c>meetingUrl</c> (C21): use <c>location</c>.
    /// </summary>
    public sealed record UpdateArgs(
        Guid SessionId,
        Optional<Guid?> ProgramId = default,
        Optional<string> Title = default,
        Optional<string?> Description = default,
        Optional<SessionType> SessionType = default,
        Optional<DateTimeOffset> SessionDate = default,
        Optional<string?> Duration = default,
        Optional<string?> Location = default,
        [IdOf("users")] Optional<List<Guid>> Instructors = default,
        Optional<List<SessionMaterial>> Materials = default,
        Optional<bool> IsActive = default);

    /// <summary>One row of <see cref="List"/>.</summary>
    public sealed record ListedSession([IdOf("sessions")] Guid _id, string Title, string? Description, DateTimeOffset SessionDate, SessionType SessionType,
        Guid? ProgramId, string? ProgramName, int ActivityCount, DateTimeOffset CreatedAt);

    /// <summary>The session part of <see cref="Get"/>; <c>meetingUrl</c> is the location, or null when hidden.</summary>
    public sealed record SessionPageSession([IdOf("sessions")] Guid _id, string Title, string? Description, DateTimeOffset SessionDate, SessionType SessionType,
        string? Duration, string? MeetingUrl, Guid? ProgramId, string? ProgramName, DateTimeOffset CreatedAt);

    /// <summary>The result of <see cref="Get"/>.</summary>
    public sealed record SessionPage(SessionPageSession Session, List<Programs.ListedActivity> Activities, bool UserCanAccess);

    /// <summary>One session of <see cref="ListForProgram"/>; <c>location</c> is null when hidden.</summary>
    public sealed record ProgramSession([IdOf("sessions")] Guid _id, string Title, string? Description, DateTimeOffset SessionDate, SessionType SessionType,
        string? Location, Guid? ProgramId);

    /// <summary>The result of <see cref="ListForProgram"/>.</summary>
    public sealed record ProgramSessions(List<ProgramSession> Sessions);

    /// <summary><c>Session &amp; {activityCount, attendanceCount}</c>.</summary>
    public sealed record AdminSession(
        [IdOf("sessions")] Guid _id,
        DateTimeOffset _creationTime,
        Guid? ProgramId,
        string Title,
        string? Description,
        SessionType SessionType,
        DateTimeOffset SessionDate,
        string? Duration,
        string? Location,
        [IdOf("users")] List<string>? Instructors,
        List<SessionMaterial>? Materials,
        bool IsActive,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        JsonObject Metadata,
        int ActivityCount,
        int AttendanceCount);

    /// <summary>The program part of <see cref="AdminGet"/>.</summary>
    public sealed record ProgramRef([IdOf("programs")] Guid _id, string Name);

    /// <summary><c>Session &amp; {program}</c>.</summary>
    public sealed record SessionWithProgram(
        [IdOf("sessions")] Guid _id,
        DateTimeOffset _creationTime,
        Guid? ProgramId,
        string Title,
        string? Description,
        SessionType SessionType,
        DateTimeOffset SessionDate,
        string? Duration,
        string? Location,
        [IdOf("users")] List<string>? Instructors,
        List<SessionMaterial>? Materials,
        bool IsActive,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        JsonObject Metadata,
        ProgramRef? Program);

    /// <summary>The result of <see cref="AdminGet"/>.</summary>
    public sealed record AdminSessionResult(SessionWithProgram Session);

    /// <summary>The result of <see cref="Create"/>, <see cref="Update"/> and <see cref="Remove"/>: <c>{session}</c>.</summary>
    public sealed record SessionResult(Session Session);

    /// <summary>The activity of a session link.</summary>
    public sealed record LinkedActivity([IdOf("activities")] Guid _id, string Title, string Description, ActivityType ActivityType);

    /// <summary>One session link with its activity.</summary>
    public sealed record SessionLink([IdOf("session_activities")] Guid _id, Guid ActivityId, int? OrderIndex, LinkedActivity Activity);

    /// <summary>The result of <see cref="ListActivities"/>.</summary>
    public sealed record SessionLinks(List<SessionLink> Activities);

    /// <summary>The result of the link mutations: <c>{link}</c>.</summary>
    public sealed record LinkResult(SessionActivity Link);
}
