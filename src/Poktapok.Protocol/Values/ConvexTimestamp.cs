using System.Buffers.Binary;

namespace Poktapok.Protocol.Values;

/// <summary>
/// The protocol's "u64-b64" timestamps: an unsigned 64-bit integer written as the standard padded base64 of its
/// 8 little-endian bytes, so 0 is <c>AAAAAAAAAAA=</c> (PROTOCOL.md notation).
/// </summary>
public static class ConvexTimestamp
{
    /// <summary>Writes a timestamp as u64-b64.</summary>
    /// <param name="value">The timestamp.</param>
    /// <returns>12 characters of padded standard base64.</returns>
    public static string Encode(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>
    /// Reads a u64-b64 timestamp. As in the client's decoder, the base64 must be padded and <c>-</c>/<c>_</c> are
    /// read as <c>+</c>/<c>/</c>.
    /// </summary>
    /// <param name="text">The encoded timestamp, or null.</param>
    /// <param name="value">The timestamp, or 0 when the text is not valid.</param>
    /// <returns>True when <paramref name="text"/> is padded base64 of exactly 8 bytes.</returns>
    public static bool TryDecode(string? text, out ulong value)
    {
        if (text is not null && ConvexBase64.TryDecode(text, out var bytes) && bytes.Length == 8)
        {
            value = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            return true;
        }

        value = 0;
        return false;
    }
}
