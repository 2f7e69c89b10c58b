using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Poktapok.Protocol.Values;

/// <summary>Base64 decoding with the rules of the client's vendored base64-js (<c>src/values/base64.ts</c>).</summary>
internal static class ConvexBase64
{
    private static readonly SearchValues<char> s_alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_");

    /// <summary>
    /// Decodes padded base64, reading the URL-safe <c>-</c>/<c>_</c> as <c>+</c>/<c>/</c> as the client does. Unlike
    /// the client, a character outside the alphabet (whitespace included) is refused instead of read as zero bits.
    /// </summary>
    public static bool TryDecode(string text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (text.Length % 4 != 0)
            return false;
        var padding = text.EndsWith("==", StringComparison.Ordinal) ? 2 : text.EndsWith('=') ? 1 : 0;
        var body = text.AsSpan(0, text.Length - padding);
        if (body.ContainsAnyExcept(s_alphabet))
            return false;

        var standard = body.ContainsAny('-', '_') ? text.Replace('-', '+').Replace('_', '/') : text;
        var decoded = new byte[text.Length / 4 * 3 - padding];
        if (!Convert.TryFromBase64String(standard, decoded, out var written) || written != decoded.Length)
            return false;
        bytes = decoded;
        return true;
    }
}
