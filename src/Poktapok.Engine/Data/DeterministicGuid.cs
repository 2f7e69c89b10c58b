using System.Security.Cryptography;
using System.Text;

namespace Poktapok.Engine.Data;

/// <summary>
/// Name-based UUIDs (RFC 9562 version 5): the same name always gives the same id. Used where a row needs a
/// stable id that no one chose, such as seed rows, so that every database seeds them identically.
/// </summary>
public static class DeterministicGuid
{
    // A fixed namespace for Poktapok's names (itself a v4 UUID chosen once).
    private static readonly Guid s_namespace = new("6f1f4b9e-52a4-4c51-9d0e-3f6a2f0b8c11");

    public static Guid Create(string name)
    {
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetByteCount(name)];
        s_namespace.TryWriteBytes(input[..16], bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input[16..]);

        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what version 5 UUIDs are defined with; this is naming, not security.
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
