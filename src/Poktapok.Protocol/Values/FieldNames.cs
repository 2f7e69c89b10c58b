using System.Text;

namespace Poktapok.Protocol.Values;

/// <summary>
/// The object-key rules of the client's <c>validateObjectField</c> (PROTOCOL.md §4.1, pitfall P10). A key that
/// breaks them makes the client throw while decoding, so the server refuses it both ways.
/// </summary>
internal static class FieldNames
{
    /// <summary>The client's <c>MAX_IDENTIFIER_LEN</c>, counted in UTF-16 code units like JavaScript's <c>length</c>.</summary>
    public const int MaxLength = 1024;

    // Long keys are cut in messages so one bad key cannot flood a log line or an error response.
    private const int MaxShownLength = 40;

    /// <summary>Why <paramref name="key"/> is refused, or null when it is allowed. Checks run in the client's order.</summary>
    public static string? Check(string key)
    {
        if (key.Length > MaxLength)
            return $"field name {Show(key)} is longer than {MaxLength} characters ({key.Length})";
        if (key.StartsWith('$'))
            return $"field name {Show(key)} starts with '$', which is reserved";
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c < 32 || c >= 127)
                return $"field name {Show(key)} has the character U+{(int)c:X4} at {i}: field names may only hold non-control ASCII";
        }

        return null;
    }

    /// <summary>The key as a quoted, escaped and possibly shortened string for a message.</summary>
    public static string Show(string key)
    {
        var shown = key.Length > MaxShownLength ? key[..MaxShownLength] : key;
        var text = new StringBuilder(shown.Length + 8).Append('"');
        foreach (var c in shown)
        {
            if (c is '"' or '\\')
                text.Append('\\').Append(c);
            else if (c is < ' ' or > '~')
                text.Append($"\\u{(int)c:x4}");
            else
                text.Append(c);
        }

        text.Append('"');
        if (shown.Length < key.Length)
            text.Append('…');
        return text.ToString();
    }

    /// <summary>Whether a key can follow a dot in a path without quoting.</summary>
    public static bool IsPlainIdentifier(string key)
    {
        if (key.Length == 0 || char.IsAsciiDigit(key[0]))
            return false;
        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '$')
                return false;
        }

        return true;
    }
}
