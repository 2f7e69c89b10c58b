using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;

namespace Poktapok.Server.Tests.Functions;

/// <summary>
/// The pure rules of activities, submissions and PULPA: <see cref="SubmissionLifecycle"/>, <see cref="SubmitRule"/>,
/// <see cref="DistributionLifecycle"/> and <see cref="PulpaAmount"/> (FUNCTIONS.md §3.5–3.7, LEGACY.md §4.4).
/// </summary>
public sealed class SubmissionRulesTests
{
    private static readonly DateTimeOffset s_now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    // ---------------------------------------------------------------- lifecycle

    public static TheoryData<SubmissionStatus, SubmissionStatus, bool> Moves() => new()
    {
        { SubmissionStatus.Pending, SubmissionStatus.Approved, true },
        { SubmissionStatus.UnderReview, SubmissionStatus.Approved, true },
        { SubmissionStatus.RevisionRequested, SubmissionStatus.Approved, false },
        { SubmissionStatus.Approved, SubmissionStatus.Approved, false },
        { SubmissionStatus.Rejected, SubmissionStatus.Approved, false },
        { SubmissionStatus.Distributed, SubmissionStatus.Approved, false },
        { SubmissionStatus.Pending, SubmissionStatus.Rejected, true },
        { SubmissionStatus.UnderReview, SubmissionStatus.Rejected, true },
        { SubmissionStatus.RevisionRequested, SubmissionStatus.Rejected, true },
        { SubmissionStatus.Approved, SubmissionStatus.Rejected, true },
        { SubmissionStatus.Distributed, SubmissionStatus.Rejected, false }, // C14: paid PULPA is not taken back
        { SubmissionStatus.Rejected, SubmissionStatus.Rejected, false },
        { SubmissionStatus.Pending, SubmissionStatus.RevisionRequested, true },
        { SubmissionStatus.UnderReview, SubmissionStatus.RevisionRequested, true },
        { SubmissionStatus.Approved, SubmissionStatus.RevisionRequested, false },
        { SubmissionStatus.Approved, SubmissionStatus.Distributed, true },
        { SubmissionStatus.Pending, SubmissionStatus.Distributed, false },
        { SubmissionStatus.Pending, SubmissionStatus.Pending, false },
        { SubmissionStatus.Pending, SubmissionStatus.UnderReview, false },
    };

    [Theory]
    [MemberData(nameof(Moves))]
    public void a_review_moves_only_from_the_statuses_the_contract_lists(SubmissionStatus from, SubmissionStatus to, bool allowed) =>
        SubmissionLifecycle.CanMove(from, to).ShouldBe(allowed);

    [Fact]
    public void live_and_earned_statuses_are_what_the_limits_and_totals_count()
    {
        SubmissionLifecycle.LiveStatuses.ShouldBe(
            [SubmissionStatus.Pending, SubmissionStatus.UnderReview, SubmissionStatus.Approved, SubmissionStatus.Distributed], ignoreOrder: true);
        SubmissionLifecycle.EarnedStatuses.ShouldBe([SubmissionStatus.Approved, SubmissionStatus.Distributed], ignoreOrder: true);
    }

    public static TheoryData<string, SubmissionStatus?, SubmissionStatus, decimal?, decimal?, bool, int, decimal, int> EffectCases() => new()
    {
        // label, from, to, reward before, reward after, other earned for the activity → slots, pulpa, completed
        { "a new submission takes a slot", null, SubmissionStatus.Pending, null, 10m, false, 1, 0m, 0 },
        { "first approval completes and pays", SubmissionStatus.Pending, SubmissionStatus.Approved, 10m, 12.5m, false, 0, 12.5m, 1 },
        { "second approval for the activity pays only", SubmissionStatus.UnderReview, SubmissionStatus.Approved, 10m, 10m, true, 0, 10m, 0 },
        { "rejecting a pending one frees its slot", SubmissionStatus.Pending, SubmissionStatus.Rejected, 10m, 10m, false, -1, 0m, 0 },
        { "rejecting the only approved one takes all back", SubmissionStatus.Approved, SubmissionStatus.Rejected, 12.5m, 12.5m, false, -1, -12.5m, -1 },
        { "rejecting one of two approved keeps the completion", SubmissionStatus.Approved, SubmissionStatus.Rejected, 5m, 5m, true, -1, -5m, 0 },
        { "a revision request frees the slot", SubmissionStatus.Pending, SubmissionStatus.RevisionRequested, 10m, 10m, false, -1, 0m, 0 },
        { "rejecting after a revision request changes nothing", SubmissionStatus.RevisionRequested, SubmissionStatus.Rejected, 10m, 10m, false, 0, 0m, 0 },
        { "distributing changes no counter", SubmissionStatus.Approved, SubmissionStatus.Distributed, 10m, 10m, false, 0, 0m, 0 },
    };

    [Theory]
    [MemberData(nameof(EffectCases))]
    public void each_move_changes_the_counters_it_should(string label, SubmissionStatus? from, SubmissionStatus to, decimal? before,
        decimal? after, bool otherEarned, int slots, decimal pulpa, int completed)
    {
        var changes = SubmissionLifecycle.Effects(from, to, before, after, otherEarned);
        changes.ShouldBe(new CounterChanges(slots, pulpa, completed), label);
    }

    // ---------------------------------------------------------------- submit

