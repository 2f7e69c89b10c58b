using System.Globalization;

namespace Poktapok.Engine.Functions;

/// <summary>
/// Limits how often one client may call a function: <c>[Query, RateLimit(30, "00:01:00")]</c> is 30 calls a
/// minute per identity (per connection when anonymous), as a token bucket (<see cref="RateLimit"/>). A call over
/// the limit fails with the application error <c>RATE_LIMITED</c> and <c>details.retryAfterMs</c>. The operator
/// (admin key) and server code (the scheduler, crons: calls with neither an identity nor a connection) are never
/// limited. Where the bucket lives depends on the kind (ADR-007, docs/functions.md "Rate limits"):
/// <list type="bullet">
/// <item>query: in the memory of the server process, taken when a client starts the query (an HTTP call, a new
/// subscription; not the re-runs of a subscription). The limit is per server process.</item>
/// <item>mutation: in <c>_poktapok_rate_limits</c>, taken in the mutation's own transaction before its body runs:
/// exact across server processes; a call that fails gives its permit back with the rollback.</item>
/// <item>action: in <c>_poktapok_rate_limits</c>, taken in a transaction of its own before the action runs: a
/// call that fails afterwards keeps its permit used.</item>
/// </list>
/// A limit belongs to the caller, so it also applies when a client's action runs the function
/// (<c>ctx.RunAction</c>) as that client.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class RateLimitAttribute : Attribute
{
    /// <param name="permits">Calls allowed in a burst, and per <paramref name="window"/>.</param>
    /// <param name="window">A <see cref="TimeSpan"/> in its invariant form: <c>"00:01:00"</c> a minute, <c>"01:00:00"</c> an hour.</param>
    public RateLimitAttribute(int permits, string window)
    {
        Permits = permits;
        Window = window;
    }

    public int Permits { get; }

    public string Window { get; }

    /// <summary>
    /// The bucket's name, to share one bucket among several functions (<c>"luma"</c>); the function's path when
    /// not set. Functions sharing a bucket must declare the same limit.
    /// </summary>
    public string? Bucket { get; init; }

    /// <summary>The limit this declares; throws <see cref="FormatException"/> or <see cref="ArgumentOutOfRangeException"/> when malformed.</summary>
    public RateLimit ToLimit() => new(Permits, TimeSpan.ParseExact(Window, "c", CultureInfo.InvariantCulture));
}
