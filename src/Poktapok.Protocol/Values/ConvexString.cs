namespace Poktapok.Protocol.Values;

/// <summary>A Convex string, written as a JSON string.</summary>
public sealed record ConvexString : ConvexValue
{
    /// <summary>Creates a string value.</summary>
    /// <param name="value">The text; not null (use <see cref="ConvexValue.Null"/>).</param>
    public ConvexString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    /// <summary>The text.</summary>
    public string Value { get; }
}
