namespace Poktapok.Protocol.Values;

/// <summary>
/// A value that breaks the Convex encoding rules (PROTOCOL.md §4.1): refused while reading JSON, or refused while
/// writing because the official client would throw on it. The message names the place, for example
/// <c>Invalid value at .args[0].n: $integer must decode to 8 bytes (got 7)</c>.
/// </summary>
public sealed class ConvexValueException : FormatException
{
    /// <summary>Creates the exception for a value at <paramref name="path"/>.</summary>
    /// <param name="path">Where the value is, like <c>.args[0].n</c>; empty for the top level.</param>
    /// <param name="reason">What is wrong with it.</param>
    public ConvexValueException(string path, string reason)
        : this(path, reason, null)
    {
    }

    /// <summary>Creates the exception for a value at <paramref name="path"/> with the failure that revealed it.</summary>
    /// <param name="path">Where the value is, like <c>.args[0].n</c>; empty for the top level.</param>
    /// <param name="reason">What is wrong with it.</param>
    /// <param name="innerException">The underlying failure, such as a <see cref="System.Text.Json.JsonException"/>.</param>
    public ConvexValueException(string path, string reason, Exception? innerException)
        : base(Describe(path, reason), innerException)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>Where the value is, in JSON-path style (<c>.field</c>, <c>[index]</c>); empty for the top level.</summary>
    public string Path { get; }

    /// <summary>What is wrong with the value, without the location.</summary>
    public string Reason { get; }

    private static string Describe(string path, string reason) =>
        path.Length == 0 ? $"Invalid value at the top level: {reason}" : $"Invalid value at {path}: {reason}";
}
