using Poktapok.App.Schema.Enums;

namespace Poktapok.App.Schema;

/// <summary>
/// The one place of the submission lifecycle and what each move does to the counters (FUNCTIONS.md §3.6, LEGACY.md
/// §4.4 with fixes C13–C15). Reviews move a submission:
/// <list type="table">
/// <item><term>approve</term><description>from <c>pending</c> or <c>under_review</c></description></item>
/// <item><term>reject</term><description>from <c>pending</c>, <c>under_review</c>, <c>revision_requested</c> or
/// <c>approved</c> (never <c>distributed</c>: that PULPA was paid, C14)</description></item>
/// <item><term>request a revision</term><description>from <c>pending</c> or <c>under_review</c></description></item>
/// <item><term>distribute</term><description>from <c>approved</c>, when a distribution completes (§3.7)</description></item>
/// </list>
/// A <b>live</b> submission (<see cref="IsLive"/>) holds one of the activity's slots and counts toward the per-user
/// limit: so <c>activities.currentSubmissionsCount</c> is the number of live submissions of the activity. An
/// <b>earned</b> submission (<see cref="IsEarned"/>) counts in the user's <c>profiles.totalPulpaEarned</c> (its
/// reward) and, once per activity, in <c>activitiesCompleted</c>. <see cref="Effects"/> turns a move into counter
/// changes, so the reviewing mutations, the submit mutation and <c>pulpa:recomputeProfileTotals</c> agree.
/// </summary>
public static class SubmissionLifecycle
{
    /// <summary>
    /// Whether a submission in <paramref name="status"/> holds a slot and counts toward the per-user limit: every
    /// status but <c>rejected</c> and <c>revision_requested</c>. A submission sent back for revision gives its place
    /// to the resubmission (a new submission; the old one stays for history), so a user asked to revise can
    /// resubmit to a full activity or one with a limit of 1.
    /// </summary>
    public static bool IsLive(SubmissionStatus status) =>
        status is not (SubmissionStatus.Rejected or SubmissionStatus.RevisionRequested);

    /// <summary>The <see cref="IsLive"/> statuses, for queries (<c>LiveStatuses.Contains(s.Status)</c> is an SQL <c>IN</c>).</summary>
    public static readonly SubmissionStatus[] LiveStatuses = [.. Enum.GetValues<SubmissionStatus>().Where(IsLive)];

    /// <summary>The <see cref="IsEarned"/> statuses, for queries.</summary>
    public static readonly SubmissionStatus[] EarnedStatuses = [.. Enum.GetValues<SubmissionStatus>().Where(IsEarned)];

    /// <summary>Whether a submission in <paramref name="status"/> has earned its reward: <c>approved</c> or <c>distributed</c>.</summary>
    public static bool IsEarned(SubmissionStatus status) => status is SubmissionStatus.Approved or SubmissionStatus.Distributed;

    /// <summary>Whether a review may move a submission from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanMove(SubmissionStatus from, SubmissionStatus to) => to switch
    {
        SubmissionStatus.Approved => from is SubmissionStatus.Pending or SubmissionStatus.UnderReview,
        SubmissionStatus.Rejected => from is SubmissionStatus.Pending or SubmissionStatus.UnderReview
            or SubmissionStatus.RevisionRequested or SubmissionStatus.Approved,
        SubmissionStatus.RevisionRequested => from is SubmissionStatus.Pending or SubmissionStatus.UnderReview,
        SubmissionStatus.Distributed => from is SubmissionStatus.Approved,
        _ => false,
    };

    /// <summary>
    /// What a move does to the counters: the activity's <c>currentSubmissionsCount</c> (<see cref="CounterChanges.Slots"/>),
    /// the user's <c>totalPulpaEarned</c> (<see cref="CounterChanges.Pulpa"/>) and <c>activitiesCompleted</c>
    /// (<see cref="CounterChanges.Completed"/>). A new submission is a move from null.
    /// </summary>
    /// <param name="from">The status before (null for a new submission).</param>
    /// <param name="to">The status after.</param>
    /// <param name="rewardBefore">The submission's reward before the move (null counts as 0).</param>
    /// <param name="rewardAfter">The submission's reward after the move (an approval may set it).</param>
    /// <param name="otherEarnedForActivity">
    /// Whether the same user has another earned submission for the same activity: then earning this one does not
    /// complete the activity a second time, and losing it does not un-complete it.
    /// </param>
    public static CounterChanges Effects(SubmissionStatus? from, SubmissionStatus to, decimal? rewardBefore, decimal? rewardAfter,
        bool otherEarnedForActivity)
    {
        var wasLive = from is { } f && IsLive(f);
        var wasEarned = from is { } e && IsEarned(e);
        var slots = (IsLive(to) ? 1 : 0) - (wasLive ? 1 : 0);
        var pulpa = (IsEarned(to) ? rewardAfter ?? 0m : 0m) - (wasEarned ? rewardBefore ?? 0m : 0m);
        var completed = otherEarnedForActivity ? 0 : (IsEarned(to) ? 1 : 0) - (wasEarned ? 1 : 0);
        return new CounterChanges(slots, pulpa, completed);
    }
}

/// <summary>Changes to the counters a submission move makes (see <see cref="SubmissionLifecycle.Effects"/>).</summary>
/// <param name="Slots">Added to the activity's <c>currentSubmissionsCount</c>.</param>
/// <param name="Pulpa">Added to the user's <c>totalPulpaEarned</c>.</param>
/// <param name="Completed">Added to the user's <c>activitiesCompleted</c>.</param>
public readonly record struct CounterChanges(int Slots, decimal Pulpa, int Completed)
{
    /// <summary>Whether the move changes no profile counter.</summary>
    public bool LeavesProfile => Pulpa == 0m && Completed == 0;
}
