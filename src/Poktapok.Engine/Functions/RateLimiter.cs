using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Poktapok.Engine.Data;

namespace Poktapok.Engine.Functions;

/// <summary>
/// Takes permits from the token buckets of rate-limited functions (<see cref="RateLimitAttribute"/>, ADR-007):
/// stored ones (<c>_poktapok_rate_limits</c>, in the caller's transaction) for mutations and actions, and ones in
/// this process's memory for queries, which cannot write. Both use <see cref="RateLimit.Take"/>.
/// </summary>
internal sealed class RateLimiter
{
    private readonly ConcurrentDictionary<string, MemoryBucket> _memory = new(StringComparer.Ordinal);
    private long _lastSweepTicks;

    /// <summary>
    /// Whom a caller's calls count against: its identity; its connection when anonymous; nobody (null: never
    /// limited) for the operator and for server code, which has neither an identity nor a connection.
    /// </summary>
    public static string? ClientOf(Caller caller) => caller switch
    {
        { IsAdmin: true } => null,
        { Identity: { } identity } => "id:" + identity.TokenIdentifier,
        { Connection: { Length: > 0 } connection } => "conn:" + connection,
        _ => null,
    };

    /// <summary>The key of <paramref name="client"/>'s bucket named <paramref name="bucket"/> (a hash of the client when long).</summary>
    public static string KeyOf(string bucket, string client)
    {
        var key = bucket + "|" + client;
        return key.Length <= RateLimitRecord.MaxKeyLength
            ? key
            : bucket + "|sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(client)));
    }

    /// <summary>Takes a permit from a bucket kept in this process; returns null when granted, else how long until one is back.</summary>
    public TimeSpan? TakeInMemory(string key, RateLimit limit, DateTimeOffset now)
    {
        Sweep(now);
        while (true)
        {
            var bucket = _memory.GetOrAdd(key, static _ => new MemoryBucket());
            lock (bucket.Gate)
            {
                if (bucket.Removed)
                {
                    continue; // swept between the lookup and the lock: take from its successor
                }

                var (granted, fullAt, retryAfter) = limit.Take(bucket.FullAt, now);
                if (!granted)
                {
                    return retryAfter;
                }

                bucket.FullAt = fullAt;
                return null;
            }
        }
    }

    /// <summary>
    /// Takes a permit from a stored bucket in <paramref name="db"/>'s transaction: the change commits or rolls back
    /// with it. Returns null when granted, else how long until a permit is back (nothing is written then).
    /// </summary>
    public static async Task<TimeSpan?> TakeStoredAsync(PoktapokDbContext db, string key, RateLimit limit, DateTimeOffset now, CancellationToken ct)
    {
        var row = await db.RateLimits.FindAsync([key], ct);
        var (granted, fullAt, retryAfter) = limit.Take(row?.FullAt, now);
        if (!granted)
        {
            return retryAfter;
        }

        if (row is null)
        {
            db.RateLimits.Add(new RateLimitRecord { Key = key, FullAt = fullAt });
        }
        else
        {
            row.FullAt = fullAt;
        }

        return null;
    }

    /// <summary>The application error of a refused call: <c>RATE_LIMITED</c> with <c>details.retryAfterMs</c> (at least 1).</summary>
    public static ConvexError Refusal(string path, TimeSpan retryAfter)
    {
        // A number on the wire (an int is a float64; a long would reach clients as a bigint).
        var ms = (int)Math.Clamp(Math.Ceiling(retryAfter.TotalMilliseconds), 1, int.MaxValue);
        var seconds = Math.Max(1L, (long)Math.Ceiling(retryAfter.TotalSeconds));
        var message = $"Too many calls of {FunctionPath.Display(path)}; try again in {seconds} s.";
        return new ConvexError(ErrorCodes.Data(ErrorCodes.RateLimited, message, null, new { retryAfterMs = ms }), message);
    }

    // A bucket that is full again means the same as none: at most once a minute, such buckets are dropped, so the
    // memory held is that of the clients of the last window.
    private void Sweep(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweepTicks);
        if (now.UtcTicks - last < TimeSpan.TicksPerMinute || Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (key, bucket) in _memory)
        {
            lock (bucket.Gate)
            {
                if (bucket.FullAt is not { } fullAt || fullAt <= now)
                {
                    bucket.Removed = true;
                    _memory.TryRemove(new KeyValuePair<string, MemoryBucket>(key, bucket));
                }
            }
        }
    }

    private sealed class MemoryBucket
    {
        public Lock Gate { get; } = new();

        public DateTimeOffset? FullAt { get; set; }

        public bool Removed { get; set; }
    }
}
