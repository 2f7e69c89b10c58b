namespace Poktapok.Engine.Functions;

/// <summary>
/// A token bucket: at most <see cref="Permits"/> calls at once, refilled at <see cref="Permits"/> per
/// <see cref="Window"/> (one permit every <see cref="Interval"/>). A caller who used none may make
/// <see cref="Permits"/> calls in a burst; the next one waits an <see cref="Interval"/>; after a whole
/// <see cref="Window"/> without calls the bucket is full again.
/// <para>
/// The state of a bucket is one instant, <c>fullAt</c>: when it will be full again if nobody takes from it (a
/// bucket never taken from, or whose <c>fullAt</c> has passed, is full). Taking a permit moves <c>fullAt</c> one
/// interval later; it is refused when that would put <c>fullAt</c> more than a window ahead of now (the bucket is
/// empty). The same arithmetic serves the stored buckets of mutations and actions and the in-memory buckets of
/// queries (ADR-007), so a limit means the same everywhere.
/// </para>
/// </summary>
public readonly record struct RateLimit
{
    public RateLimit(int permits, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        if (window < TimeSpan.FromMilliseconds(1) || window.Ticks / permits < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "The window must be positive and at least a tick per permit.");
        }

        Permits = permits;
        Window = window;
    }

    /// <summary>How many calls the full bucket allows at once (its capacity).</summary>
    public int Permits { get; }

    /// <summary>How long the empty bucket takes to fill up again.</summary>
    public TimeSpan Window { get; }

    /// <summary>How long one permit takes to come back.</summary>
    public TimeSpan Interval => TimeSpan.FromTicks(Window.Ticks / Permits);

    /// <summary><paramref name="permits"/> calls a minute.</summary>
    public static RateLimit PerMinute(int permits) => new(permits, TimeSpan.FromMinutes(1));

    /// <summary><paramref name="permits"/> calls an hour.</summary>
    public static RateLimit PerHour(int permits) => new(permits, TimeSpan.FromHours(1));

    /// <summary>
    /// Takes one permit from a bucket whose state is <paramref name="fullAt"/> (null: never taken from) at
    /// <paramref name="now"/>. Returns whether it was granted, the bucket's new state (unchanged when refused) and,
    /// when refused, how long until a permit is back (always positive).
    /// </summary>
    public (bool Granted, DateTimeOffset FullAt, TimeSpan RetryAfter) Take(DateTimeOffset? fullAt, DateTimeOffset now)
    {
        var from = fullAt is { } f && f > now ? f : now;
        var next = from + Interval;
        var ahead = next - now;
        return ahead <= Window
            ? (true, next, TimeSpan.Zero)
            : (false, fullAt ?? now, ahead - Window);
    }

    public override string ToString() => $"{Permits} per {Window:c}";
}
