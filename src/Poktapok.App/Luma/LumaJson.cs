using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Poktapok.App.Luma;

/// <summary>Tolerant reads from JSON that Luma controls: wrong types read as missing, never as errors.</summary>
internal static class LumaJson
{
    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    /// <summary>Parses <paramref name="text"/> into an element that outlives the document.</summary>
    public static JsonElement Parse(string text)
    {
        using var document = JsonDocument.Parse(text, DocumentOptions);
        return document.RootElement.Clone();
    }

    /// <summary>The property when <paramref name="e"/> is an object that has it and it is not null.</summary>
    public static JsonElement? Prop(JsonElement? e, string name) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? v : null;

    /// <summary>The property when it is an object.</summary>
    public static JsonElement? Obj(JsonElement? e, string name) => Prop(e, name) is { ValueKind: JsonValueKind.Object } v ? v : null;

    /// <summary>The items of an array property (an object alone counts as one item).</summary>
    public static IEnumerable<JsonElement> Items(JsonElement? e, string name) => Prop(e, name) switch
    {
        { ValueKind: JsonValueKind.Array } a => a.EnumerateArray(),
        { ValueKind: JsonValueKind.Object } o => [o],
        _ => [],
    };

    /// <summary>The first of <paramref name="names"/> that is a non-blank string (decoded, trimmed) or a number.</summary>
    public static string? Str(JsonElement? e, params string[] names)
    {
        foreach (var name in names)
        {
            var text = Prop(e, name) switch
            {
                { ValueKind: JsonValueKind.String } s => Clean(s.GetString()),
                { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
                _ => null,
            };
            if (text is not null)
            {
                return text;
            }
        }

        return null;
    }

    /// <summary>A number, or a string holding one.</summary>
    public static double? Num(JsonElement? e, params string[] names)
    {
        foreach (var name in names)
        {
            double? value = Prop(e, name) switch
            {
                { ValueKind: JsonValueKind.Number } n when n.TryGetDouble(out var d) => d,
                { ValueKind: JsonValueKind.String } s when double.TryParse(s.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                _ => null,
            };
            if (value is { } v && double.IsFinite(v))
            {
                return v;
            }
        }

        return null;
    }

    /// <summary>A whole, non-negative number.</summary>
    public static int? Count(JsonElement? e, params string[] names) =>
        Num(e, names) is { } v && v >= 0 && v <= int.MaxValue && Math.Floor(v) == v ? (int)v : null;

    /// <summary>A boolean, or the string "true"/"false".</summary>
    public static bool? Bool(JsonElement? e, params string[] names)
    {
        foreach (var name in names)
        {
            bool? value = Prop(e, name) switch
            {
                { ValueKind: JsonValueKind.True } => true,
                { ValueKind: JsonValueKind.False } => false,
                { ValueKind: JsonValueKind.String } s when bool.TryParse(s.GetString(), out var b) => b,
                _ => null,
            };
            if (value is not null)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>HTML entities decoded, trimmed; blank is null.</summary>
    public static string? Clean(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var decoded = WebUtility.HtmlDecode(text).Trim();
        return decoded.Length == 0 ? null : decoded;
    }

    /// <summary>The text of a ProseMirror document (Luma's <c>description_mirror</c>), one line per block.</summary>
    public static string? MirrorText(JsonElement? doc)
    {
        if (doc is not { ValueKind: JsonValueKind.Object } root)
        {
            return null;
        }

        var text = new StringBuilder();
        Walk(root, text, 0);
        return Clean(text.ToString());

        static void Walk(JsonElement node, StringBuilder text, int depth)
        {
            if (depth > 32)
            {
                return;
            }

            if (Str(node, "type") == "text" && Prop(node, "text") is { ValueKind: JsonValueKind.String } t)
            {
                text.Append(t.GetString());
            }
            else if (Str(node, "type") == "hard_break")
            {
                text.Append('\n');
            }

            foreach (var child in Items(node, "content"))
            {
                Walk(child, text, depth + 1);
            }

            if (Str(node, "type") is "paragraph" or "heading" or "list_item" or "blockquote" && text.Length > 0 && text[^1] != '\n')
            {
                text.Append('\n');
            }
        }
    }
}
