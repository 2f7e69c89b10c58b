using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Membership;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;
using static Poktapok.App.Functions.Users;

namespace Poktapok.App.Functions;

/// <summary>
/// User administration (FUNCTIONS.md §3.16 <c>admin:*</c>): listing and viewing accounts and the pending queue
/// (moderators and admins), approving, rejecting and restoring accounts and changing roles (admins), and changing
/// statuses (admins; moderators only suspend and reactivate members). Role and status changes, approvals,
/// rejections and restores are appended to the target's moderation log (<c>metadata.moderationLog</c>:
/// <c>{at, by, action, from, to, reason}</c>), which no function returns.
/// </summary>
public static partial class Admin
{
    /// <summary>The largest page the admin lists serve; a larger <c>numItems</c> is served as this many.</summary>
    public const int MaxPageSize = 100;

    /// <summary>The key of the users' moderation log in users <c>metadata</c>.</summary>
    public const string ModerationLogKey = "moderationLog";

    private const string UnknownActivity = "Unknown Activity";

    // ---------------------------------------------------------------- queries

    /// <summary>
    /// Accounts, a page at a time (moderator): closed accounts excluded; <c>search</c> is a case-insensitive
    /// substring of username, email or display name; filters by role and status; sorted by creation time,
    /// username or total earnings, newest/largest first unless <c>sortOrder: "asc"</c>.
    /// </summary>
    [Query]
    public static async Task<PaginationResult<UserListEntry>> ListUsers(QueryContext ctx, ListUsersArgs args)
    {
        await Require.ModeratorAsync(ctx);
        var errors = new FieldErrors();
        var search = errors.OptionalText("search", args.Search, 100)?.ToLowerInvariant();
        errors.ThrowIfAny();

        var users = ctx.Db.Users.AsQueryable();
        if (search is not null)
        {
            users = users.Where(u => (u.Username != null && u.Username.ToLower().Contains(search))
                                     || (u.Email != null && u.Email.ToLower().Contains(search))
                                     || (u.DisplayName != null && u.DisplayName.ToLower().Contains(search)));
        }

        if (args.Role is { } role)
        {
            users = users.Where(u => u.Role == role);
        }

        if (args.AccountStatus is { } status)
        {
            users = users.Where(u => u.AccountStatus == status);
        }

        var rows = from u in users
                   join p in ctx.Db.Profiles on u.Id equals p.UserId into profiles
                   from p in profiles.DefaultIfEmpty()
                   select new UserRow
                   {
                       Id = u.Id,
                       Username = u.Username,
                       SortName = u.Username ?? "",
                       DisplayName = u.DisplayName,
                       AvatarUrl = u.AvatarUrl,
                       Email = u.Email,
                       Role = u.Role,
                       AccountStatus = u.AccountStatus,
                       CreatedAt = u.CreatedAt,
                       HasProfile = p != null,
                       City = p == null ? null : p.City,
                       Country = p == null ? null : p.Country,
                       LearningTracks = p == null ? null : p.LearningTracks,
                       TotalEarnings = p == null ? 0m : p.TotalPulpaEarned,
                       ActivitiesCompleted = p == null ? 0 : p.ActivitiesCompleted,
                   };
        var options = Capped(args.PaginationOpts);
        var descending = args.SortOrder == SortOrder.Desc;
        var page = args.SortBy switch
        {
            UserSort.Username => await rows.PaginateAsync(ctx, options, r => r.SortName, descending),
            UserSort.TotalEarnings => await rows.PaginateAsync(ctx, options, r => r.TotalEarnings, descending),
            _ => await rows.PaginateAsync(ctx, options, r => r.CreatedAt, descending),
        };

        var ids = page.Page.Select(r => r.Id).ToList();
        var counts = await SubmissionCountsAsync(ctx, ids);
        return page.Map(r =>
        {
            var mine = counts.Where(c => c.UserId == r.Id).ToList();
            var stats = new UserListStats(r.TotalEarnings, mine.Sum(c => c.Count), mine.Where(c => IsApproved(c.Status)).Sum(c => c.Count),
                r.ActivitiesCompleted);
            return new UserListEntry(r.Id, r.Username, r.DisplayName, r.AvatarUrl, r.Email, r.Role, r.AccountStatus, r.CreatedAt, stats,
                r.HasProfile ? new UserListProfile(r.City, r.Country, r.LearningTracks) : null);
        });
    }

