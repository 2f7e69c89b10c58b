using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.Engine.Functions;
using static Poktapok.App.Functions.Users;

namespace Poktapok.App.Functions;

/// <summary>
/// Class sessions, in a program or standalone (FUNCTIONS.md §3.12): the public list and page of a session, a
/// program's sessions for its members, and the admins' lists, edits and activity links. Public functions hide
/// inactive sessions. The meeting URL (<c>location</c>) is shown only as <see cref="MeetingUrlRule"/> says (fix S14).
/// "Upcoming" means <c>sessionDate ≥ from</c>, where <c>from</c> is the client's time (rounded to the minute) or,
/// when absent, the server's time when the query runs (FUNCTIONS.md §1 Time): a result is not re-run as time passes.
/// </summary>
public static partial class Sessions
{
    /// <summary>The largest page the paginated lists serve; a larger <c>numItems</c> is served as this many.</summary>
    public const int MaxPageSize = 100;

    /// <summary>The most activities a session's page, and the most links <see cref="ListActivities"/>, return.</summary>
    public const int MaxActivities = 100;

    /// <summary>The longest description accepted.</summary>
    public const int MaxDescription = 10000;

    // ---------------------------------------------------------------- public queries

    /// <summary>
    /// Active sessions, a page at a time, soonest first (public): of a program, standalone ones
    /// (<c>standalone: true</c>) or program ones (<c>false</c>), and only upcoming ones (<c>sessionDate ≥ from</c>, the
    /// server's time when <c>from</c> is absent). Each with its program's name and the number of its listed activities.
    /// </summary>
    [Query]
    public static async Task<PaginationResult<ListedSession>> List(QueryContext ctx, ListArgs args)
    {
        var sessions = Filtered(ctx.Db.Sessions.Where(s => s.IsActive), args.ProgramId, args.Standalone);
        if (args.Upcoming is true)
        {
            var from = args.From ?? ctx.Now;
            sessions = sessions.Where(s => s.SessionDate >= from);
        }

        var page = await sessions.PaginateAsync(ctx, Capped(args.PaginationOpts), s => s.SessionDate);
        var names = await ProgramNamesAsync(ctx, page.Page);
        var counts = await ActivityCountsAsync(ctx, [.. page.Page.Select(s => s.Id)], listedOnly: true);
        return page.Map(s => new ListedSession(s.Id, s.Title, s.Description, s.SessionDate, s.SessionType, s.ProgramId,
            s.ProgramId is { } p ? names.GetValueOrDefault(p) : null, counts.GetValueOrDefault(s.Id), s.CreatedAt));
    }

    /// <summary>
    /// An active session's page (public*): the session, its listed activities (not soft-deleted, draft or
    /// cancelled; largest reward first, at most 100) and whether the caller may see the meeting URL
    /// (<see cref="MeetingUrlRule"/>; <c>meetingUrl</c> is null otherwise). <c>NOT_FOUND</c> for a missing or inactive session.
    /// </summary>
    [Query]
    public static async Task<SessionPage> Get(QueryContext ctx, Guid sessionId)
    {
        var session = await ctx.Db.Sessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.IsActive) ?? throw SessionNotFound();
        var programName = session.ProgramId is { } programId
            ? await ctx.Db.Programs.Where(p => p.Id == programId).Select(p => p.Name).SingleOrDefaultAsync()
            : null;
        var activities = await ctx.Db.SessionActivities.Where(l => l.SessionId == sessionId)
            .Join(Programs.ListedActivities(ctx), l => l.ActivityId, a => a.Id, (l, a) => a)
            .OrderByDescending(a => a.RewardPulpaAmount).ThenBy(a => a.Id)
            .Take(MaxActivities)
            .Select(a => new Programs.ListedActivity(a.Id, a.Title, a.Description, a.RewardPulpaAmount, a.Difficulty, a.ActivityType))
            .ToListAsync();

