namespace Poktapok.Protocol.Values;

/// <summary>
/// A Convex float64 (a JavaScript number). NaN, the infinities and -0 are values like any other; the encoded JSON
/// format writes them as <c>{"$float":…}</c> because JSON numbers cannot hold them.
/// </summary>
/// <remarks>
/// Equality follows the wire rather than IEEE-754: every NaN equals every other NaN (they are all sent as the same
/// canonical bytes), and -0 does not equal 0 (they are sent differently).
/// </remarks>
public sealed record ConvexFloat64 : ConvexValue
{
    /// <summary>Creates a float64 value.</summary>
    /// <param name="value">The number, including NaN, the infinities and -0.</param>
    public ConvexFloat64(double value)
    {
        Value = value;
    }

    /// <summary>The number.</summary>
    public double Value { get; }

    /// <summary>
    /// True for NaN, ±Infinity and -0: the numbers a JSON number cannot carry, which the encoded format writes as
    /// <c>$float</c>.
    /// </summary>
    public bool IsSpecial => !double.IsFinite(Value) || double.IsNegative(Value) && Value == 0;

    /// <summary>True when both hold NaN or the same bits (so -0 and 0 differ).</summary>
    /// <param name="other">The value to compare with.</param>
    /// <returns>Whether the two are the same Convex value.</returns>
    public bool Equals(ConvexFloat64? other) =>
        other is not null
        && (double.IsNaN(Value)
            ? double.IsNaN(other.Value)
            : BitConverter.DoubleToInt64Bits(Value) == BitConverter.DoubleToInt64Bits(other.Value));

    /// <summary>A hash consistent with <see cref="Equals(ConvexFloat64?)"/>.</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode() =>
        double.IsNaN(Value) ? double.NaN.GetHashCode() : BitConverter.DoubleToInt64Bits(Value).GetHashCode();
}
