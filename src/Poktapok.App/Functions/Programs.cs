using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using static Poktapok.App.Functions.Users;

namespace Poktapok.App.Functions;

/// <summary>
/// Training programs (FUNCTIONS.md §3.10): the public list and page of a program, a member's program dashboard,
/// and the admins' lists, edits and activity links. Programs are never deleted: <see cref="Archive"/> sets
/// <c>isActive</c> to false. Dashboard and eligibility numbers are scoped to the program (<see cref="ScopedStatsAsync"/>,
/// fix A7). New in Poktapok: <c>maxEnrollments</c>, a program's capacity (<see cref="EnrollmentSeatRule"/>).
/// </summary>
public static partial class Programs
{
    /// <summary>The most sessions and activities <see cref="Get"/> lists.</summary>
    public const int MaxListed = 100;

    /// <summary>The most links <see cref="ListActivities"/> returns.</summary>
    public const int MaxLinks = 500;

    /// <summary>The longest description accepted (the contract says only "at least 1").</summary>
    public const int MaxDescription = 10000;

    // ---------------------------------------------------------------- public queries

    /// <summary>Active programs by name (public), at most <c>limit</c> (1..100, default 100).</summary>
    [Query]
    public static async Task<ActiveProgramList> ListActive(QueryContext ctx, [Range(1, 100)] int limit = 100)
    {
        var programs = await ctx.Db.Programs.Where(p => p.IsActive)
            .OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Take(limit)
            .Select(p => new ActiveProgram(p.Id, p.Name, p.Description, p.ProgramType, p.StartDate, p.EndDate))
            .ToListAsync();
        return new ActiveProgramList(programs);
    }

    /// <summary>
    /// A program's public page (public; inactive programs too, as legacy): its active sessions by date (at most
    /// 100, each with the number of its listed activities) and its directly linked activities that are neither
    /// soft-deleted nor draft or cancelled, largest reward first (at most 100; legacy listed them all). <c>NOT_FOUND</c>
    /// when there is no such program.
    /// </summary>
    [Query]
    public static async Task<ProgramPage> Get(QueryContext ctx, Guid programId)
    {
        var program = await ctx.Db.Programs.SingleOrDefaultAsync(p => p.Id == programId) ?? throw ProgramNotFound();
        var sessions = ctx.Db.Sessions.Where(s => s.ProgramId == programId && s.IsActive);
        var activities = ctx.Db.ProgramActivities.Where(l => l.ProgramId == programId)
            .Join(ListedActivities(ctx), l => l.ActivityId, a => a.Id, (l, a) => a);

        var listedSessions = await sessions.OrderBy(s => s.SessionDate).ThenBy(s => s.Id).Take(MaxListed).ToListAsync();
        var counts = await Sessions.ActivityCountsAsync(ctx, [.. listedSessions.Select(s => s.Id)], listedOnly: true);
        var listedActivities = await activities.OrderByDescending(a => a.RewardPulpaAmount).ThenBy(a => a.Id).Take(MaxListed)
            .Select(a => new ListedActivity(a.Id, a.Title, a.Description, a.RewardPulpaAmount, a.Difficulty, a.ActivityType))
            .ToListAsync();
        var stats = new PublicStats(
            await ctx.Db.ProgramEnrollments.CountAsync(e => e.ProgramId == programId),
            await sessions.CountAsync(),
            await activities.CountAsync());

        return new ProgramPage(
            new PublicProgram(program.Id, program.Name, program.Description, program.ProgramType, program.IsActive, program.CreatedAt),
            stats,
            [.. listedSessions.Select(s => new ProgramSession(s.Id, s.Title, s.Description, s.SessionDate, counts.GetValueOrDefault(s.Id)))],
            listedActivities);
    }

