using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;
using static Poktapok.App.Functions.Users;

namespace Poktapok.App.Functions;

/// <summary>
/// PULPA earnings and payouts (FUNCTIONS.md §3.7; the legacy distribution layer existed only in the schema, C15):
/// a member's earnings, the admins' record of distributions of approved submissions, and the repair of the
/// counters the submission mutations maintain (§5). A submission has at most one live distribution (fix M5; see
/// <see cref="DistributionLifecycle"/>); a completed one marks the submission <c>distributed</c>. Nothing here
/// calls a chain: transaction hashes are recorded as given.
/// </summary>
public static partial class Pulpa
{
    /// <summary>How many rows <see cref="RecomputeProfileTotals"/> repairs per transaction unless told otherwise.</summary>
    public const int DefaultRecomputeBatch = 500;

    // ---------------------------------------------------------------- argument and result types

    /// <summary>
    /// The result of <see cref="MyEarnings"/>: <c>totalPulpaEarned</c> and <c>activitiesCompleted</c> are the
    /// profile's counters; <c>pendingReward</c> is approved but not yet distributed, <c>distributed</c> paid out.
    /// </summary>
    public sealed record Earnings(decimal TotalPulpaEarned, int ActivitiesCompleted, decimal PendingReward, decimal Distributed);

    /// <summary>The arguments of <see cref="ListDistributions"/>.</summary>
    public sealed record ListDistributionsArgs(PaginationOptions PaginationOpts, DistributionStatus? Status = null, Guid? UserId = null);

    /// <summary>The arguments of <see cref="RecordDistribution"/>.</summary>
    public sealed record RecordDistributionArgs(
        Guid SubmissionId,
        DistributionMethod DistributionMethod,
        string? RecipientWallet = null,
        int ChainId = PulpaDistribution.DefaultChainId,
        string? TransactionHash = null);

    /// <summary>The arguments of <see cref="UpdateDistribution"/>; the hash and the error message are set when given.</summary>
    public sealed record UpdateDistributionArgs(Guid DistributionId, DistributionStatus Status, string? TransactionHash = null,
        string? ErrorMessage = null);

    /// <summary>A distribution document and, in lists, its recipient (<c>Distribution &amp; {user: UserCard}</c>).</summary>
    public sealed record DistributionView(
        [IdOf("pulpa_distributions")] Guid _id,
        DateTimeOffset _creationTime,
        Guid SubmissionId,
        Guid UserId,
        Guid ActivityId,
        decimal PulpaAmount,
        string RecipientWallet,
        int ChainId,
        string? TransactionHash,
        DistributionMethod DistributionMethod,
        DistributionStatus Status,
        Guid DistributedByUserId,
        string? ErrorMessage,
        int RetryCount,
        DateTimeOffset InitiatedAt,
        DateTimeOffset? DistributedAt,
        DateTimeOffset? ConfirmedAt,
        JsonObject Metadata,
        Optional<UserCard> User)
    {
        internal static DistributionView Of(PulpaDistribution d, Optional<UserCard> user = default) =>
            new(d.Id, d.InitiatedAt, d.SubmissionId, d.UserId, d.ActivityId, d.PulpaAmount, d.RecipientWallet, d.ChainId, d.TransactionHash,
                d.DistributionMethod, d.Status, d.DistributedByUserId, d.ErrorMessage, d.RetryCount, d.InitiatedAt, d.DistributedAt,
                d.ConfirmedAt, d.Metadata, user);
    }

    /// <summary>What <see cref="RecomputeProfileTotals"/> repairs in a run.</summary>
    public enum RecomputePhase
    {
        /// <summary><c>profiles.totalPulpaEarned</c> and <c>activitiesCompleted</c>, then the activities.</summary>
        Profiles,

        /// <summary><c>activities.currentSubmissionsCount</c>.</summary>
        Activities,
    }

