using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;
using Poktapok.Engine.Functions;
using static Poktapok.App.Functions.Users;

namespace Poktapok.App.Functions;

/// <summary>
/// PULPA activities (FUNCTIONS.md §3.5): the public list and detail of open activities, the admins' list, counts
/// and edits, and the hourly job that closes expired ones (§5). Public functions never show <c>draft</c> or
/// <c>cancelled</c> activities, nor deleted ones (S8). <c>currentSubmissionsCount</c> is maintained by the
/// submission mutations (<see cref="SubmissionLifecycle"/>), never set here.
/// </summary>
public static partial class Activities
{
    /// <summary>The largest page the paginated lists serve; a larger <c>numItems</c> is served as this many.</summary>
    public const int MaxPageSize = 100;

    /// <summary>How many activities <see cref="CloseExpired"/> completes in one transaction.</summary>
    public const int CloseBatchSize = 500;

    // ---------------------------------------------------------------- argument and result types

    /// <summary>The statuses the public list shows (drafts and cancelled activities are never public).</summary>
    public enum PublicStatus
    {
        /// <summary>Open for submissions.</summary>
        Active,

        /// <summary>Temporarily closed.</summary>
        Paused,

        /// <summary>Over.</summary>
        Completed,
    }

    /// <summary>The arguments of <see cref="List"/>.</summary>
    public sealed record ListArgs(
        PaginationOptions PaginationOpts,
        ActivityType? Type = null,
        string? Category = null,
        Difficulty? Difficulty = null,
        PublicStatus Status = PublicStatus.Active,
        string? Search = null);

    /// <summary>The arguments of <see cref="AdminList"/>: every status when <c>status</c> is absent (C12).</summary>
    public sealed record AdminListArgs(
        PaginationOptions PaginationOpts,
        ActivityStatus? Status = null,
        ActivityType? Type = null,
        string? Category = null,
        Difficulty? Difficulty = null,
        string? Search = null,
        bool IncludeDeleted = false);

    /// <summary>The arguments of <see cref="Create"/>: the activity fields of §3.5.</summary>
    public sealed record CreateArgs(
        string Title,
        string Description,
        ActivityType ActivityType,
        Difficulty Difficulty,
        string RewardPulpaAmount,
        EvidenceRequirements EvidenceRequirements,
        string? Instructions = null,
        string? Category = null,
        VerificationType VerificationType = VerificationType.Manual,
        int? MaxSubmissionsPerUser = null,
        int? TotalAvailableSlots = null,
        DateTimeOffset? StartsAt = null,
        DateTimeOffset? ExpiresAt = null,
        ActivityStatus Status = ActivityStatus.Draft);

    /// <summary>
    /// The arguments of <see cref="Update"/>: a true partial update (absent = unchanged, C7); null clears a
    /// nullable field (instructions, category, limits, dates).
    /// </summary>
    public sealed record UpdateArgs(
        Guid ActivityId,
        Optional<string> Title = default,
        Optional<string> Description = default,
        Optional<string?> Instructions = default,
        Optional<ActivityType> ActivityType = default,
        Optional<string?> Category = default,
        Optional<Difficulty> Difficulty = default,
        Optional<string> RewardPulpaAmount = default,
        Optional<EvidenceRequirements> EvidenceRequirements = default,
        Optional<VerificationType> VerificationType = default,
        Optional<int?> MaxSubmissionsPerUser = default,
        Optional<int?> TotalAvailableSlots = default,
        Optional<DateTimeOffset?> StartsAt = default,
        Optional<DateTimeOffset?> ExpiresAt = default,
        Optional<ActivityStatus> Status = default);

    /// <summary>
    /// The result of <see cref="Get"/>: the activity and, for a signed-in caller in good standing, whether they
    /// have a live submission (<see cref="SubmissionLifecycle.IsLive"/>) and how many (what the per-user limit
    /// counts); <c>slotsLeft</c> is null for unlimited slots.
    /// </summary>
    public sealed record ActivityDetail(Activity Activity, bool UserHasSubmitted, int MySubmissionCount, int? SlotsLeft);

