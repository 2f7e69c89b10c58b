using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;

namespace Poktapok.App.Functions;

/// <summary>
/// Club-wide numbers (FUNCTIONS.md §3.16 <c>stats:*</c>): a public summary and the staff dashboard's counts.
/// How they are counted: one grouped <c>COUNT</c> statement per table, each answered from an index on the
/// columns it filters and groups by (users <c>(account_status, role, deleted_at)</c>, projects
/// <c>(project_status, deleted_at)</c>, the status indexes of applications, submissions, activities and events,
/// luma runs by <c>started_at</c>), never one statement per row and never a row-by-row read of a table. No maintained
/// counter table: the counts are cheap index scans, cannot drift, and every module's writes stay free of stats
/// bookkeeping. Both are live queries: a commit to a counted table re-runs them, and subscribers share one run
/// (neither depends on who asks, beyond the access check).
/// </summary>
public static partial class Stats
{
    /// <summary>The result of <see cref="Public"/>.</summary>
    /// <param name="Members">Active, open accounts.</param>
    /// <param name="Projects">Projects that are not drafts and not deleted.</param>
    /// <param name="UpcomingEvents">Published events whose stored status is <c>upcoming</c>.</param>
    /// <param name="ActiveActivities">Activities with status <c>active</c>, not deleted.</param>
    /// <param name="Programs">Active programs.</param>
    public sealed record PublicStats(int Members, int Projects, int UpcomingEvents, int ActiveActivities, int Programs);

    /// <summary>The result of <see cref="Admin"/>.</summary>
    public sealed record AdminStats(
        UserStats Users,
        ApplicationStats Applications,
        SubmissionStats Submissions,
        ActivityStats Activities,
        EventStats Events,
        LumaStats Luma);

    /// <summary>Open accounts by status and by role, and how many accounts are closed.</summary>
    public sealed record UserStats(UsersByStatus ByStatus, UsersByRole ByRole, int Closed);

    /// <summary>Open accounts by status.</summary>
    public sealed record UsersByStatus(int Incomplete, int Pending, int Active, int Suspended, int Banned);

    /// <summary>Open accounts by role.</summary>
    public sealed record UsersByRole(int Member, int Moderator, int Admin);

    /// <summary>Applications waiting for review.</summary>
    public sealed record ApplicationStats(int Pending);

    /// <summary>Submissions waiting for review.</summary>
    public sealed record SubmissionStats(int Pending, int UnderReview);

    /// <summary>Activities (not deleted) by status.</summary>
    public sealed record ActivityStats(ActivitiesByStatus ByStatus);

    /// <summary>Activities by status.</summary>
    public sealed record ActivitiesByStatus(int Draft, int Active, int Paused, int Completed, int Cancelled);

    /// <summary>Published events upcoming and live, and how many events are unpublished.</summary>
    public sealed record EventStats(int Upcoming, int Live, int Unpublished);

    /// <summary>The latest Luma sync run (null before the first).</summary>
    public sealed record LumaStats(LumaSyncRun? LastRun);

    /// <summary>The public summary (public): members, projects, upcoming events, active activities and programs.</summary>
    [Query]
    public static async Task<PublicStats> Public(QueryContext ctx) =>
        new(
            await ctx.Db.Users.CountAsync(u => u.AccountStatus == AccountStatus.Active),
            await ctx.Db.Projects.CountAsync(p => p.ProjectStatus != ProjectStatus.Draft),
            await ctx.Db.Events.CountAsync(e => e.Status == EventStatus.Upcoming && e.IsPublished),
            await ctx.Db.Activities.CountAsync(a => a.Status == ActivityStatus.Active),
            await ctx.Db.Programs.CountAsync(p => p.IsActive));

    /// <summary>
    /// The staff dashboard's counts (moderator): accounts by status and role (closed ones apart), applications and
    /// submissions waiting for review, activities by status, upcoming/live/unpublished events, the last Luma run.
    /// </summary>
    [Query]
    public static async Task<AdminStats> Admin(QueryContext ctx)
    {
        await Require.ModeratorAsync(ctx);

        var users = await ctx.Db.Users.IgnoreQueryFilters()
            .GroupBy(u => new { u.AccountStatus, u.Role, Closed = u.DeletedAt != null })
            .Select(g => new { g.Key.AccountStatus, g.Key.Role, g.Key.Closed, Count = g.Count() })
            .ToListAsync();
        var open = users.Where(g => !g.Closed).ToList();
        int Status(AccountStatus s) => open.Where(g => g.AccountStatus == s).Sum(g => g.Count);
        int Role(UserRole r) => open.Where(g => g.Role == r).Sum(g => g.Count);

        var pendingApplications = await ctx.Db.Applications.CountAsync(a => a.Status == ApplicationStatus.Pending);

        var submissions = await ctx.Db.ActivitySubmissions
            .Where(s => s.Status == SubmissionStatus.Pending || s.Status == SubmissionStatus.UnderReview)
            .GroupBy(s => s.Status).Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count);

        var activities = await ctx.Db.Activities
            .GroupBy(a => a.Status).Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count);
        int Activity(ActivityStatus s) => activities.GetValueOrDefault(s);

        var events = await ctx.Db.Events
            .GroupBy(e => new { e.IsPublished, e.Status }).Select(g => new { g.Key.IsPublished, g.Key.Status, Count = g.Count() })
            .ToListAsync();
        int Published(EventStatus s) => events.Where(g => g.IsPublished && g.Status == s).Sum(g => g.Count);

        // By start time alone, so the index answers it (runs never start together: one runs at a time).
        var lastRun = await ctx.Db.LumaSyncRuns.OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync();

        return new AdminStats(
            new UserStats(
                new UsersByStatus(Status(AccountStatus.Incomplete), Status(AccountStatus.Pending), Status(AccountStatus.Active),
                    Status(AccountStatus.Suspended), Status(AccountStatus.Banned)),
                new UsersByRole(Role(UserRole.Member), Role(UserRole.Moderator), Role(UserRole.Admin)),
                users.Where(g => g.Closed).Sum(g => g.Count)),
            new ApplicationStats(pendingApplications),
            new SubmissionStats(submissions.GetValueOrDefault(SubmissionStatus.Pending), submissions.GetValueOrDefault(SubmissionStatus.UnderReview)),
            new ActivityStats(new ActivitiesByStatus(Activity(ActivityStatus.Draft), Activity(ActivityStatus.Active), Activity(ActivityStatus.Paused),
                Activity(ActivityStatus.Completed), Activity(ActivityStatus.Cancelled))),
            new EventStats(Published(EventStatus.Upcoming), Published(EventStatus.Live), events.Where(g => !g.IsPublished).Sum(g => g.Count)),
            new LumaStats(lastRun));
    }
}