    /// <summary>The arguments of <see cref="RecomputeProfileTotals"/>: where to start (the first batch by default).</summary>
    public sealed record RecomputeArgs(RecomputePhase Phase = RecomputePhase.Profiles, [IdOf(IdOfAttribute.SeveralTables)] Guid? After = null, int BatchSize = DefaultRecomputeBatch);

    /// <summary>
    /// The result of <see cref="RecomputeProfileTotals"/>: how many rows the batch read and changed, and where the
    /// next batch starts (null when done; it is scheduled at once).
    /// </summary>
    public sealed record RecomputeResult(RecomputePhase Phase, int Scanned, int Updated, RecomputeNext? Next);

    /// <summary>Where the next batch of <see cref="RecomputeProfileTotals"/> starts.</summary>
    public sealed record RecomputeNext(RecomputePhase Phase, [IdOf(IdOfAttribute.SeveralTables)] Guid? After);

    // ---------------------------------------------------------------- queries

    /// <summary>
    /// The caller's PULPA (signedIn): the profile's totals (0 without a profile) and, from their submissions, what is
    /// approved but not distributed yet and what was distributed.
    /// </summary>
    [Query]
    public static async Task<Earnings> MyEarnings(QueryContext ctx)
    {
        var me = await Require.SignedInAsync(ctx);
        var profile = await ctx.Db.Profiles.IgnoreQueryFilters().Where(p => p.UserId == me.Id)
            .Select(p => new { p.TotalPulpaEarned, p.ActivitiesCompleted }).SingleOrDefaultAsync();
        var earned = SubmissionLifecycle.EarnedStatuses;
        var sums = await ctx.Db.ActivitySubmissions.Where(s => s.UserId == me.Id && earned.Contains(s.Status))
            .GroupBy(s => s.Status).Select(g => new { Status = g.Key, Sum = g.Sum(s => s.RewardPulpaAmount ?? 0m) }).ToListAsync();
        decimal Sum(SubmissionStatus status) => sums.Where(s => s.Status == status).Sum(s => s.Sum);
        return new Earnings(profile?.TotalPulpaEarned ?? 0m, profile?.ActivitiesCompleted ?? 0, Sum(SubmissionStatus.Approved),
            Sum(SubmissionStatus.Distributed));
    }

    /// <summary>Distributions, a page at a time (admin), newest first, by status and recipient, each with the recipient's card.</summary>
    [Query]
    public static async Task<PaginationResult<DistributionView>> ListDistributions(QueryContext ctx, ListDistributionsArgs args)
    {
        await Require.AdminAsync(ctx);
        var distributions = ctx.Db.PulpaDistributions.AsQueryable();
        if (args.Status is { } status)
        {
            distributions = distributions.Where(d => d.Status == status);
        }

        if (args.UserId is { } userId)
        {
            distributions = distributions.Where(d => d.UserId == userId);
        }

        var page = await distributions.PaginateAsync(ctx, Activities.Capped(args.PaginationOpts), d => d.InitiatedAt, descending: true);
        var ids = page.Page.Select(d => d.UserId).Distinct().ToList();
        var users = await ctx.Db.Users.IgnoreQueryFilters().Where(u => ids.Contains(u.Id))
            .Select(u => new UserCard(u.Id, u.Username, u.DisplayName, u.AvatarUrl)).ToDictionaryAsync(u => u._id);
        return page.Map(d => DistributionView.Of(d, users[d.UserId]));
    }

    // ---------------------------------------------------------------- mutations

