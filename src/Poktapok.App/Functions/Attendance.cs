using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using static Poktapok.App.Functions.Users;
using AttendanceRow = Poktapok.App.Schema.Attendance;

namespace Poktapok.App.Functions;

/// <summary>
/// Attendance at sessions (FUNCTIONS.md §3.13). Admins mark it; there is one row per (user, session), so marking
/// again changes that row (status, marker, time, notes): the unique (user, session) key and the serializable
/// mutation keep concurrent marks to one row. A row's <c>programId</c> is its session's program (fix C24).
/// Users need not be enrolled, so standalone sessions take attendance too (fix C25).
/// </summary>
public static partial class Attendance
{
    /// <summary>The most users one call marks.</summary>
    public const int MaxBatch = 200;

    /// <summary>The most rows <see cref="ForSession"/> returns.</summary>
    public const int MaxRoster = 500;

    /// <summary>The largest page <see cref="Mine"/> serves.</summary>
    public const int MaxPageSize = 100;

    // ---------------------------------------------------------------- argument and result types

    /// <summary>One record of <see cref="MarkBulk"/>.</summary>
    public sealed record MarkRecord(Guid UserId, AttendanceStatus Status, string? Notes = null);

    /// <summary>The arguments of <see cref="Mine"/>.</summary>
    public sealed record MineArgs(PaginationOptions PaginationOpts, Guid? ProgramId = null);

    /// <summary>The result of <see cref="Mark"/> and <see cref="MarkBulk"/>: how many users were marked.</summary>
    public sealed record MarkResult(int Marked);

    /// <summary>The session part of <see cref="ForSession"/>.</summary>
    public sealed record RosterSession([IdOf("sessions")] Guid _id, string Title, string? Description, DateTimeOffset SessionDate, Guid? ProgramId);

    /// <summary>A user on the roster: <c>UserCard &amp; {email, accountStatus}</c>.</summary>
    public sealed record RosterUser([IdOf("users")] Guid _id, string? Username, string? DisplayName, string? AvatarUrl, string? Email, AccountStatus AccountStatus);

    /// <summary>The profile part of a roster row.</summary>
    public sealed record ProfileRef([IdOf("profiles")] Guid _id);

    /// <summary>The enrollment part of a roster row.</summary>
    public sealed record EnrollmentRef([IdOf("program_enrollments")] Guid _id, EnrollmentStatus Status);

    /// <summary>One row of <see cref="ForSession"/>.</summary>
    public sealed record RosterRow(RosterUser User, ProfileRef? Profile, EnrollmentRef? Enrollment, AttendanceRow? Attendance, UserCard? MarkedBy);

    /// <summary>The result of <see cref="ForSession"/>.</summary>
    public sealed record SessionRoster(RosterSession Session, List<RosterRow> Users);

    /// <summary>The session part of <see cref="Mine"/>.</summary>
    public sealed record MineSession([IdOf("sessions")] Guid _id, string Title, DateTimeOffset SessionDate, Guid? ProgramId);

    /// <summary><c>Attendance &amp; {session}</c>.</summary>
    public sealed record MyAttendance(
        [IdOf("attendance")] Guid _id,
        DateTimeOffset _creationTime,
        Guid UserId,
        Guid SessionId,
        Guid? ProgramId,
        [IdOf("users")] Guid? MarkedBy,
        AttendanceStatus Status,
        string? Notes,
        DateTimeOffset MarkedAt,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        JsonObject Metadata,
        MineSession? Session);

    // ---------------------------------------------------------------- mutations

    /// <summary>
    /// Marks users at a session with one status (admin): <c>{marked}</c>. <c>INVALID_ARGUMENT</c> for no users, more
    /// than 200, or notes over 500; <c>NOT_FOUND</c> for a missing session or any user that does not exist (closed
    /// accounts count as missing). A repeated id is marked once.
    /// </summary>
    [Mutation]
    public static async Task<MarkResult> Mark(MutationContext ctx, Guid sessionId, List<Guid> userIds, AttendanceStatus status, string? notes = null)
    {
        var staff = await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        if (userIds.Count is 0 or > MaxBatch)
        {
            errors.Add("userIds", $"must have 1 to {MaxBatch} users");
        }

        var text = errors.OptionalText("notes", notes, 500);
        errors.ThrowIfAny();
        var records = userIds.Distinct().Select(id => new MarkRecord(id, status, text)).ToList();
        return new MarkResult(await UpsertAsync(ctx, staff, sessionId, records));
    }

    /// <summary>
    /// Marks users at a session, each with its own status and notes (admin): <c>{marked}</c>. <c>INVALID_ARGUMENT</c>
    /// for no records, more than 200, a user given twice, or notes over 500; <c>NOT_FOUND</c> for a missing session or user.
    /// </summary>
    [Mutation]
    public static async Task<MarkResult> MarkBulk(MutationContext ctx, Guid sessionId, List<MarkRecord> records)
    {
        var staff = await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        if (records.Count is 0 or > MaxBatch)
        {
            errors.Add("records", $"must have 1 to {MaxBatch} records");
        }
        else if (records.Select(r => r.UserId).Distinct().Count() != records.Count)
        {
            errors.Add("records", "must name each user once");
        }

        var cleaned = records.Select((r, i) => r with { Notes = errors.OptionalText($"records[{i}].notes", r.Notes, 500) }).ToList();
        errors.ThrowIfAny();
        return new MarkResult(await UpsertAsync(ctx, staff, sessionId, cleaned));
    }

    // ---------------------------------------------------------------- queries

