using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;

namespace Poktapok.App.Schema;

/// <summary>
/// Whether a member may submit to an activity now, in the order FUNCTIONS.md §3.6 gives (fix C13): the activity
/// is <c>active</c>, has started (<c>startsAt</c> ≤ now; legacy ignored it), has not expired (<c>expiresAt</c> &gt;
/// now), the member is under the per-user limit (any value, not only 1), a slot is free, and the evidence the
/// activity requires is there. The submit mutation reads the counts in its transaction and asks this rule, so two
/// members racing for the last slot cannot both get it.
/// </summary>
public static class SubmitRule
{
    /// <summary>Why a submission is refused before its evidence is looked at.</summary>
    public enum Refusal
    {
        /// <summary>Nothing: the member may submit (evidence permitting).</summary>
        None,

        /// <summary>The activity's status is not <c>active</c>.</summary>
        NotActive,

        /// <summary>Before <c>startsAt</c>.</summary>
        NotStarted,

        /// <summary>At or after <c>expiresAt</c>.</summary>
        Expired,

        /// <summary>The member has <c>maxSubmissionsPerUser</c> live submissions already.</summary>
        LimitReached,

        /// <summary>Live submissions fill <c>totalAvailableSlots</c>.</summary>
        SlotsFull,
    }

    /// <summary>The evidence an activity requires and a submission lacks.</summary>
    public enum MissingEvidence
    {
        /// <summary>Nothing is missing.</summary>
        None,

        /// <summary>The activity requires a URL.</summary>
        Url,

        /// <summary>The activity requires a screenshot (at least one evidence file).</summary>
        Screenshot,

        /// <summary>The activity requires a text.</summary>
        Text,
    }

    /// <summary>The first rule (in the contract's order) that refuses a submission to <paramref name="activity"/>.</summary>
    /// <param name="activity">The activity (found and not deleted).</param>
    /// <param name="now">The transaction's time.</param>
    /// <param name="liveOfUser">The member's live submissions for it (<see cref="SubmissionLifecycle.IsLive"/>).</param>
    /// <param name="liveOfActivity">All live submissions for it.</param>
    public static Refusal Check(Activity activity, DateTimeOffset now, int liveOfUser, int liveOfActivity)
    {
        if (activity.Status != ActivityStatus.Active)
        {
            return Refusal.NotActive;
        }

        if (activity.StartsAt is { } starts && starts > now)
        {
            return Refusal.NotStarted;
        }

        if (activity.ExpiresAt is { } expires && expires <= now)
        {
            return Refusal.Expired;
        }

        if (activity.MaxSubmissionsPerUser is { } limit && liveOfUser >= limit)
        {
            return Refusal.LimitReached;
        }

        return activity.TotalAvailableSlots is { } slots && liveOfActivity >= slots ? Refusal.SlotsFull : Refusal.None;
    }

    /// <summary>The first required piece of evidence (URL, screenshot, text) the submission lacks.</summary>
    public static MissingEvidence Evidence(EvidenceRequirements required, string? url, int files, string? text)
    {
        if (required.UrlRequired && url is null)
        {
            return MissingEvidence.Url;
        }

        if (required.ScreenshotRequired && files == 0)
        {
            return MissingEvidence.Screenshot;
        }

        return required.TextRequired && text is null ? MissingEvidence.Text : MissingEvidence.None;
    }
}