    /// <summary>
    /// Records a <c>pending</c> distribution of an approved submission's reward (admin, signed in: the distribution
    /// records who made it). The wallet is <c>recipientWallet</c> (<c>^0x[0-9a-fA-F]{40}$</c>), else the user's app
    /// wallet, else their external wallet; none is <c>INVALID_ARGUMENT</c> on <c>recipientWallet</c>, as are a chain id
    /// below 1 and a malformed <c>transactionHash</c>. <c>NOT_FOUND</c> for no submission; <c>FORBIDDEN SELF_CHANGE</c>
    /// for one's own; <c>FAILED_PRECONDITION INVALID_STATUS</c> unless it is <c>approved</c>; <c>CONFLICT
    /// DISTRIBUTION_EXISTS</c> when it has a distribution that is not failed or cancelled (M5).
    /// </summary>
    [Mutation]
    public static async Task<DistributionView> RecordDistribution(MutationContext ctx, RecordDistributionArgs args)
    {
        var admin = await Activities.AdminUserAsync(ctx, "A distribution");
        var errors = new FieldErrors();
        var wallet = FieldErrors.Clean(args.RecipientWallet);
        CheckPattern(errors, "recipientWallet", wallet, Patterns.Wallet(), "0x followed by 40 hexadecimal digits");
        var hash = CheckHash(errors, args.TransactionHash);
        if (args.ChainId < 1)
        {
            errors.Add("chainId", "must be at least 1");
        }

        errors.ThrowIfAny();

        var submission = await ctx.Db.ActivitySubmissions.SingleOrDefaultAsync(s => s.Id == args.SubmissionId)
            ?? throw Submissions.SubmissionNotFound();
        if (submission.UserId == admin.Id)
        {
            throw AppErrors.Forbidden(Reasons.SelfChange, "You cannot distribute PULPA to yourself.");
        }

        if (submission.Status != SubmissionStatus.Approved)
        {
            throw AppErrors.FailedPrecondition(Reasons.InvalidStatus, "Only approved submissions are distributed.",
                new { currentStatus = submission.Status });
        }

        await ThrowIfLiveDistributionAsync(ctx, submission.Id, null);
        if (wallet is null)
        {
            var user = await ctx.Db.Users.IgnoreQueryFilters().Where(u => u.Id == submission.UserId)
                .Select(u => new { u.AppWallet, u.ExtWallet }).SingleAsync();
            wallet = new[] { user.AppWallet, user.ExtWallet }.FirstOrDefault(w => w is not null && Patterns.Wallet().IsMatch(w));
            if (wallet is null)
            {
                errors.Add("recipientWallet", "is required: the user has no valid wallet");
                errors.ThrowIfAny();
            }
        }

        var now = Instant(ctx.Now);
        var distribution = new PulpaDistribution
        {
            SubmissionId = submission.Id,
            UserId = submission.UserId,
            ActivityId = submission.ActivityId,
            PulpaAmount = submission.RewardPulpaAmount
                ?? await ctx.Db.Activities.IgnoreQueryFilters().Where(a => a.Id == submission.ActivityId).Select(a => a.RewardPulpaAmount).SingleAsync(),
            RecipientWallet = wallet!,
            ChainId = args.ChainId,
            TransactionHash = hash,
            DistributionMethod = args.DistributionMethod,
            Status = DistributionStatus.Pending,
            DistributedByUserId = admin.Id,
            InitiatedAt = now,
        };
        ctx.Db.PulpaDistributions.Add(distribution);
        return DistributionView.Of(distribution);
    }

