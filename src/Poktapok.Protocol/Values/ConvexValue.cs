namespace Poktapok.Protocol.Values;

/// <summary>
/// A Convex value (PROTOCOL.md §4.1): <see cref="ConvexNull"/>, <see cref="ConvexBoolean"/>,
/// <see cref="ConvexFloat64"/>, <see cref="ConvexInt64"/>, <see cref="ConvexString"/>, <see cref="ConvexBytes"/>,
/// <see cref="ConvexArray"/> or <see cref="ConvexObject"/>. Every case is an immutable sealed record with value
/// equality; <see cref="ConvexJson"/> converts values to and from JSON.
/// </summary>
/// <remarks>
/// The implicit conversions let code write <c>ConvexValue v = "text";</c>. An <see cref="int"/> becomes a
/// <see cref="ConvexFloat64"/>, not a <see cref="ConvexInt64"/>: a count or a year is a JavaScript number in the
/// client, and a bigint reaching application code breaks <c>JSON.stringify</c> and arithmetic (PROTOCOL.md §4.1).
/// Ask for an int64 explicitly with a <see cref="long"/>.
/// </remarks>
public abstract record ConvexValue
{
    // Only the cases in this assembly derive from ConvexValue, so a switch over them is complete.
    private protected ConvexValue()
    {
    }

    /// <summary>The Convex <c>null</c>; the same instance as <see cref="ConvexNull.Instance"/>.</summary>
    public static ConvexNull Null => ConvexNull.Instance;

    /// <summary>A <see cref="ConvexString"/>, or <see cref="Null"/> when <paramref name="value"/> is null.</summary>
    /// <param name="value">The text.</param>
    public static implicit operator ConvexValue(string? value) =>
        value is null ? ConvexNull.Instance : new ConvexString(value);

    /// <summary>A <see cref="ConvexBoolean"/>.</summary>
    /// <param name="value">The boolean.</param>
    public static implicit operator ConvexValue(bool value) => ConvexBoolean.Of(value);

    /// <summary>A <see cref="ConvexFloat64"/> (a JavaScript number).</summary>
    /// <param name="value">The number, including NaN, the infinities and -0.</param>
    public static implicit operator ConvexValue(double value) => new ConvexFloat64(value);

    /// <summary>
    /// A <see cref="ConvexFloat64"/> (a JavaScript number), not an int64: see the remarks on <see cref="ConvexValue"/>.
    /// </summary>
    /// <param name="value">The number.</param>
    public static implicit operator ConvexValue(int value) => new ConvexFloat64(value);

    /// <summary>A <see cref="ConvexInt64"/> (a JavaScript bigint).</summary>
    /// <param name="value">The integer.</param>
    public static implicit operator ConvexValue(long value) => new ConvexInt64(value);

    /// <summary>A <see cref="ConvexBytes"/> holding a copy of the array, or <see cref="Null"/> when it is null.</summary>
    /// <param name="value">The bytes.</param>
    public static implicit operator ConvexValue(byte[]? value) =>
        value is null ? ConvexNull.Instance : new ConvexBytes(value);

    /// <summary>
    /// The value in the <see cref="ConvexJsonFormat.ConvexEncoded"/> format, for logs and test failures. Unlike
    /// <see cref="ConvexJson.Serialize"/> it never throws: object keys are not validated and lone surrogates are
    /// shown as U+FFFD.
    /// </summary>
    /// <returns>The JSON text.</returns>
    public sealed override string ToString() => ConvexJson.SerializeForDisplay(this);
}