    private static Activity Open(Action<Activity>? change = null)
    {
        var activity = new Activity
        {
            Title = "Write a thread",
            Description = "Share what you learned this week.",
            ActivityType = ActivityType.XPost,
            Difficulty = Difficulty.Beginner,
            RewardPulpaAmount = 10m,
            Status = ActivityStatus.Active,
        };
        change?.Invoke(activity);
        return activity;
    }

    [Fact]
    public void submit_checks_status_then_start_then_expiry_then_the_user_limit_then_slots()
    {
        // Every rule broken at once: the first in the contract's order wins, and so on as each is mended.
        var activity = Open(a =>
        {
            a.Status = ActivityStatus.Paused;
            a.StartsAt = s_now.AddDays(1);
            a.ExpiresAt = s_now;
            a.MaxSubmissionsPerUser = 2;
            a.TotalAvailableSlots = 5;
        });
        SubmitRule.Check(activity, s_now, 2, 5).ShouldBe(SubmitRule.Refusal.NotActive);
        activity.Status = ActivityStatus.Active;
        SubmitRule.Check(activity, s_now, 2, 5).ShouldBe(SubmitRule.Refusal.NotStarted);
        activity.StartsAt = s_now;
        SubmitRule.Check(activity, s_now, 2, 5).ShouldBe(SubmitRule.Refusal.Expired);
        activity.ExpiresAt = s_now.AddTicks(1);
        SubmitRule.Check(activity, s_now, 2, 5).ShouldBe(SubmitRule.Refusal.LimitReached);
        SubmitRule.Check(activity, s_now, 1, 5).ShouldBe(SubmitRule.Refusal.SlotsFull);
        SubmitRule.Check(activity, s_now, 1, 4).ShouldBe(SubmitRule.Refusal.None);
    }

    [Fact]
    public void a_limit_above_one_is_enforced_and_null_limits_are_unlimited()
    {
        // C13: legacy enforced only max_submissions_per_user == 1.
        SubmitRule.Check(Open(a => a.MaxSubmissionsPerUser = 3), s_now, 3, 3).ShouldBe(SubmitRule.Refusal.LimitReached);
        SubmitRule.Check(Open(), s_now, 1000, 1000).ShouldBe(SubmitRule.Refusal.None);
    }

    [Fact]
    public void evidence_requirements_are_checked_url_then_screenshot_then_text()
    {
        var all = new EvidenceRequirements(true, true, true);
        SubmitRule.Evidence(all, null, 0, null).ShouldBe(SubmitRule.MissingEvidence.Url);
        SubmitRule.Evidence(all, "https://x.org", 0, null).ShouldBe(SubmitRule.MissingEvidence.Screenshot);
        SubmitRule.Evidence(all, "https://x.org", 1, null).ShouldBe(SubmitRule.MissingEvidence.Text);
        SubmitRule.Evidence(all, "https://x.org", 1, "text").ShouldBe(SubmitRule.MissingEvidence.None);
        SubmitRule.Evidence(EvidenceRequirements.None, null, 0, null).ShouldBe(SubmitRule.MissingEvidence.None);
    }

    // ---------------------------------------------------------------- distributions and amounts

    [Fact]
    public void distributions_move_forward_and_completed_or_cancelled_ones_are_final()
    {
        DistributionLifecycle.CanMove(DistributionStatus.Pending, DistributionStatus.Processing).ShouldBeTrue();
        DistributionLifecycle.CanMove(DistributionStatus.Processing, DistributionStatus.Completed).ShouldBeTrue();
        DistributionLifecycle.CanMove(DistributionStatus.Processing, DistributionStatus.Pending).ShouldBeFalse();
        DistributionLifecycle.CanMove(DistributionStatus.Failed, DistributionStatus.Processing).ShouldBeTrue();
        foreach (var to in Enum.GetValues<DistributionStatus>())
        {
            DistributionLifecycle.CanMove(DistributionStatus.Completed, to).ShouldBeFalse();
            DistributionLifecycle.CanMove(DistributionStatus.Cancelled, to).ShouldBeFalse();
        }

        DistributionLifecycle.IsLive(DistributionStatus.Failed).ShouldBeFalse();
        DistributionLifecycle.IsLive(DistributionStatus.Cancelled).ShouldBeFalse();
        DistributionLifecycle.IsLive(DistributionStatus.Processing).ShouldBeTrue();
    }

    [Theory]
    [InlineData("12.5", "12.5")]
    [InlineData(" 0.00000001 ", "0.00000001")]
    [InlineData("9999999999.99999999", "9999999999.99999999")]
    [InlineData("1.123456789", null)]
    [InlineData("12345678901", null)]
    [InlineData("-1", null)]
    [InlineData("1e3", null)]
    [InlineData("1.", null)]
    [InlineData(".5", null)]
    [InlineData("", null)]
    public void amounts_are_decimal_strings_of_numeric_18_8(string text, string? expected)
    {
        var parsed = PulpaAmount.Parse(text);
        (parsed?.ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);
    }

    [Fact]
    public void zero_is_not_a_reward()
    {
        PulpaAmount.TryParsePositive("0", out _).ShouldBeFalse();
        PulpaAmount.TryParsePositive("0.00000001", out var least).ShouldBeTrue();
        least.ShouldBe(0.00000001m);
    }
}
