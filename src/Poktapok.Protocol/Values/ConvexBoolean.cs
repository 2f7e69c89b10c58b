namespace Poktapok.Protocol.Values;

/// <summary>A Convex boolean, written as JSON <c>true</c> or <c>false</c>.</summary>
public sealed record ConvexBoolean : ConvexValue
{
    /// <summary>Creates a boolean value; <see cref="Of"/> returns a shared instance instead.</summary>
    /// <param name="value">The boolean.</param>
    public ConvexBoolean(bool value)
    {
        Value = value;
    }

    /// <summary>The shared <c>true</c>.</summary>
    public static ConvexBoolean True { get; } = new(true);

    /// <summary>The shared <c>false</c>.</summary>
    public static ConvexBoolean False { get; } = new(false);

    /// <summary>The boolean.</summary>
    public bool Value { get; }

    /// <summary>Returns <see cref="True"/> or <see cref="False"/>.</summary>
    /// <param name="value">The boolean.</param>
    /// <returns>The shared instance.</returns>
    public static ConvexBoolean Of(bool value) => value ? True : False;
}