    /// <summary>
    /// Moves a distribution (admin) by <see cref="DistributionLifecycle"/>, recording the transaction hash and error
    /// message when given (message ≤ 1000). Reaching <c>processing</c> sets <c>distributedAt</c>; reaching
    /// <c>failed</c> counts a retry; reaching <c>completed</c> sets <c>confirmedAt</c> and marks the submission
    /// <c>distributed</c> (its PULPA stays in the profile totals). <c>FAILED_PRECONDITION INVALID_STATUS</c> for a move
    /// the lifecycle forbids (from <c>completed</c> or <c>cancelled</c>, or back to <c>pending</c> from
    /// <c>processing</c>) or completing a submission that is no longer approved; <c>CONFLICT DISTRIBUTION_EXISTS</c>
    /// when retrying a failed one while the submission has another live distribution.
    /// </summary>
    [Mutation]
    public static async Task<DistributionView> UpdateDistribution(MutationContext ctx, UpdateDistributionArgs args)
    {
        await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        var hash = CheckHash(errors, args.TransactionHash);
        var message = errors.OptionalText("errorMessage", args.ErrorMessage, 1000);
        errors.ThrowIfAny();

        var distribution = await ctx.Db.PulpaDistributions.SingleOrDefaultAsync(d => d.Id == args.DistributionId)
            ?? throw AppErrors.NotFound("No such distribution.");
        var from = distribution.Status;
        if (!DistributionLifecycle.CanMove(from, args.Status))
        {
            throw AppErrors.FailedPrecondition(Reasons.InvalidStatus,
                $"A {ClosedSet.NameOf(from)} distribution cannot become {ClosedSet.NameOf(args.Status)}.", new { currentStatus = from });
        }

        if (!DistributionLifecycle.IsLive(from) && DistributionLifecycle.IsLive(args.Status))
        {
            await ThrowIfLiveDistributionAsync(ctx, distribution.SubmissionId, distribution.Id);
        }

        var now = Instant(ctx.Now);
        distribution.TransactionHash = hash ?? distribution.TransactionHash;
        distribution.ErrorMessage = message ?? distribution.ErrorMessage;
        distribution.Status = args.Status;
        switch (args.Status)
        {
            case DistributionStatus.Processing:
                distribution.DistributedAt ??= now;
                break;
            case DistributionStatus.Failed when from != DistributionStatus.Failed:
                distribution.RetryCount++;
                break;
            case DistributionStatus.Completed:
                var submission = await ctx.Db.ActivitySubmissions.SingleAsync(s => s.Id == distribution.SubmissionId);
                if (!SubmissionLifecycle.CanMove(submission.Status, SubmissionStatus.Distributed))
                {
                    throw AppErrors.FailedPrecondition(Reasons.InvalidStatus, "The submission of this distribution is no longer approved.",
                        new { submissionStatus = submission.Status });
                }

                await Submissions.ApplyMoveAsync(ctx, submission, SubmissionStatus.Distributed, submission.RewardPulpaAmount, now);
                distribution.DistributedAt ??= now;
                distribution.ConfirmedAt = now;
                break;
        }

        return DistributionView.Of(distribution);
    }

    /// <summary>
    /// Recomputes, from the submissions, <c>profiles.totalPulpaEarned</c> (the rewards of approved and distributed
    /// submissions) and <c>activitiesCompleted</c> (the activities with one), then
    /// <c>activities.currentSubmissionsCount</c> (live submissions), <c>batchSize</c> (1..1000) rows per transaction in id
    /// order, deleted rows included (internal: dashboard, CLI, after an import; C9, C15). Writes only rows that differ.
    /// When more is left, the next batch is scheduled at once and its start is returned.
    /// </summary>
    [InternalMutation]
    public static async Task<RecomputeResult> RecomputeProfileTotals(MutationContext ctx, RecomputeArgs args)
    {
        if (args.BatchSize is < 1 or > 1000)
        {
            var errors = new FieldErrors();
            errors.Add("batchSize", "must be 1 to 1000");
            errors.ThrowIfAny();
        }

        var (scanned, updated, last) = args.Phase == RecomputePhase.Profiles
            ? await RecomputeProfilesAsync(ctx, args.After, args.BatchSize)
            : await RecomputeActivitiesAsync(ctx, args.After, args.BatchSize);
        RecomputeNext? next = scanned == args.BatchSize
            ? new RecomputeNext(args.Phase, last)
            : args.Phase == RecomputePhase.Profiles ? new RecomputeNext(RecomputePhase.Activities, null) : null;
        if (next is not null)
        {
            ctx.Scheduler.RunAfter(TimeSpan.Zero, RecomputeProfileTotals, new { phase = next.Phase, after = next.After, batchSize = args.BatchSize });
        }

        return new RecomputeResult(args.Phase, scanned, updated, next);
    }