    /// <summary>
    /// One account with its profile, submission numbers and five latest submissions (moderator). Closed accounts
    /// are found too (their <c>deletedAt</c> is set), so that staff can restore them; <c>NOT_FOUND</c> otherwise.
    /// </summary>
    [Query]
    public static async Task<UserDetailResult> GetUser(QueryContext ctx, Guid userId)
    {
        await Require.ModeratorAsync(ctx);
        var user = await ctx.Db.Users.IgnoreQueryFilters().SingleOrDefaultAsync(u => u.Id == userId) ?? throw UserNotFound();
        var profile = await ctx.Db.Profiles.SingleOrDefaultAsync(p => p.UserId == userId);
        var counts = await SubmissionCountsAsync(ctx, [userId]);
        int Count(Func<SubmissionStatus, bool> which) => counts.Where(c => which(c.Status)).Sum(c => c.Count);
        var stats = new UserDetailStats(profile?.TotalPulpaEarned ?? 0m, Count(_ => true), Count(IsApproved),
            Count(s => s == SubmissionStatus.Rejected), Count(s => s == SubmissionStatus.Pending), profile?.ActivitiesCompleted ?? 0);

        var recent = await ctx.Db.ActivitySubmissions
            .Where(s => s.UserId == userId)
            .OrderByDescending(s => s.SubmittedAt).ThenByDescending(s => s.Id)
            .Take(5)
            .Select(s => new
            {
                s.Id,
                s.ActivityId,
                Title = ctx.Db.Activities.IgnoreQueryFilters().Where(a => a.Id == s.ActivityId).Select(a => a.Title).FirstOrDefault(),
                s.Status,
                s.SubmittedAt,
                s.RewardPulpaAmount,
            })
            .ToListAsync();

        return new UserDetailResult(new UserDetail(user.Id, user.CreatedAt, user.Email, user.Username, user.DisplayName, user.Bio,
            user.AvatarUrl, user.Role, user.AccountStatus, user.PrimaryAuthMethod, user.AppWallet, user.ExtWallet, user.CreatedAt,
            user.LastLoginAt, user.UpdatedAt, user.DeletedAt, profile, stats,
            [.. recent.Select(s => new RecentSubmission(s.Id, s.ActivityId, s.Title ?? UnknownActivity, s.Status, s.SubmittedAt, s.RewardPulpaAmount))]));
    }

    /// <summary>
    /// Accounts waiting for review (<c>pending</c>, not closed), oldest first, with their profile and application
    /// (moderator).
    /// </summary>
    [Query]
    public static async Task<PaginationResult<PendingUser>> ListPendingUsers(QueryContext ctx, PaginationOptions paginationOpts)
    {
        await Require.ModeratorAsync(ctx);
        var page = await ctx.Db.Users.Where(u => u.AccountStatus == AccountStatus.Pending)
            .PaginateAsync(ctx, Capped(paginationOpts), u => u.CreatedAt);
        var ids = page.Page.Select(u => u.Id).ToList();
        var profiles = await ctx.Db.Profiles.Where(p => ids.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId);
        var applications = await ctx.Db.Applications.Where(a => ids.Contains(a.UserId)).ToDictionaryAsync(a => a.UserId);
        return page.Map(u => new PendingUser(UserAdmin.Of(u), profiles.GetValueOrDefault(u.Id), applications.GetValueOrDefault(u.Id)));
    }

    // ---------------------------------------------------------------- mutations

    /// <summary>
    /// Approves a <c>pending</c>, open account (admin): it becomes <c>active</c>, and its pending application is
    /// approved as <c>applications:review</c> does (reviewer, time, notes; an <c>enrolled</c> enrollment in the
    /// application's program unless one exists). <c>FAILED_PRECONDITION INVALID_STATUS</c> for any other status
    /// or a closed account.
    /// </summary>
    [Mutation]
    public static async Task<ApproveResult> ApproveUser(MutationContext ctx, Guid userId, string? reviewNotes = null)
    {
        var staff = await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        var notes = errors.OptionalText("reviewNotes", reviewNotes, 1000);
        errors.ThrowIfAny();

        var user = await PendingTargetAsync(ctx, userId, "approved");
        var application = await ApplicationReview.PendingApplicationOfAsync(ctx, userId);
        await ApplicationReview.ApproveAsync(ctx, user, application, staff, notes, Instant(ctx.Now));
        return new ApproveResult(userId, user.AccountStatus);
    }