    /// <summary>
    /// The caller's dashboard in a program (signedIn): their enrollment, their application to the program (the
    /// latest, if any), the program, their card and status, and their numbers scoped to the program (fix A7).
    /// <c>NOT_FOUND</c> when the program does not exist or the caller is not enrolled in it.
    /// </summary>
    [Query]
    public static async Task<Dashboard> MyDashboard(QueryContext ctx, Guid programId)
    {
        var me = await Require.SignedInAsync(ctx);
        var program = await ctx.Db.Programs.SingleOrDefaultAsync(p => p.Id == programId) ?? throw ProgramNotFound();
        var enrollment = await ctx.Db.ProgramEnrollments.SingleOrDefaultAsync(e => e.ProgramId == programId && e.UserId == me.Id)
                         ?? throw AppErrors.NotFound("You are not enrolled in this program.");
        var application = await ctx.Db.Applications.Where(a => a.UserId == me.Id && a.ProgramId == programId)
            .OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Select(a => new DashboardApplication(a.Id, a.Goal, a.Status))
            .FirstOrDefaultAsync();

        return new Dashboard(
            new DashboardEnrollment(enrollment.Id, enrollment.Status, enrollment.EnrolledAt, enrollment.PromotedAt),
            application,
            new ActiveProgram(program.Id, program.Name, program.Description, program.ProgramType, program.StartDate, program.EndDate),
            new DashboardUser(me.Id, me.Username, me.DisplayName, me.AvatarUrl, me.AccountStatus),
            await ScopedStatsAsync(ctx, me.Id, programId));
    }

    // ---------------------------------------------------------------- admin queries

    /// <summary>Programs by name (admin), inactive ones too unless <c>includeInactive: false</c>; at most <c>limit</c> (1..200, default 200).</summary>
    [Query]
    public static async Task<ProgramList> AdminList(QueryContext ctx, bool includeInactive = true, [Range(1, 200)] int limit = 200)
    {
        await Require.AdminAsync(ctx);
        var programs = ctx.Db.Programs.AsQueryable();
        if (!includeInactive)
        {
            programs = programs.Where(p => p.IsActive);
        }

        return new ProgramList(await programs.OrderBy(p => p.Name).ThenBy(p => p.Id).Take(limit).ToListAsync());
    }

