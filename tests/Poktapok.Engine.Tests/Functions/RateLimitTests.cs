using Poktapok.Engine.Functions;

namespace Poktapok.Engine.Tests.Functions;

/// <summary>The token-bucket arithmetic every rate limit uses (<see cref="RateLimit.Take"/>, ADR-007).</summary>
public sealed class RateLimitTests
{
    private static readonly DateTimeOffset s_t0 = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    // Takes at each offset (seconds from t0) and returns what each take got: 0 when granted, else the wait in seconds.
    private static List<double> Takes(RateLimit limit, params double[] at)
    {
        DateTimeOffset? fullAt = null;
        var results = new List<double>();
        foreach (var seconds in at)
        {
            var (granted, next, retryAfter) = limit.Take(fullAt, s_t0.AddSeconds(seconds));
            if (granted)
            {
                retryAfter.ShouldBe(TimeSpan.Zero);
            }
            else
            {
                next.ShouldBe(fullAt!.Value, "a refused take leaves the bucket as it was");
                retryAfter.ShouldBeGreaterThan(TimeSpan.Zero);
            }

            fullAt = next;
            results.Add(retryAfter.TotalSeconds);
        }

        return results;
    }

    [Fact]
    public void a_full_bucket_allows_a_burst_of_its_permits_then_refuses_until_one_is_back()
    {
        Takes(RateLimit.PerMinute(3), 0, 0, 0, 0).ShouldBe([0, 0, 0, 20]);
        Takes(RateLimit.PerMinute(10), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).Last().ShouldBe(6);
    }

    [Fact]
    public void a_permit_comes_back_every_interval()
    {
        // 3 a minute: one permit every 20 s.
        Takes(RateLimit.PerMinute(3), 0, 0, 0, 5, 19.5, 20, 20).ShouldBe([0, 0, 0, 15, 0.5, 0, 20]);
    }

    [Fact]
    public void after_a_whole_window_the_bucket_is_full_again_and_never_fuller()
    {
        Takes(RateLimit.PerMinute(2), 0, 0, 60, 60, 60).ShouldBe([0, 0, 0, 0, 30]);
        Takes(RateLimit.PerMinute(2), 0, 3600, 3600, 3600).ShouldBe([0, 0, 0, 30]);
    }

    [Fact]
    public void steady_callers_at_the_rate_are_always_served()
    {
        var at = Enumerable.Range(0, 100).Select(i => i * 6.0).ToArray();
        Takes(RateLimit.PerMinute(10), at).ShouldAllBe(wait => wait == 0);
    }

    [Fact]
    public void limits_need_a_permit_and_a_positive_window()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new RateLimit(0, TimeSpan.FromMinutes(1)));
        Should.Throw<ArgumentOutOfRangeException>(() => new RateLimit(1, TimeSpan.Zero));
        new RateLimitAttribute(30, "00:01:00").ToLimit().ShouldBe(RateLimit.PerMinute(30));
        new RateLimitAttribute(10, "01:00:00").ToLimit().Interval.ShouldBe(TimeSpan.FromMinutes(6));
        Should.Throw<FormatException>(() => new RateLimitAttribute(1, "1m").ToLimit());
    }
}