    /// <summary>
    /// Rejects a <c>pending</c>, open account (admin): the account is closed (<c>deletedAt</c>; the status stays
    /// <c>pending</c>, the enum has no "rejected"), so it leaves the pending list and cannot be approved while
    /// closed (A4); its pending application is <c>rejected</c>. <c>FAILED_PRECONDITION INVALID_STATUS</c> otherwise.
    /// </summary>
    [Mutation]
    public static async Task<RejectResult> RejectUser(MutationContext ctx, Guid userId, string? reviewNotes = null)
    {
        var staff = await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        var notes = errors.OptionalText("reviewNotes", reviewNotes, 1000);
        errors.ThrowIfAny();

        var user = await PendingTargetAsync(ctx, userId, "rejected");
        var application = await ApplicationReview.PendingApplicationOfAsync(ctx, userId);
        ApplicationReview.Reject(user, application, staff, notes, Instant(ctx.Now), ApplicationReview.Rejection.Close);
        return new RejectResult(userId, user.AccountStatus, true);
    }

    /// <summary>
    /// Reopens a closed account (admin): clears <c>deletedAt</c>, status unchanged.
    /// <c>FAILED_PRECONDITION INVALID_STATUS</c> when the account is not closed.
    /// </summary>
    [Mutation]
    public static async Task<RestoreResult> RestoreUser(MutationContext ctx, Guid userId)
    {
        var staff = await Require.AdminAsync(ctx);
        var user = await ctx.Db.Users.IgnoreQueryFilters().SingleOrDefaultAsync(u => u.Id == userId) ?? throw UserNotFound();
        if (user.DeletedAt is null)
        {
            throw AppErrors.FailedPrecondition(Reasons.InvalidStatus, "This account is not closed.",
                new { currentStatus = user.AccountStatus, closed = false });
        }

        var now = Instant(ctx.Now);
        user.DeletedAt = null;
        user.UpdatedAt = now;
        AppendLog(user, staff, now, "restore", "closed", "open", null);
        return new RestoreResult(userId);
    }

    /// <summary>
    /// Changes an open account's role (admin). <c>FORBIDDEN SELF_CHANGE</c> for one's own; demoting the last
    /// active admin is <c>FAILED_PRECONDITION LAST_ADMIN</c> (A6). Logged with the optional reason; asking for the
    /// role the account has already is answered without a write.
    /// </summary>
    [Mutation]
    public static async Task<RoleChange> SetRole(MutationContext ctx, Guid userId, UserRole role, string? reason = null)
    {
        var staff = await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        var why = errors.OptionalText("reason", reason, 500);
        errors.ThrowIfAny();

        var user = await ctx.Db.Users.SingleOrDefaultAsync(u => u.Id == userId) ?? throw UserNotFound();
        if (staff.Is(userId))
        {
            throw AppErrors.Forbidden(Reasons.SelfChange, "You cannot change your own role.");
        }

        var old = user.Role;
        if (old == role)
        {
            return new RoleChange(userId, old, role, user.UpdatedAt);
        }

        if (old == UserRole.Admin && user.AccountStatus == AccountStatus.Active
            && !await ctx.Db.Users.AnyAsync(u => u.Id != userId && u.Role == UserRole.Admin && u.AccountStatus == AccountStatus.Active))
        {
            throw AppErrors.FailedPrecondition(Reasons.LastAdmin, "This is the last active admin; make another admin first.");
        }

        var now = Instant(ctx.Now);
        user.Role = role;
        user.UpdatedAt = now;
        AppendLog(user, staff, now, "setRole", ClosedSet.NameOf(old), ClosedSet.NameOf(role), why);
        return new RoleChange(userId, old, role, now);
    }

    /// <summary>
    /// Changes an open account's status (moderator). A reason is required to suspend or ban
    /// (<c>INVALID_ARGUMENT</c>); one's own status is <c>FORBIDDEN SELF_CHANGE</c>; admins' are
    /// <c>FORBIDDEN ADMIN_TARGET</c>; moderators may only set <c>active</c> or <c>suspended</c> on members, anything
    /// else is <c>FORBIDDEN ADMIN_REQUIRED</c>. Logged with the reason; asking for the status the account has already
    /// is answered without a write.
    /// </summary>
    [Mutation]
    public static async Task<StatusChange> SetStatus(MutationContext ctx, Guid userId, SettableStatus accountStatus, string? reason = null)
    {
        var staff = await Require.ModeratorAsync(ctx);
        var errors = new FieldErrors();
        var why = errors.OptionalText("reason", reason, 500);
        if (why is null && accountStatus is SettableStatus.Suspended or SettableStatus.Banned)
        {
            errors.Add("reason", "is required to suspend or ban an account");
        }

        errors.ThrowIfAny();

        var user = await ctx.Db.Users.SingleOrDefaultAsync(u => u.Id == userId) ?? throw UserNotFound();
        if (staff.Is(userId))
        {
            throw AppErrors.Forbidden(Reasons.SelfChange, "You cannot change your own status.");
        }

        if (user.Role == UserRole.Admin)
        {
            throw AppErrors.Forbidden(Reasons.AdminTarget, "Admin accounts cannot be suspended, banned or reactivated here.");
        }

        if (!staff.IsAdmin && (accountStatus == SettableStatus.Banned || user.Role != UserRole.Member))
        {
            throw AppErrors.Forbidden(Reasons.AdminRequired, "Moderators may only suspend and reactivate members.");
        }

        var old = user.AccountStatus;
        var status = accountStatus switch
        {
            SettableStatus.Active => AccountStatus.Active,
            SettableStatus.Suspended => AccountStatus.Suspended,
            _ => AccountStatus.Banned,
        };
        if (old == status)
        {
            return new StatusChange(userId, old, status, why, user.UpdatedAt);
        }

        var now = Instant(ctx.Now);
        user.AccountStatus = status;
        user.UpdatedAt = now;
        AppendLog(user, staff, now, "setStatus", ClosedSet.NameOf(old), ClosedSet.NameOf(status), why);
        return new StatusChange(userId, old, status, why, now);
    }

