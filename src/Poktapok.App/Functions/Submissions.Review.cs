using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;
using static Poktapok.App.Functions.Users;

namespace Poktapok.App.Functions;

// The reviewing mutations of submissions: each moves one submission by SubmissionLifecycle and applies the
// counter changes of the move in the same transaction.
public static partial class Submissions
{
    /// <summary>The result of <see cref="Approve"/>.</summary>
    public sealed record ApproveResult([IdOf("activity_submissions")] Guid _id, SubmissionStatus Status, decimal RewardPulpaAmount);

    /// <summary>The result of <see cref="Reject"/> and <see cref="RequestRevision"/>.</summary>
    public sealed record ReviewResult([IdOf("activity_submissions")] Guid _id, SubmissionStatus Status);

    /// <summary>
    /// Approves a <c>pending</c> or <c>under_review</c> submission (admin); returns <c>{_id, status: "approved",
    /// rewardPulpaAmount}</c>. The reward is <c>rewardPulpaAmount</c> (a <c>dec</c> above 0) or the snapshot taken at
    /// submission; <c>score</c> (0..100) is kept as <c>metadata.score</c> (C4, C6). In the same transaction the reward
    /// is added to the submitter's <c>profiles.totalPulpaEarned</c> and, on their first approved submission for the
    /// activity, <c>activitiesCompleted</c> goes up by one (C15; a profile is created when there is none). No
    /// distribution is created (<c>pulpa:recordDistribution</c>). Refuses <c>NOT_FOUND</c>, <c>FORBIDDEN SELF_CHANGE</c>
    /// for one's own submission, and <c>FAILED_PRECONDITION INVALID_STATUS</c> for any other status (so two
    /// concurrent approvals pay once).
    /// </summary>
    [Mutation]
    public static async Task<ApproveResult> Approve(MutationContext ctx, Guid submissionId, string? rewardPulpaAmount = null,
        string? reviewNotes = null, int? score = null)
    {
        var staff = await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        decimal? reward = rewardPulpaAmount is null ? null : Activities.CheckReward(errors, rewardPulpaAmount);
        var notes = errors.OptionalText("reviewNotes", reviewNotes, 1000);
        CheckScore(errors, score);
        errors.ThrowIfAny();

        var submission = await ReviewableAsync(ctx, staff, submissionId, SubmissionStatus.Approved);
        reward ??= submission.RewardPulpaAmount
            ?? await ctx.Db.Activities.IgnoreQueryFilters().Where(a => a.Id == submission.ActivityId).Select(a => a.RewardPulpaAmount).SingleAsync();
        await MoveAsync(ctx, staff, submission, SubmissionStatus.Approved, reward, notes);
        if (score is { } given)
        {
            var metadata = (JsonObject)submission.Metadata.DeepClone();
            metadata[ScoreKey] = given;
            submission.Metadata = metadata;
        }

        return new ApproveResult(submission.Id, submission.Status, reward.Value);
    }

    /// <summary>
    /// Rejects a submission (admin) with notes of 10..1000 characters; returns <c>{_id, status: "rejected"}</c>.
    /// From <c>pending</c>, <c>under_review</c>, <c>revision_requested</c> or <c>approved</c>, never
    /// <c>distributed</c> (C14), nor an approved one with a distribution in progress (cancel that first): both
    /// <c>FAILED_PRECONDITION INVALID_STATUS</c>. Rejecting frees the submission's slot, and rejecting an approved one
    /// takes its reward back from the profile totals (and the completion, unless another approved submission of the
    /// user for the activity remains). <c>FORBIDDEN SELF_CHANGE</c> for one's own submission.
    /// </summary>
    [Mutation]
    public static async Task<ReviewResult> Reject(MutationContext ctx, Guid submissionId, string reviewNotes)
    {
        var staff = await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        var notes = RequiredNotes(errors, reviewNotes);
        errors.ThrowIfAny();

        var submission = await ReviewableAsync(ctx, staff, submissionId, SubmissionStatus.Rejected);
        var live = await ctx.Db.PulpaDistributions
            .Where(d => d.SubmissionId == submission.Id && d.Status != DistributionStatus.Failed && d.Status != DistributionStatus.Cancelled)
            .AnyAsync();
        if (live)
        {
            throw AppErrors.FailedPrecondition(Reasons.InvalidStatus,
                "This submission has a distribution in progress; cancel the distribution before rejecting it.",
                new { currentStatus = submission.Status });
        }

        await MoveAsync(ctx, staff, submission, SubmissionStatus.Rejected, submission.RewardPulpaAmount, notes);
        return new ReviewResult(submission.Id, submission.Status);
    }