    /// <summary>The result of <see cref="AdminStats"/>: deleted activities are not counted.</summary>
    public sealed record ActivityStats(int Total, int Draft, int Active, int Paused, int Completed, int Cancelled);

    /// <summary>The result of <see cref="Remove"/>.</summary>
    public sealed record RemoveResult(Guid ActivityId);

    /// <summary>The result of <see cref="CloseExpired"/>: how many activities were completed, and whether more are due.</summary>
    public sealed record CloseResult(int Closed, bool More);

    // ---------------------------------------------------------------- public queries

    /// <summary>
    /// Open activities, a page at a time (public), newest first: <c>active</c> unless <c>status</c> asks for
    /// <c>paused</c> or <c>completed</c> (never drafts or cancelled ones, S8), by type, category (exact, ≤ 100),
    /// difficulty, and <c>search</c> (2..100 characters, in the title, ignoring case). Refuses a bad category or
    /// search with <c>INVALID_ARGUMENT</c>. Does not read the caller.
    /// </summary>
    [Query]
    public static Task<PaginationResult<Activity>> List(QueryContext ctx, ListArgs args)
    {
        var (category, search) = CheckFilters(args.Category, args.Search);
        var status = args.Status switch
        {
            PublicStatus.Paused => ActivityStatus.Paused,
            PublicStatus.Completed => ActivityStatus.Completed,
            _ => ActivityStatus.Active,
        };
        var activities = Filtered(ctx.Db.Activities.Where(a => a.Status == status), args.Type, category, args.Difficulty, search);
        return activities.PaginateAsync(ctx, Capped(args.PaginationOpts), a => a.CreatedAt, descending: true);
    }

    /// <summary>
    /// One activity (public*), with the caller's submission state and the slots left. A draft, cancelled or
    /// deleted activity is <c>NOT_FOUND</c> for everyone (S8; admins use <see cref="AdminList"/>). Anonymous callers,
    /// and suspended, banned or closed accounts, get <c>userHasSubmitted: false, mySubmissionCount: 0</c>.
    /// </summary>
    [Query]
    public static async Task<ActivityDetail> Get(QueryContext ctx, Guid activityId)
    {
        var activity = await ctx.Db.Activities.SingleOrDefaultAsync(a => a.Id == activityId);
        if (activity is null || activity.Status is ActivityStatus.Draft or ActivityStatus.Cancelled)
        {
            throw ActivityNotFound();
        }

        var viewer = await Require.ViewerOrNullAsync(ctx);
        var live = SubmissionLifecycle.LiveStatuses;
        var mine = viewer is null
            ? 0
            : await ctx.Db.ActivitySubmissions.CountAsync(s => s.ActivityId == activityId && s.UserId == viewer.Id && live.Contains(s.Status));
        int? slotsLeft = activity.TotalAvailableSlots is { } slots
            ? Math.Max(0, slots - await ctx.Db.ActivitySubmissions.CountAsync(s => s.ActivityId == activityId && live.Contains(s.Status)))
            : null;
        return new ActivityDetail(activity, mine > 0, mine, slotsLeft);
    }

    // ---------------------------------------------------------------- admin queries

    /// <summary>
    /// All activities, a page at a time (admin), newest first: every status unless <c>status</c> is given (C12), by
    /// type, category, difficulty and title search as <see cref="List"/>; deleted ones only with
    /// <c>includeDeleted: true</c>.
    /// </summary>
    [Query]
    public static async Task<PaginationResult<Activity>> AdminList(QueryContext ctx, AdminListArgs args)
    {
        await Require.AdminAsync(ctx);
        var (category, search) = CheckFilters(args.Category, args.Search);
        var activities = args.IncludeDeleted ? ctx.Db.Activities.IgnoreQueryFilters() : ctx.Db.Activities;
        if (args.Status is { } status)
        {
            activities = activities.Where(a => a.Status == status);
        }

        activities = Filtered(activities, args.Type, category, args.Difficulty, search);
        return await activities.PaginateAsync(ctx, Capped(args.PaginationOpts), a => a.CreatedAt, descending: true);
    }