        var canAccess = await CanSeeMeetingUrlAsync(ctx, session.ProgramId);
        return new SessionPage(
            new SessionPageSession(session.Id, session.Title, session.Description, session.SessionDate, session.SessionType, session.Duration,
                canAccess ? session.Location : null, session.ProgramId, programName, session.CreatedAt),
            activities,
            canAccess);
    }

    /// <summary>
    /// A program's active sessions, latest first (signedIn), only upcoming ones with <c>upcoming: true</c>; at most
    /// <c>limit</c> (1..50, default 10). <c>location</c> is null unless the caller may see it (<see cref="MeetingUrlRule"/>).
    /// <c>NOT_FOUND</c> for no such program.
    /// </summary>
    [Query]
    public static async Task<ProgramSessions> ListForProgram(QueryContext ctx, Guid programId, bool upcoming = false, DateTimeOffset? from = null,
        [Range(1, 50)] int limit = 10)
    {
        await Require.SignedInAsync(ctx);
        await Programs.ProgramAsync(ctx, programId);
        var sessions = ctx.Db.Sessions.Where(s => s.ProgramId == programId && s.IsActive);
        if (upcoming)
        {
            var since = from ?? ctx.Now;
            sessions = sessions.Where(s => s.SessionDate >= since);
        }

        var rows = await sessions.OrderByDescending(s => s.SessionDate).ThenByDescending(s => s.Id).Take(limit).ToListAsync();
        var canAccess = await CanSeeMeetingUrlAsync(ctx, programId);
        return new ProgramSessions([.. rows.Select(s => new ProgramSession(s.Id, s.Title, s.Description, s.SessionDate, s.SessionType,
            canAccess ? s.Location : null, s.ProgramId))]);
    }

    // ---------------------------------------------------------------- admin queries

    /// <summary>
    /// All sessions, inactive ones too, a page at a time, soonest first (admin): of a program, standalone or in
    /// programs; each with its number of activity links and attendance rows.
    /// </summary>
    [Query]
    public static async Task<PaginationResult<AdminSession>> AdminList(QueryContext ctx, AdminListArgs args)
    {
        await Require.AdminAsync(ctx);
        var page = await Filtered(ctx.Db.Sessions, args.ProgramId, args.Standalone).PaginateAsync(ctx, Capped(args.PaginationOpts), s => s.SessionDate);
        var ids = page.Page.Select(s => s.Id).ToList();
        var activities = await ActivityCountsAsync(ctx, ids, listedOnly: false);
        var attendance = await ctx.Db.Attendance.Where(a => ids.Contains(a.SessionId))
            .GroupBy(a => a.SessionId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        return page.Map(s => new AdminSession(s.Id, s.CreatedAt, s.ProgramId, s.Title, s.Description, s.SessionType, s.SessionDate, s.Duration,
            s.Location, s.Instructors, s.Materials, s.IsActive, s.CreatedAt, s.UpdatedAt, s.Metadata, activities.GetValueOrDefault(s.Id),
            attendance.GetValueOrDefault(s.Id)));
    }

    /// <summary>One session, inactive too, with its program's id and name (admin). <c>NOT_FOUND</c> for no such session.</summary>
    [Query]
    public static async Task<AdminSessionResult> AdminGet(QueryContext ctx, Guid sessionId)
    {
        await Require.AdminAsync(ctx);
        var s = await SessionAsync(ctx, sessionId);
        var program = s.ProgramId is { } programId
            ? await ctx.Db.Programs.Where(p => p.Id == programId).Select(p => new ProgramRef(p.Id, p.Name)).SingleOrDefaultAsync()
            : null;
        return new AdminSessionResult(new SessionWithProgram(s.Id, s.CreatedAt, s.ProgramId, s.Title, s.Description, s.SessionType,
            s.SessionDate, s.Duration, s.Location, s.Instructors, s.Materials, s.IsActive, s.CreatedAt, s.UpdatedAt, s.Metadata, program));
    }

    /// <summary>
    /// A session's activity links by order index (unordered last), each with its activity, soft-deleted ones included
    /// (admin); at most <see cref="MaxActivities"/>. <c>NOT_FOUND</c> for no such session.
    /// </summary>
    [Query]
    public static async Task<SessionLinks> ListActivities(QueryContext ctx, Guid sessionId)
    {
        await Require.AdminAsync(ctx);
        await SessionAsync(ctx, sessionId);
        var links = await ctx.Db.SessionActivities.Where(l => l.SessionId == sessionId)
            .Join(ctx.Db.Activities.IgnoreQueryFilters(), l => l.ActivityId, a => a.Id, (l, a) => new { l, a })
            .OrderBy(x => x.l.OrderIndex == null).ThenBy(x => x.l.OrderIndex).ThenBy(x => x.l.CreatedAt).ThenBy(x => x.l.Id)
            .Take(MaxActivities)
            .Select(x => new SessionLink(x.l.Id, x.l.ActivityId, x.l.OrderIndex, new LinkedActivity(x.a.Id, x.a.Title, x.a.Description, x.a.ActivityType)))
            .ToListAsync();
        return new SessionLinks(links);
    }

    // ---------------------------------------------------------------- mutations

    /// <summary>
    /// Creates a session (admin): <c>{session}</c>. <c>NOT_FOUND</c> for a <c>programId</c> with no program.
    /// <c>INVALID_ARGUMENT</c> (all at once): a title outside 1..200, a description over 10000, a duration over 50, a
    /// location over 500, more than 20 instructors or ones that are not users, more than 50 materials or one with a
    /// title over 200, a URL that is not absolute http(s) ≤ 500, or a type over 50. Empty strings are stored as null.
    /// </summary>
    [Mutation]
    public static async Task<SessionResult> Create(MutationContext ctx, CreateArgs args)
    {
        await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        var now = Instant(ctx.Now);
        var session = new Session
        {
            ProgramId = args.ProgramId,
            Title = CheckTitle(errors, args.Title),
            Description = errors.OptionalText("description", args.Description, MaxDescription),
            SessionType = args.SessionType,
            SessionDate = Instant(args.SessionDate),
            Duration = errors.OptionalText("duration", args.Duration, 50),
            Location = errors.OptionalText("location", args.Location, 500),
            Instructors = await CheckInstructorsAsync(ctx, errors, args.Instructors ?? []),
            Materials = CheckMaterials(errors, args.Materials ?? []),
            IsActive = args.IsActive,
            CreatedAt = now,
            UpdatedAt = now,
        };
        errors.ThrowIfAny();
        if (session.ProgramId is { } programId)
        {
            await Programs.ProgramAsync(ctx, programId);
        }

        ctx.Db.Sessions.Add(session);
        return new SessionResult(session);
    }

    /// <summary>
    /// Changes the given fields of a session (admin): <c>{session}</c>, <c>updatedAt</c> always set (C21). Refuses what
    /// <see cref="Create"/> refuses, and an empty patch (<c>INVALID_ARGUMENT</c> on <c>fields</c>); a <c>meetingUrl</c>
    /// is an unknown field. <c>NOT_FOUND</c> for no such session, or a <c>programId</c> with no program.
    /// </summary>
    [Mutation]
    public static async Task<SessionResult> Update(MutationContext ctx, UpdateArgs args)
    {
        await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        if (!(args.ProgramId.HasValue || args.Title.HasValue || args.Description.HasValue || args.SessionType.HasValue || args.SessionDate.HasValue
              || args.Duration.HasValue || args.Location.HasValue || args.Instructors.HasValue || args.Materials.HasValue || args.IsActive.HasValue))
        {
            errors.Add("fields", "give at least one field to change");
        }

        var title = args.Title.HasValue ? CheckTitle(errors, args.Title.Value) : null;
        var description = args.Description.HasValue ? errors.OptionalText("description", args.Description.Value, MaxDescription) : null;
        var duration = args.Duration.HasValue ? errors.OptionalText("duration", args.Duration.Value, 50) : null;
        var location = args.Location.HasValue ? errors.OptionalText("location", args.Location.Value, 500) : null;
        var instructors = args.Instructors.HasValue ? await CheckInstructorsAsync(ctx, errors, args.Instructors.Value) : null;
        var materials = args.Materials.HasValue ? CheckMaterials(errors, args.Materials.Value) : null;
        errors.ThrowIfAny();

        var session = await SessionAsync(ctx, args.SessionId);
        if (args.ProgramId.HasValue && args.ProgramId.Value is { } programId)
        {
            await Programs.ProgramAsync(ctx, programId);
        }

        session.ProgramId = args.ProgramId.Or(session.ProgramId);
        session.Title = title ?? session.Title;
        session.Description = args.Description.HasValue ? description : session.Description;
        session.SessionType = args.SessionType.Or(session.SessionType);
        session.SessionDate = args.SessionDate.HasValue ? Instant(args.SessionDate.Value) : session.SessionDate;
        session.Duration = args.Duration.HasValue ? duration : session.Duration;
        session.Location = args.Location.HasValue ? location : session.Location;
        session.Instructors = instructors ?? session.Instructors;
        session.Materials = materials ?? session.Materials;
        session.IsActive = args.IsActive.Or(session.IsActive);
        session.UpdatedAt = Instant(ctx.Now);
        return new SessionResult(session);
    }

    /// <summary>
    /// Deletes a session for good (admin): <c>{session}</c> as it was; its attendance rows and activity links go with
    /// it (the foreign keys cascade). <c>NOT_FOUND</c> for no such session.
    /// </summary>
    [Mutation]
    public static async Task<SessionResult> Remove(MutationContext ctx, Guid sessionId)
    {
        await Require.AdminAsync(ctx);
        var session = await SessionAsync(ctx, sessionId);
        ctx.Db.Sessions.Remove(session);
        return new SessionResult(session);
    }

    /// <summary>
    /// Links an activity to a session (admin): <c>{link}</c>; an order index of 0 is kept as 0 (C23). <c>NOT_FOUND</c>
    /// for a missing session or a missing or soft-deleted activity; <c>CONFLICT ALREADY_LINKED</c> when the link exists;
    /// <c>INVALID_ARGUMENT</c> for a negative <c>orderIndex</c>.
    /// </summary>
    [Mutation]
    public static async Task<LinkResult> LinkActivity(MutationContext ctx, Guid sessionId, Guid activityId, int? orderIndex = null)
    {
        await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        Programs.CheckOrderIndex(errors, orderIndex);
        errors.ThrowIfAny();
        await SessionAsync(ctx, sessionId);
        await Programs.LiveActivityAsync(ctx, activityId);
        if (await ctx.Db.SessionActivities.AnyAsync(l => l.SessionId == sessionId && l.ActivityId == activityId))
        {
            throw AppErrors.Conflict(Reasons.AlreadyLinked, "The activity is linked to this session already.");
        }

        var link = new SessionActivity { SessionId = sessionId, ActivityId = activityId, OrderIndex = orderIndex, CreatedAt = Instant(ctx.Now) };
        ctx.Db.SessionActivities.Add(link);
        return new LinkResult(link);
    }

    /// <summary>Removes a session's link to an activity (admin): <c>{link}</c> as it was. <c>NOT_FOUND</c> when there is no such link.</summary>
    [Mutation]
    public static async Task<LinkResult> UnlinkActivity(MutationContext ctx, Guid sessionId, Guid activityId)
    {
        await Require.AdminAsync(ctx);
        var link = await ctx.Db.SessionActivities.SingleOrDefaultAsync(l => l.SessionId == sessionId && l.ActivityId == activityId)
                   ?? throw AppErrors.NotFound("The activity is not linked to this session.");
        ctx.Db.SessionActivities.Remove(link);
        return new LinkResult(link);
    }

    // ---------------------------------------------------------------- shared

    /// <summary>
    /// The number of activity links per session of <paramref name="sessionIds"/> (one grouped statement); with
    /// <paramref name="listedOnly"/>, only links to activities the public sees (<see cref="Programs.ListedActivities"/>).
    /// </summary>
    internal static async Task<Dictionary<Guid, int>> ActivityCountsAsync(QueryContext ctx, List<Guid> sessionIds, bool listedOnly)
    {
        if (sessionIds.Count == 0)
        {
            return [];
        }

        var links = ctx.Db.SessionActivities.Where(l => sessionIds.Contains(l.SessionId));
        if (listedOnly)
        {
            links = links.Where(l => Programs.ListedActivities(ctx).Any(a => a.Id == l.ActivityId));
        }

        return await links.GroupBy(l => l.SessionId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
    }

    /// <summary>The session (active or not), or <c>NOT_FOUND</c>.</summary>
    internal static async Task<Session> SessionAsync(QueryContext ctx, Guid sessionId) =>
        await ctx.Db.Sessions.SingleOrDefaultAsync(s => s.Id == sessionId) ?? throw SessionNotFound();
}
