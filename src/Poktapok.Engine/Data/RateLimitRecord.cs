namespace Poktapok.Engine.Data;

/// <summary>
/// The state of one stored token bucket (<c>_poktapok_rate_limits</c>): the bucket and client it belongs to, as
/// <see cref="Key"/> (<c>bucket|client</c>), and the instant it is full again (<see cref="Functions.RateLimit"/>).
/// Written only by the runtime, in the transaction of the call that takes a permit, so buckets are exact across
/// server processes. A row whose <see cref="FullAt"/> has passed means the same as no row; the scheduler's
/// housekeeping deletes such rows.
/// </summary>
public sealed class RateLimitRecord
{
    public const string TableName = "_poktapok_rate_limits";

    /// <summary>The longest <see cref="Key"/>; longer client keys are stored hashed.</summary>
    public const int MaxKeyLength = 300;

    public required string Key { get; set; }

    public DateTimeOffset FullAt { get; set; }
}