    /// <summary>
    /// Sends a <c>pending</c> or <c>under_review</c> submission back for revision (admin) with notes of 10..1000
    /// characters; returns <c>{_id, status: "revision_requested"}</c>. The submission gives up its slot and its place
    /// under the per-user limit, so the member can resubmit with <c>submissions:submit</c> (the old one stays).
    /// <c>FAILED_PRECONDITION INVALID_STATUS</c> from any other status; <c>FORBIDDEN SELF_CHANGE</c> for one's own.
    /// </summary>
    [Mutation]
    public static async Task<ReviewResult> RequestRevision(MutationContext ctx, Guid submissionId, string reviewNotes)
    {
        var staff = await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        var notes = RequiredNotes(errors, reviewNotes);
        errors.ThrowIfAny();

        var submission = await ReviewableAsync(ctx, staff, submissionId, SubmissionStatus.RevisionRequested);
        await MoveAsync(ctx, staff, submission, SubmissionStatus.RevisionRequested, submission.RewardPulpaAmount, notes);
        return new ReviewResult(submission.Id, submission.Status);
    }

    // The submission, when it exists, is not the reviewer's own, and may move to `to`.
    private static async Task<ActivitySubmission> ReviewableAsync(MutationContext ctx, Staff staff, Guid submissionId, SubmissionStatus to)
    {
        var submission = await ctx.Db.ActivitySubmissions.SingleOrDefaultAsync(s => s.Id == submissionId) ?? throw SubmissionNotFound();
        if (staff.Is(submission.UserId))
        {
            throw AppErrors.Forbidden(Reasons.SelfChange, "You cannot review your own submission.");
        }

        if (!SubmissionLifecycle.CanMove(submission.Status, to))
        {
            throw AppErrors.FailedPrecondition(Reasons.InvalidStatus,
                $"A {ClosedSet.NameOf(submission.Status)} submission cannot become {ClosedSet.NameOf(to)}.",
                new { currentStatus = submission.Status });
        }

        return submission;
    }

    // Moves a submission as a review and applies the counter changes of the move (SubmissionLifecycle.Effects).
    private static async Task MoveAsync(MutationContext ctx, Staff staff, ActivitySubmission submission, SubmissionStatus to, decimal? reward,
        string? notes)
    {
        var now = Instant(ctx.Now);
        await ApplyMoveAsync(ctx, submission, to, reward, now);
        submission.ReviewedByUserId = staff.User?.Id;
        submission.ReviewedAt = now;
        submission.ReviewNotes = notes;
    }

    /// <summary>
    /// Moves <paramref name="submission"/> to <paramref name="to"/> with <paramref name="reward"/> and changes the
    /// activity's slot count and the user's profile totals as <see cref="SubmissionLifecycle.Effects"/> says, all in
    /// the caller's transaction (the reviews here, a completed distribution in <c>pulpa</c>).
    /// </summary>
    internal static async Task ApplyMoveAsync(MutationContext ctx, ActivitySubmission submission, SubmissionStatus to, decimal? reward,
        DateTimeOffset now)
    {
        var from = submission.Status;
        var earnedChanges = SubmissionLifecycle.IsEarned(from) != SubmissionLifecycle.IsEarned(to);
        var earned = SubmissionLifecycle.EarnedStatuses;
        var otherEarned = earnedChanges && await ctx.Db.ActivitySubmissions.AnyAsync(s =>
            s.UserId == submission.UserId && s.ActivityId == submission.ActivityId && s.Id != submission.Id && earned.Contains(s.Status));
        var changes = SubmissionLifecycle.Effects(from, to, submission.RewardPulpaAmount, reward, otherEarned);

        submission.Status = to;
        submission.RewardPulpaAmount = reward;
        submission.UpdatedAt = now;
        if (changes.Slots != 0)
        {
            var activity = await ctx.Db.Activities.IgnoreQueryFilters().SingleAsync(a => a.Id == submission.ActivityId);
            // Imported counters may have drifted (legacy never decremented); pulpa:recomputeProfileTotals repairs them.
            activity.CurrentSubmissionsCount = Math.Max(0, activity.CurrentSubmissionsCount + changes.Slots);
            activity.UpdatedAt = now;
        }

        if (!changes.LeavesProfile)
        {
            var profile = await ctx.Db.Profiles.IgnoreQueryFilters().SingleOrDefaultAsync(p => p.UserId == submission.UserId);
            if (profile is null)
            {
                profile = new Profile { UserId = submission.UserId, CreatedAt = now };
                ctx.Db.Profiles.Add(profile);
            }

            profile.TotalPulpaEarned = Math.Max(0m, profile.TotalPulpaEarned + changes.Pulpa);
            profile.ActivitiesCompleted = Math.Max(0, profile.ActivitiesCompleted + changes.Completed);
            profile.UpdatedAt = now;
        }
    }
}