    // ---------------------------------------------------------------- helpers

    // Serves more than MaxPageSize as MaxPageSize (FUNCTIONS.md §1: numItems is capped, not refused).
    private static PaginationOptions Capped(PaginationOptions options) =>
        options.NumItems > MaxPageSize ? options with { NumItems = MaxPageSize } : options;

    private static ConvexError UserNotFound() => AppErrors.NotFound("No such user.");

    private static bool IsApproved(SubmissionStatus status) => status is SubmissionStatus.Approved or SubmissionStatus.Distributed;

    private sealed record SubmissionCount(Guid UserId, SubmissionStatus Status, int Count);

    // At most (users × statuses) rows: one grouped statement over the submissions of the given users.
    private static async Task<List<SubmissionCount>> SubmissionCountsAsync(QueryContext ctx, List<Guid> userIds)
    {
        if (userIds.Count == 0)
        {
            return [];
        }

        var rows = await ctx.Db.ActivitySubmissions
            .Where(s => userIds.Contains(s.UserId))
            .GroupBy(s => new { s.UserId, s.Status })
            .Select(g => new { g.Key.UserId, g.Key.Status, Count = g.Count() })
            .ToListAsync();
        return [.. rows.Select(r => new SubmissionCount(r.UserId, r.Status, r.Count))];
    }

    private static async Task<User> PendingTargetAsync(MutationContext ctx, Guid userId, string verb)
    {
        var user = await ctx.Db.Users.IgnoreQueryFilters().SingleOrDefaultAsync(u => u.Id == userId) ?? throw UserNotFound();
        if (user.AccountStatus != AccountStatus.Pending || user.DeletedAt is not null)
        {
            var state = user.DeletedAt is not null ? "closed" : ClosedSet.NameOf(user.AccountStatus);
            throw AppErrors.FailedPrecondition(Reasons.InvalidStatus, $"Only pending, open accounts can be {verb}; this one is {state}.",
                new { currentStatus = user.AccountStatus, closed = user.DeletedAt is not null });
        }

        return user;
    }

    /// <summary>
    /// Appends <c>{at, by, action, from, to, reason}</c> to <paramref name="target"/>'s moderation log (a new
    /// metadata object, so the change is seen as one).
    /// </summary>
    internal static void AppendLog(User target, Staff staff, DateTimeOffset at, string action, string from, string to, string? reason)
    {
        var metadata = (JsonObject)target.Metadata.DeepClone();
        if (metadata[ModerationLogKey] is not JsonArray log)
        {
            log = [];
            metadata[ModerationLogKey] = log;
        }

        log.Add(new JsonObject
        {
            ["at"] = at.ToUnixTimeMilliseconds(),
            ["by"] = staff.Name,
            ["action"] = action,
            ["from"] = from,
            ["to"] = to,
            ["reason"] = reason,
        });
        target.Metadata = metadata;
    }

    // A row of the users list before it becomes a UserListEntry: a flat projection EF Core can sort and page.
    private sealed class UserRow
    {
        public Guid Id { get; init; }

        public string? Username { get; init; }

        public string SortName { get; init; } = "";

        public string? DisplayName { get; init; }

        public string? AvatarUrl { get; init; }

        public string? Email { get; init; }

        public UserRole Role { get; init; }

        public AccountStatus AccountStatus { get; init; }

        public DateTimeOffset CreatedAt { get; init; }

        public bool HasProfile { get; init; }

        public string? City { get; init; }

        public string? Country { get; init; }

        public List<LearningTrack>? LearningTracks { get; init; }

        public decimal TotalEarnings { get; init; }

        public int ActivitiesCompleted { get; init; }
    }
}
