namespace Poktapok.Protocol.Values;

/// <summary>
/// A Convex int64 (a JavaScript bigint). Use it only for real 64-bit integer fields: ordinary numbers are
/// <see cref="ConvexFloat64"/> (PROTOCOL.md §4.1).
/// </summary>
public sealed record ConvexInt64 : ConvexValue
{
    /// <summary>Creates an int64 value.</summary>
    /// <param name="value">The integer.</param>
    public ConvexInt64(long value)
    {
        Value = value;
    }

    /// <summary>The integer.</summary>
    public long Value { get; }
}