    // ---------------------------------------------------------------- helpers

    private static async Task<(int Scanned, int Updated, Guid? Last)> RecomputeProfilesAsync(MutationContext ctx, Guid? after, int batch)
    {
        var profiles = await ctx.Db.Profiles.IgnoreQueryFilters()
            .Where(p => after == null || p.Id > after)
            .OrderBy(p => p.Id).Take(batch).ToListAsync();
        var userIds = profiles.Select(p => p.UserId).ToList();
        var earned = SubmissionLifecycle.EarnedStatuses;
        var totals = await ctx.Db.ActivitySubmissions.Where(s => userIds.Contains(s.UserId) && earned.Contains(s.Status))
            .GroupBy(s => s.UserId)
            .Select(g => new { UserId = g.Key, Total = g.Sum(s => s.RewardPulpaAmount ?? 0m), Completed = g.Select(s => s.ActivityId).Distinct().Count() })
            .ToDictionaryAsync(t => t.UserId);
        var updated = 0;
        foreach (var profile in profiles)
        {
            var (total, completed) = totals.TryGetValue(profile.UserId, out var t) ? (t.Total, t.Completed) : (0m, 0);
            if (profile.TotalPulpaEarned != total || profile.ActivitiesCompleted != completed)
            {
                profile.TotalPulpaEarned = total;
                profile.ActivitiesCompleted = completed;
                updated++;
            }
        }

        return (profiles.Count, updated, profiles.Count > 0 ? profiles[^1].Id : after);
    }

    private static async Task<(int Scanned, int Updated, Guid? Last)> RecomputeActivitiesAsync(MutationContext ctx, Guid? after, int batch)
    {
        var activities = await ctx.Db.Activities.IgnoreQueryFilters()
            .Where(a => after == null || a.Id > after)
            .OrderBy(a => a.Id).Take(batch).ToListAsync();
        var ids = activities.Select(a => a.Id).ToList();
        var live = SubmissionLifecycle.LiveStatuses;
        var counts = await ctx.Db.ActivitySubmissions.Where(s => ids.Contains(s.ActivityId) && live.Contains(s.Status))
            .GroupBy(s => s.ActivityId).Select(g => new { ActivityId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(c => c.ActivityId, c => c.Count);
        var updated = 0;
        foreach (var activity in activities)
        {
            var count = counts.GetValueOrDefault(activity.Id);
            if (activity.CurrentSubmissionsCount != count)
            {
                activity.CurrentSubmissionsCount = count;
                updated++;
            }
        }

        return (activities.Count, updated, activities.Count > 0 ? activities[^1].Id : after);
    }

    private static async Task ThrowIfLiveDistributionAsync(MutationContext ctx, Guid submissionId, Guid? except)
    {
        var exists = await ctx.Db.PulpaDistributions.AnyAsync(d => d.SubmissionId == submissionId && d.Id != except
            && d.Status != DistributionStatus.Failed && d.Status != DistributionStatus.Cancelled);
        if (exists)
        {
            throw AppErrors.Conflict(Reasons.DistributionExists, "This submission already has a distribution that is not failed or cancelled.");
        }
    }

    private static string? CheckHash(FieldErrors errors, string? value)
    {
        var hash = FieldErrors.Clean(value);
        CheckPattern(errors, "transactionHash", hash, Patterns.TransactionHash(), "0x followed by 64 hexadecimal digits");
        return hash;
    }

    private static void CheckPattern(FieldErrors errors, string field, string? value, System.Text.RegularExpressions.Regex pattern, string rule)
    {
        if (value is not null && !pattern.IsMatch(value))
        {
            errors.Add(field, "must be " + rule);
        }
    }
}
