using Poktapok.App.Schema.Enums;

namespace Poktapok.App.Schema;

/// <summary>
/// The one place of the PULPA distribution lifecycle (FUNCTIONS.md §3.7). A distribution starts <c>pending</c>;
/// <c>pending</c> → <c>processing</c> → <c>completed</c>, and either may fail or be cancelled; a <c>failed</c> one
/// may be retried (back to <c>pending</c> or <c>processing</c>) or cancelled; <c>completed</c> and <c>cancelled</c>
/// are final. Staying in a non-final status is allowed (to record a transaction hash or an error). Reaching
/// <c>failed</c> counts a retry; reaching <c>completed</c> marks the submission <c>distributed</c>. A submission has
/// at most one <see cref="IsLive">live</see> distribution (fix M5).
/// </summary>
public static class DistributionLifecycle
{
    /// <summary>Whether a distribution in <paramref name="status"/> holds its submission (any but failed or cancelled).</summary>
    public static bool IsLive(DistributionStatus status) => status is not (DistributionStatus.Failed or DistributionStatus.Cancelled);

    /// <summary>Whether <paramref name="from"/> may become <paramref name="to"/>.</summary>
    public static bool CanMove(DistributionStatus from, DistributionStatus to) => from switch
    {
        DistributionStatus.Pending => true,
        DistributionStatus.Processing => to is not DistributionStatus.Pending,
        DistributionStatus.Failed => true,
        _ => false,
    };
}
