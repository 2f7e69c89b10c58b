using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;

namespace Poktapok.Server.Tests.Functions;

/// <summary><see cref="EventStatusRule"/> (FUNCTIONS.md §3.14) at and around each of its boundaries.</summary>
public sealed class EventStatusRuleTests
{
    private static readonly DateTimeOffset s_start = new(2026, 5, 1, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset s_end = s_start.AddHours(2);
    private static readonly TimeSpan s_tick = TimeSpan.FromTicks(1);

    public static TheoryData<string, DateTimeOffset?, TimeSpan, EventStatus> Cases() => new()
    {
        // label, end, now relative to start, expected
        { "a tick before the start", s_end, -s_tick, EventStatus.Upcoming },
        { "long before the start", s_end, -TimeSpan.FromDays(30), EventStatus.Upcoming },
        { "at the start", s_end, TimeSpan.Zero, EventStatus.Live },
        { "a tick before the end", s_end, TimeSpan.FromHours(2) - s_tick, EventStatus.Live },
        { "at the end", s_end, TimeSpan.FromHours(2), EventStatus.Past },
        { "after the end", s_end, TimeSpan.FromDays(1), EventStatus.Past },
        { "no end: at the start", null, TimeSpan.Zero, EventStatus.Live },
        { "no end: a tick before start + 3 h", null, TimeSpan.FromHours(3) - s_tick, EventStatus.Live },
        { "no end: at start + 3 h", null, TimeSpan.FromHours(3), EventStatus.Past },
        { "no end: before the start", null, -s_tick, EventStatus.Upcoming },
        { "end equal to start: at the start", s_start, TimeSpan.Zero, EventStatus.Past },
        { "end before start (legacy row): at the start", s_start.AddHours(-1), TimeSpan.Zero, EventStatus.Past },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void the_status_follows_start_end_and_now(string label, DateTimeOffset? end, TimeSpan sinceStart, EventStatus expected) =>
        EventStatusRule.At(s_start, end, cancelled: false, s_start + sinceStart).ShouldBe(expected, label);

    [Theory]
    [InlineData(-1.0)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(100.0)]
    public void a_cancelled_event_stays_cancelled_whatever_the_time(double hoursSinceStart) =>
        EventStatusRule.At(s_start, s_end, cancelled: true, s_start.AddHours(hoursSinceStart)).ShouldBe(EventStatus.Cancelled);

    [Fact]
    public void an_event_without_an_end_lasts_three_hours()
    {
        EventStatusRule.DefaultDuration.ShouldBe(TimeSpan.FromHours(3));
        EventStatusRule.EndOf(s_start, null).ShouldBe(s_start.AddHours(3));
        EventStatusRule.EndOf(s_start, s_end).ShouldBe(s_end);
    }
}