    /// <summary>
    /// A session's attendance sheet (admin): everyone enrolled in its program (any status) plus anyone already marked,
    /// so standalone sessions work too (fix C25); each with card, email and status, profile id, enrollment, attendance
    /// row and who marked it. Ordered by username; at most 500 rows. <c>NOT_FOUND</c> for no such session.
    /// </summary>
    [Query]
    public static async Task<SessionRoster> ForSession(QueryContext ctx, Guid sessionId)
    {
        await Require.AdminAsync(ctx);
        var session = await Sessions.SessionAsync(ctx, sessionId);
        var marks = await ctx.Db.Attendance.Where(a => a.SessionId == sessionId).OrderBy(a => a.Id).Take(MaxRoster).ToListAsync();
        var enrollments = session.ProgramId is { } programId
            ? await ctx.Db.ProgramEnrollments.Where(e => e.ProgramId == programId).OrderBy(e => e.EnrolledAt).ThenBy(e => e.Id).Take(MaxRoster)
                .ToListAsync()
            : [];
        var userIds = marks.Select(a => a.UserId).Concat(enrollments.Select(e => e.UserId)).Distinct().ToList();
        var users = await ctx.Db.Users.Where(u => userIds.Contains(u.Id))
            .Select(u => new RosterUser(u.Id, u.Username, u.DisplayName, u.AvatarUrl, u.Email, u.AccountStatus))
            .ToDictionaryAsync(u => u._id);
        var profiles = await ctx.Db.Profiles.Where(p => userIds.Contains(p.UserId)).Select(p => new { p.UserId, p.Id })
            .ToDictionaryAsync(p => p.UserId, p => p.Id);
        var markerIds = marks.Select(a => a.MarkedBy).OfType<Guid>().Distinct().ToList();
        var markers = await ctx.Db.Users.IgnoreQueryFilters().Where(u => markerIds.Contains(u.Id))
            .Select(u => new UserCard(u.Id, u.Username, u.DisplayName, u.AvatarUrl))
            .ToDictionaryAsync(u => u._id);
        var byUserMark = marks.ToDictionary(a => a.UserId);
        var byUserEnrollment = enrollments.ToDictionary(e => e.UserId);

        var rows = userIds.Where(users.ContainsKey)
            .Select(id =>
            {
                var mark = byUserMark.GetValueOrDefault(id);
                return new RosterRow(
                    users[id],
                    profiles.TryGetValue(id, out var profile) ? new ProfileRef(profile) : null,
                    byUserEnrollment.TryGetValue(id, out var e) ? new EnrollmentRef(e.Id, e.Status) : null,
                    mark,
                    mark?.MarkedBy is { } by ? markers.GetValueOrDefault(by) : null);
            })
            .OrderBy(r => r.User.Username ?? "", StringComparer.Ordinal).ThenBy(r => r.User._id)
            .Take(MaxRoster)
            .ToList();
        return new SessionRoster(new RosterSession(session.Id, session.Title, session.Description, session.SessionDate, session.ProgramId), rows);
    }

    /// <summary>
    /// The caller's attendance, a page at a time, latest mark first (signedIn), optionally only at a program's
    /// sessions; each with its session's id, title, date and program.
    /// </summary>
    [Query]
    public static async Task<PaginationResult<MyAttendance>> Mine(QueryContext ctx, MineArgs args)
    {
        var me = await Require.SignedInAsync(ctx);
        var rows = ctx.Db.Attendance.Where(a => a.UserId == me.Id);
        if (args.ProgramId is { } programId)
        {
            rows = rows.Where(a => ctx.Db.Sessions.Any(s => s.Id == a.SessionId && s.ProgramId == programId));
        }

        var options = args.PaginationOpts.NumItems > MaxPageSize ? args.PaginationOpts with { NumItems = MaxPageSize } : args.PaginationOpts;
        var page = await rows.PaginateAsync(ctx, options, a => a.MarkedAt, descending: true);
        var sessionIds = page.Page.Select(a => a.SessionId).Distinct().ToList();
        var sessions = await ctx.Db.Sessions.Where(s => sessionIds.Contains(s.Id))
            .Select(s => new MineSession(s.Id, s.Title, s.SessionDate, s.ProgramId))
            .ToDictionaryAsync(s => s._id);
        return page.Map(a => new MyAttendance(a.Id, a.CreatedAt, a.UserId, a.SessionId, a.ProgramId, a.MarkedBy, a.Status, a.Notes, a.MarkedAt,
            a.CreatedAt, a.UpdatedAt, a.Metadata, sessions.GetValueOrDefault(a.SessionId)));
    }

    // ---------------------------------------------------------------- rules

    // One row per (user, session): existing rows are loaded with one statement and changed, the others added. The
    // session and every user must exist; the row's program is the session's (C24).
    private static async Task<int> UpsertAsync(MutationContext ctx, Staff staff, Guid sessionId, List<MarkRecord> records)
    {
        var session = await Sessions.SessionAsync(ctx, sessionId);
        var ids = records.Select(r => r.UserId).ToList();
        var found = await ctx.Db.Users.CountAsync(u => ids.Contains(u.Id));
        if (found != ids.Count)
        {
            throw AppErrors.NotFound("One or more users do not exist.");
        }

        var existing = await ctx.Db.Attendance.Where(a => a.SessionId == sessionId && ids.Contains(a.UserId)).ToDictionaryAsync(a => a.UserId);
        var now = Instant(ctx.Now);
        foreach (var record in records)
        {
            if (!existing.TryGetValue(record.UserId, out var row))
            {
                row = new AttendanceRow { UserId = record.UserId, SessionId = sessionId, Status = record.Status, CreatedAt = now };
                ctx.Db.Attendance.Add(row);
            }

            row.Status = record.Status;
            row.Notes = record.Notes;
            row.ProgramId = session.ProgramId;
            row.MarkedBy = staff.User?.Id;
            row.MarkedAt = now;
            row.UpdatedAt = now;
        }

        return records.Count;
    }
}