    /// <summary>How many activities there are in each status, and in all (admin; deleted ones not counted; C12, P4).</summary>
    [Query]
    public static async Task<ActivityStats> AdminStats(QueryContext ctx)
    {
        await Require.AdminAsync(ctx);
        var counts = await ctx.Db.Activities.GroupBy(a => a.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync();
        int Count(ActivityStatus status) => counts.Where(c => c.Status == status).Sum(c => c.Count);
        return new ActivityStats(counts.Sum(c => c.Count), Count(ActivityStatus.Draft), Count(ActivityStatus.Active),
            Count(ActivityStatus.Paused), Count(ActivityStatus.Completed), Count(ActivityStatus.Cancelled));
    }

    // ---------------------------------------------------------------- mutations

    /// <summary>
    /// Creates an activity (admin, signed in: the activity records its creator, so the operator must act as an
    /// admin user, else <c>FORBIDDEN ADMIN_REQUIRED</c>). Refuses with <c>INVALID_ARGUMENT</c> (every broken field at
    /// once) a title outside 5..200, a description outside 20..2000, instructions over 5000, a category over 100, a
    /// reward that is not a <c>dec</c> above 0, limits below 1, and an <c>expiresAt</c> not after <c>startsAt</c>.
    /// Defaults: <c>manual</c> verification, unlimited submissions and slots, no dates, <c>draft</c>.
    /// </summary>
    [Mutation]
    public static async Task<Activity> Create(MutationContext ctx, CreateArgs args)
    {
        var admin = await AdminUserAsync(ctx, "An activity");
        var errors = new FieldErrors();
        var now = Instant(ctx.Now);
        var created = new Activity
        {
            Title = CheckLength(errors, "title", args.Title, 5, 200),
            Description = CheckLength(errors, "description", args.Description, 20, 2000),
            Instructions = errors.OptionalText("instructions", args.Instructions, 5000),
            ActivityType = args.ActivityType,
            Category = errors.OptionalText("category", args.Category, 100),
            Difficulty = args.Difficulty,
            RewardPulpaAmount = CheckReward(errors, args.RewardPulpaAmount),
            EvidenceRequirements = args.EvidenceRequirements,
            VerificationType = args.VerificationType,
            MaxSubmissionsPerUser = CheckAtLeastOne(errors, "maxSubmissionsPerUser", args.MaxSubmissionsPerUser),
            TotalAvailableSlots = CheckAtLeastOne(errors, "totalAvailableSlots", args.TotalAvailableSlots),
            StartsAt = args.StartsAt is { } starts ? Instant(starts) : null,
            ExpiresAt = args.ExpiresAt is { } expires ? Instant(expires) : null,
            Status = args.Status,
            CreatedByUserId = admin.Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
        CheckDates(errors, created);
        errors.ThrowIfAny();
        ctx.Db.Activities.Add(created);
        return created;
    }

    /// <summary>
    /// Changes the given fields of an activity (admin): a true partial update (omitted fields are kept, C7; null
    /// clears instructions, category, the limits and the dates). Refuses what <see cref="Create"/> refuses, judged on
    /// the activity as it would be (<c>expiresAt</c> after <c>startsAt</c>), before <c>NOT_FOUND</c> for a missing
    /// or deleted activity. Lowering the slots below the live submissions is allowed: it only stops new ones.
    /// </summary>
    [Mutation]
    public static async Task<Activity> Update(MutationContext ctx, UpdateArgs args)
    {
        await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        var title = args.Title.HasValue ? CheckLength(errors, "title", args.Title.Value, 5, 200) : null;
        var description = args.Description.HasValue ? CheckLength(errors, "description", args.Description.Value, 20, 2000) : null;
        var instructions = args.Instructions.HasValue ? errors.OptionalText("instructions", args.Instructions.Value, 5000) : null;
        var category = args.Category.HasValue ? errors.OptionalText("category", args.Category.Value, 100) : null;
        var reward = args.RewardPulpaAmount.HasValue ? CheckReward(errors, args.RewardPulpaAmount.Value) : 0m;
        var maxPerUser = args.MaxSubmissionsPerUser.HasValue ? CheckAtLeastOne(errors, "maxSubmissionsPerUser", args.MaxSubmissionsPerUser.Value) : null;
        var slots = args.TotalAvailableSlots.HasValue ? CheckAtLeastOne(errors, "totalAvailableSlots", args.TotalAvailableSlots.Value) : null;
        var target = await ctx.Db.Activities.SingleOrDefaultAsync(a => a.Id == args.ActivityId);
        if (target is null)
        {
            errors.ThrowIfAny();
            throw ActivityNotFound();
        }

        target.Title = title ?? target.Title;
        target.Description = description ?? target.Description;
        target.Instructions = args.Instructions.HasValue ? instructions : target.Instructions;
        target.ActivityType = args.ActivityType.Or(target.ActivityType);
        target.Category = args.Category.HasValue ? category : target.Category;
        target.Difficulty = args.Difficulty.Or(target.Difficulty);
        target.RewardPulpaAmount = args.RewardPulpaAmount.HasValue ? reward : target.RewardPulpaAmount;
        target.EvidenceRequirements = args.EvidenceRequirements.Or(target.EvidenceRequirements);
        target.VerificationType = args.VerificationType.Or(target.VerificationType);
        target.MaxSubmissionsPerUser = args.MaxSubmissionsPerUser.HasValue ? maxPerUser : target.MaxSubmissionsPerUser;
        target.TotalAvailableSlots = args.TotalAvailableSlots.HasValue ? slots : target.TotalAvailableSlots;
        target.StartsAt = args.StartsAt.HasValue ? (args.StartsAt.Value is { } starts ? Instant(starts) : null) : target.StartsAt;
        target.ExpiresAt = args.ExpiresAt.HasValue ? (args.ExpiresAt.Value is { } expires ? Instant(expires) : null) : target.ExpiresAt;
        target.Status = args.Status.Or(target.Status);
        CheckDates(errors, target);
        errors.ThrowIfAny();
        target.UpdatedAt = Instant(ctx.Now);
        return target;
    }

    /// <summary>
    /// Deletes an activity softly (admin): <c>deletedAt</c> is set, so it leaves every list and refuses submissions;
    /// its submissions stay. <c>NOT_FOUND</c> for a missing or already deleted activity.
    /// </summary>
    [Mutation]
    public static async Task<RemoveResult> Remove(MutationContext ctx, Guid activityId)
    {
        await Require.AdminAsync(ctx);
        var target = await ctx.Db.Activities.SingleOrDefaultAsync(a => a.Id == activityId) ?? throw ActivityNotFound();
        var now = Instant(ctx.Now);
        target.DeletedAt = now;
        target.UpdatedAt = now;
        return new RemoveResult(activityId);
    }

    /// <summary>
    /// Completes the <c>active</c> activities whose <c>expiresAt</c> is at or before the transaction's time
    /// (internal: the hourly cron of §5, the dashboard, the CLI). At most <see cref="CloseBatchSize"/> per call,
    /// soonest expiry first; when more are due, the next batch is scheduled at once. Submissions already refuse
    /// expired activities; this keeps the stored status, which lists filter on, true.
    /// </summary>
    [InternalMutation]
    public static async Task<CloseResult> CloseExpired(MutationContext ctx)
    {
        var now = Instant(ctx.Now);
        var due = await ctx.Db.Activities
            .Where(a => a.Status == ActivityStatus.Active && a.ExpiresAt != null && a.ExpiresAt <= now)
            .OrderBy(a => a.ExpiresAt).ThenBy(a => a.Id)
            .Take(CloseBatchSize + 1)
            .ToListAsync();
        foreach (var activity in due.Take(CloseBatchSize))
        {
            activity.Status = ActivityStatus.Completed;
            activity.UpdatedAt = now;
        }

        var more = due.Count > CloseBatchSize;
        if (more)
        {
            ctx.Scheduler.RunAfter(TimeSpan.Zero, CloseExpired);
        }

        return new CloseResult(Math.Min(due.Count, CloseBatchSize), more);
    }

    // ---------------------------------------------------------------- rules and helpers

    internal static ConvexError ActivityNotFound() => AppErrors.NotFound("No such activity.");

    /// <summary>
    /// The admin level for writes that record who made them in a non-null column (an activity's creator, a
    /// distribution's distributor): the operator has no users row, so it must act as an admin user.
    /// </summary>
    internal static async Task<User> AdminUserAsync(MutationContext ctx, string what)
    {
        var staff = await Require.AdminAsync(ctx);
        return staff.User ?? throw AppErrors.Forbidden(Reasons.AdminRequired,
            $"{what} records the admin who made it; the operator must act as an admin user.");
    }

    // Serves more than MaxPageSize as MaxPageSize (FUNCTIONS.md §1: numItems is capped, not refused).
    internal static PaginationOptions Capped(PaginationOptions options) =>
        options.NumItems > MaxPageSize ? options with { NumItems = MaxPageSize } : options;

    private static (string? Category, string? Search) CheckFilters(string? category, string? search)
    {
        var errors = new FieldErrors();
        var cleanCategory = errors.OptionalText("category", category, 100);
        var cleanSearch = FieldErrors.Clean(search);
        if (cleanSearch is not null && cleanSearch.Length is < 2 or > 100)
        {
            errors.Add("search", "must be 2 to 100 characters");
        }

        errors.ThrowIfAny();
        return (cleanCategory, cleanSearch?.ToLowerInvariant());
    }

    // Filters served by the indexes on activity_type, category and status; the title search scans what they leave.
    private static IQueryable<Activity> Filtered(IQueryable<Activity> activities, ActivityType? type, string? category, Difficulty? difficulty,
        string? search)
    {
        if (type is { } t)
        {
            activities = activities.Where(a => a.ActivityType == t);
        }

        if (category is not null)
        {
            activities = activities.Where(a => a.Category == category);
        }

        if (difficulty is { } d)
        {
            activities = activities.Where(a => a.Difficulty == d);
        }

        if (search is not null)
        {
            activities = activities.Where(a => a.Title.ToLower().Contains(search));
        }

        return activities;
    }

    private static string CheckLength(FieldErrors errors, string field, string value, int min, int max)
    {
        var text = value.Trim();
        if (text.Length < min || text.Length > max)
        {
            errors.Add(field, $"must be {min} to {max} characters");
        }

        return text;
    }

    internal static decimal CheckReward(FieldErrors errors, string value, string field = "rewardPulpaAmount")
    {
        if (!PulpaAmount.TryParsePositive(value, out var amount))
        {
            errors.Add(field, $"must be {PulpaAmount.Format}, greater than 0");
            return 1m; // a placeholder: the errors are thrown before anything is saved
        }

        return amount;
    }

    private static int? CheckAtLeastOne(FieldErrors errors, string field, int? value)
    {
        if (value is < 1)
        {
            errors.Add(field, "must be at least 1, or null for no limit");
        }

        return value;
    }

    private static void CheckDates(FieldErrors errors, Activity activity)
    {
        if (activity.StartsAt is { } starts && activity.ExpiresAt is { } expires && expires <= starts)
        {
            errors.Add("expiresAt", "must be after startsAt");
        }
    }
}