    /// <summary>
    /// One program with its numbers (admin): enrollments by status, sessions before and from now, activities
    /// linked directly, through its sessions, and both counted once (<c>totalActivities</c>, distinct), and the
    /// completion rate (completed / all enrollments, percent, rounded). <c>NOT_FOUND</c> when there is none.
    /// </summary>
    [Query]
    public static async Task<AdminProgram> AdminGet(QueryContext ctx, Guid programId)
    {
        await Require.AdminAsync(ctx);
        var p = await ctx.Db.Programs.SingleOrDefaultAsync(p => p.Id == programId) ?? throw ProgramNotFound();
        var byStatus = await ctx.Db.ProgramEnrollments.Where(e => e.ProgramId == programId)
            .GroupBy(e => e.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        int Enrollments(EnrollmentStatus status) => byStatus.Where(g => g.Key == status).Sum(g => g.Count);
        var total = byStatus.Sum(g => g.Count);

        var now = ctx.Now;
        var sessions = ctx.Db.Sessions.Where(s => s.ProgramId == programId);
        var totalSessions = await sessions.CountAsync();
        var completedSessions = await sessions.CountAsync(s => s.SessionDate < now);

        var direct = DirectActivityIds(ctx, programId);
        var transitive = ViaSessionActivityIds(ctx, programId);
        var directCount = await direct.CountAsync();
        var transitiveCount = await transitive.Distinct().CountAsync();
        var totalActivities = await direct.Union(transitive).CountAsync();

        var completed = Enrollments(EnrollmentStatus.Completed);
        var stats = new AdminStats(total, Enrollments(EnrollmentStatus.Enrolled), completed, Enrollments(EnrollmentStatus.Dropped),
            totalSessions, completedSessions, totalSessions - completedSessions, totalActivities, directCount, transitiveCount,
            total == 0 ? 0 : (int)Math.Round(completed * 100.0 / total, MidpointRounding.AwayFromZero));
        return new AdminProgram(new ProgramWithStats(p.Id, p.CreatedAt, p.Name, p.Description, p.ProgramType, p.StartDate, p.EndDate,
            p.IsActive, p.MaxEnrollments, p.CreatedAt, p.UpdatedAt, p.Metadata, stats));
    }

    /// <summary>
    /// A program's activity links by order index (unordered ones last), each with its activity, soft-deleted ones
    /// included (admin); at most <see cref="MaxLinks"/>. <c>NOT_FOUND</c> when there is no such program.
    /// </summary>
    [Query]
    public static async Task<ProgramLinks> ListActivities(QueryContext ctx, Guid programId)
    {
        await Require.AdminAsync(ctx);
        await ProgramAsync(ctx, programId);
        var links = await ctx.Db.ProgramActivities.Where(l => l.ProgramId == programId)
            .Join(ctx.Db.Activities.IgnoreQueryFilters(), l => l.ActivityId, a => a.Id, (l, a) => new { l, a })
            .OrderBy(x => x.l.OrderIndex == null).ThenBy(x => x.l.OrderIndex).ThenBy(x => x.l.CreatedAt).ThenBy(x => x.l.Id)
            .Take(MaxLinks)
            .Select(x => new ProgramLink(x.l.Id, x.l.ActivityId, x.l.IsRequired, x.l.OrderIndex,
                new LinkedActivity(x.a.Id, x.a.Title, x.a.Description, x.a.ActivityType, x.a.Status, x.a.DeletedAt)))
            .ToListAsync();
        return new ProgramLinks(links);
    }

    // ---------------------------------------------------------------- mutations

    /// <summary>
    /// Creates a program (admin) and returns <c>{program}</c>. <c>INVALID_ARGUMENT</c> (all at once): a name outside
    /// 1..100, a description empty or over <see cref="MaxDescription"/>, a cohort without both dates (on
    /// <c>programType</c>), an end not after the start (on <c>endDate</c>), a capacity below 1. No <c>slug</c> (C22).
    /// </summary>
    [Mutation]
    public static async Task<ProgramResult> Create(MutationContext ctx, CreateArgs args)
    {
        await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        var now = Instant(ctx.Now);
        var program = new TrainingProgram
        {
            Name = CheckName(errors, args.Name),
            Description = CheckDescription(errors, args.Description),
            ProgramType = args.ProgramType,
            StartDate = args.StartDate is { } start ? Instant(start) : null,
            EndDate = args.EndDate is { } end ? Instant(end) : null,
            IsActive = args.IsActive,
            MaxEnrollments = CheckCapacity(errors, args.MaxEnrollments),
            CreatedAt = now,
            UpdatedAt = now,
        };
        CheckDates(errors, program, checkCohort: true);
        errors.ThrowIfAny();
        ctx.Db.Programs.Add(program);
        return new ProgramResult(program);
    }

    /// <summary>
    /// Changes the given fields of a program (admin) and returns <c>{program}</c>; <c>updatedAt</c> is always set.
    /// Refuses what <see cref="Create"/> refuses, judged on the program as it would be (the cohort rule only when the
    /// type or a date is given, so legacy cohorts without dates can still be renamed). <c>NOT_FOUND</c> for no such
    /// program.
    /// </summary>
    [Mutation]
    public static async Task<ProgramResult> Update(MutationContext ctx, UpdateArgs args)
    {
        await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        var name = args.Name.HasValue ? CheckName(errors, args.Name.Value) : null;
        var description = args.Description.HasValue ? CheckDescription(errors, args.Description.Value) : null;
        var capacity = args.MaxEnrollments.HasValue ? CheckCapacity(errors, args.MaxEnrollments.Value) : null;
        var program = await ctx.Db.Programs.SingleOrDefaultAsync(p => p.Id == args.ProgramId);
        if (program is null)
        {
            errors.ThrowIfAny();
            throw ProgramNotFound();
        }

        program.Name = name ?? program.Name;
        program.Description = description ?? program.Description;
        program.ProgramType = args.ProgramType.Or(program.ProgramType);
        program.StartDate = args.StartDate.HasValue ? (args.StartDate.Value is { } start ? Instant(start) : null) : program.StartDate;
        program.EndDate = args.EndDate.HasValue ? (args.EndDate.Value is { } end ? Instant(end) : null) : program.EndDate;
        program.IsActive = args.IsActive.Or(program.IsActive);
        program.MaxEnrollments = args.MaxEnrollments.HasValue ? capacity : program.MaxEnrollments;
        CheckDates(errors, program, checkCohort: args.ProgramType.HasValue || args.StartDate.HasValue || args.EndDate.HasValue);
        errors.ThrowIfAny();
        program.UpdatedAt = Instant(ctx.Now);
        return new ProgramResult(program);
    }

    /// <summary>Archives a program (admin): <c>isActive</c> false, <c>updatedAt</c> set; <c>{program}</c>. <c>NOT_FOUND</c> for no such program.</summary>
    [Mutation]
    public static async Task<ProgramResult> Archive(MutationContext ctx, Guid programId)
    {
        await Require.AdminAsync(ctx);
        var program = await ProgramAsync(ctx, programId);
        program.IsActive = false;
        program.UpdatedAt = Instant(ctx.Now);
        return new ProgramResult(program);
    }

    /// <summary>
    /// Links an activity to a program (admin): <c>{link}</c>. <c>NOT_FOUND</c> for a missing program or a missing or
    /// soft-deleted activity (fix C23); <c>CONFLICT ALREADY_LINKED</c> when the link exists; <c>INVALID_ARGUMENT</c>
    /// for a negative <c>orderIndex</c>.
    /// </summary>
    [Mutation]
    public static async Task<LinkResult> LinkActivity(MutationContext ctx, Guid programId, Guid activityId, bool isRequired = false,
        int? orderIndex = null)
    {
        await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        CheckOrderIndex(errors, orderIndex);
        errors.ThrowIfAny();
        await ProgramAsync(ctx, programId);
        await LiveActivityAsync(ctx, activityId);
        if (await ctx.Db.ProgramActivities.AnyAsync(l => l.ProgramId == programId && l.ActivityId == activityId))
        {
            throw AppErrors.Conflict(Reasons.AlreadyLinked, "The activity is linked to this program already.");
        }

        var link = new ProgramActivity
        {
            ProgramId = programId, ActivityId = activityId, IsRequired = isRequired, OrderIndex = orderIndex, CreatedAt = Instant(ctx.Now),
        };
        ctx.Db.ProgramActivities.Add(link);
        return new LinkResult(link);
    }

    /// <summary>
    /// Changes a link's <c>isRequired</c> and <c>orderIndex</c> (null clears it) (admin): <c>{link}</c>. <c>NOT_FOUND</c>
    /// when the program has no link to that activity; <c>INVALID_ARGUMENT</c> for a negative <c>orderIndex</c>.
    /// </summary>
    [Mutation]
    public static async Task<LinkResult> UpdateActivityLink(MutationContext ctx, UpdateActivityLinkArgs args)
    {
        await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        CheckOrderIndex(errors, args.OrderIndex.Or(null));
        errors.ThrowIfAny();
        var link = await LinkAsync(ctx, args.ProgramId, args.ActivityId);
        link.IsRequired = args.IsRequired.Or(link.IsRequired);
        link.OrderIndex = args.OrderIndex.Or(link.OrderIndex);
        return new LinkResult(link);
    }

    /// <summary>Removes a program's link to an activity (admin): <c>{link}</c> as it was. <c>NOT_FOUND</c> when there is no such link.</summary>
    [Mutation]
    public static async Task<LinkResult> UnlinkActivity(MutationContext ctx, Guid programId, Guid activityId)
    {
        await Require.AdminAsync(ctx);
        var link = await LinkAsync(ctx, programId, activityId);
        ctx.Db.ProgramActivities.Remove(link);
        return new LinkResult(link);
    }

    // ---------------------------------------------------------------- shared with enrollments and sessions

    /// <summary>
    /// A user's numbers in one program: attendance at its sessions (all rows, and <c>present</c> ones), submissions
    /// to the activities linked to it directly or through its sessions (all, approved or distributed, pending), and
    /// the mean <c>metadata.score</c> of those approved submissions (0 when none has a score).
    /// </summary>
    internal static async Task<ScopedStats> ScopedStatsAsync(QueryContext ctx, Guid userId, Guid programId)
    {
        var attendance = await ctx.Db.Attendance
            .Where(a => a.UserId == userId && ctx.Db.Sessions.Any(s => s.Id == a.SessionId && s.ProgramId == programId))
            .GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();

        var direct = DirectActivityIds(ctx, programId);
        var transitive = ViaSessionActivityIds(ctx, programId);
        var submissions = ctx.Db.ActivitySubmissions
            .Where(s => s.UserId == userId && (direct.Contains(s.ActivityId) || transitive.Contains(s.ActivityId)));
        var byStatus = await submissions.GroupBy(s => s.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        // A member's approved submissions in one program: bounded by its activities; capped all the same.
        var approvedMetadata = await submissions.Where(s => s.Status == SubmissionStatus.Approved || s.Status == SubmissionStatus.Distributed)
            .OrderBy(s => s.Id).Take(1000).Select(s => s.Metadata).ToListAsync();
        var scores = approvedMetadata.Select(ScoreOf).OfType<double>().ToList();

        int Submissions(Func<SubmissionStatus, bool> which) => byStatus.Where(g => which(g.Key)).Sum(g => g.Count);
        return new ScopedStats(
            new AttendanceStats(attendance.Sum(g => g.Count), attendance.Where(g => g.Key == AttendanceStatus.Present).Sum(g => g.Count)),
            new SubmissionStats(Submissions(_ => true), Submissions(s => s is SubmissionStatus.Approved or SubmissionStatus.Distributed),
                Submissions(s => s == SubmissionStatus.Pending)),
            scores.Count == 0 ? 0 : Math.Round(scores.Average(), 2));
    }

    /// <summary>The program, or <c>NOT_FOUND</c>.</summary>
    internal static async Task<TrainingProgram> ProgramAsync(QueryContext ctx, Guid programId) =>
        await ctx.Db.Programs.SingleOrDefaultAsync(p => p.Id == programId) ?? throw ProgramNotFound();

    /// <summary>An activity that is not soft-deleted, or <c>NOT_FOUND</c> (links never point at deleted activities, C23).</summary>
    internal static async Task<Activity> LiveActivityAsync(QueryContext ctx, Guid activityId) =>
        await ctx.Db.Activities.SingleOrDefaultAsync(a => a.Id == activityId) ?? throw AppErrors.NotFound("No such activity.");

    /// <summary>Activities the public may see on program and session pages: not soft-deleted, not draft, not cancelled.</summary>
    internal static IQueryable<Activity> ListedActivities(QueryContext ctx) =>
        ctx.Db.Activities.Where(a => a.Status != ActivityStatus.Draft && a.Status != ActivityStatus.Cancelled);

    internal static ConvexError ProgramNotFound() => AppErrors.NotFound("No such program.");

    internal static void CheckOrderIndex(FieldErrors errors, int? orderIndex)
    {
        if (orderIndex is < 0)
        {
            errors.Add("orderIndex", "must be 0 or more");
        }
    }
}
