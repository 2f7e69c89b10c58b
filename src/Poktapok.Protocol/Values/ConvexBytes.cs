namespace Poktapok.Protocol.Values;

/// <summary>
/// A Convex bytes value (a JavaScript <c>ArrayBuffer</c>), written as <c>{"$bytes":"&lt;base64&gt;"}</c> in the
/// encoded format and as a bare base64 string in the clean format. Equality compares the content.
/// </summary>
public sealed record ConvexBytes : ConvexValue
{
    private readonly byte[] _bytes;

    /// <summary>Creates a bytes value holding a copy of <paramref name="bytes"/>, so later changes to the source are not seen.</summary>
    /// <param name="bytes">The content.</param>
    public ConvexBytes(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes.ToArray();
    }

    // Takes ownership without copying; only for arrays nobody else holds (the JSON reader's decoded base64).
    private ConvexBytes(byte[] owned)
    {
        _bytes = owned;
    }

    /// <summary>The content.</summary>
    public ReadOnlyMemory<byte> Value => _bytes;

    /// <summary>The number of bytes.</summary>
    public int Length => _bytes.Length;

    internal static ConvexBytes Own(byte[] bytes) => new(bytes);

    /// <summary>True when both hold the same bytes.</summary>
    /// <param name="other">The value to compare with.</param>
    /// <returns>Whether the contents are equal.</returns>
    public bool Equals(ConvexBytes? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <summary>A hash of the content.</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }
}
