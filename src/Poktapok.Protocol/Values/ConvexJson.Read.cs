using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace Poktapok.Protocol.Values;

public static partial class ConvexJson
{
    // Numbers and strings quoted in messages are cut so one bad value cannot flood a log line or an error response.
    private const int MaxShownLength = 40;

    private static ConvexValue ReadValue(JsonElement element, ValuePath path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return ConvexNull.Instance;
            case JsonValueKind.True:
                return ConvexBoolean.True;
            case JsonValueKind.False:
                return ConvexBoolean.False;
            case JsonValueKind.Number:
                // JavaScript would read 1e400 as Infinity, but the client never sends that (it writes $float), so an
                // out-of-range number is a malformed request rather than a value to guess at.
                return element.TryGetDouble(out var number) && double.IsFinite(number)
                    ? new ConvexFloat64(number)
                    : throw path.Error($"the number {Shorten(element.GetRawText())} does not fit a float64");
            case JsonValueKind.String:
                return new ConvexString(ReadString(element, path));
            case JsonValueKind.Array:
                return ReadArray(element, path);
            case JsonValueKind.Object:
                return ReadObject(element, path);
            default:
                throw path.Error($"unexpected JSON {element.ValueKind}");
        }
    }

    private static ConvexArray ReadArray(JsonElement element, ValuePath path)
    {
        var items = new ConvexValue[element.GetArrayLength()];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            path.Push(i);
            items[i++] = ReadValue(item, path);
            path.Pop();
        }

        return ConvexArray.Own(items);
    }

    private static ConvexValue ReadObject(JsonElement element, ValuePath path)
    {
        var count = element.GetPropertyCount();
        if (count == 1)
        {
            // As in jsonToConvex, only an object whose one key is a tag is special; {"$integer":…,"x":1} falls
            // through to the key check below and is refused for its '$' key.
            using var properties = element.EnumerateObject();
            properties.MoveNext();
            var tag = ReadName(properties.Current, path);
            switch (tag)
            {
                case "$bytes" or "$integer" or "$float":
                    return ReadTagged(tag, properties.Current.Value, path);
                case "$set":
                    throw path.Error("$set: a Set is no longer supported as a Convex type");
                case "$map":
                    throw path.Error("$map: a Map is no longer supported as a Convex type");
            }
        }

        var fields = new KeyValuePair<string, ConvexValue>[count];
        var byKey = new Dictionary<string, ConvexValue>(count, StringComparer.Ordinal);
        var i = 0;
        foreach (var property in element.EnumerateObject())
        {
            var key = ReadName(property, path);
            if (FieldNames.Check(key) is { } reason)
                throw path.Error(reason);
            // JavaScript's JSON.parse would silently keep the last duplicate; refusing avoids reading a different
            // value than a JavaScript peer would while still telling the sender what is wrong.
            if (byKey.ContainsKey(key))
                throw path.Error($"field name {FieldNames.Show(key)} appears more than once");
            path.Push(key);
            var value = ReadValue(property.Value, path);
            path.Pop();
            byKey.Add(key, value);
            fields[i++] = new(key, value);
        }

        return ConvexObject.Own(fields, byKey);
    }

    private static ConvexValue ReadTagged(string tag, JsonElement content, ValuePath path)
    {
        if (content.ValueKind != JsonValueKind.String)
            throw path.Error($"{tag} must hold a string, not {content.ValueKind}");
        var text = ReadString(content, path);
        if (!ConvexBase64.TryDecode(text, out var bytes))
            throw path.Error($"{tag} must hold padded base64, not {Shorten(JsonSerializer.Serialize(text))}");
        if (tag == "$bytes")
            return ConvexBytes.Own(bytes);
        if (bytes.Length != 8)
            throw path.Error($"{tag} must decode to 8 bytes (got {bytes.Length})");
        if (tag == "$integer")
            return new ConvexInt64(BinaryPrimitives.ReadInt64LittleEndian(bytes));

        var value = new ConvexFloat64(BinaryPrimitives.ReadDoubleLittleEndian(bytes));
        // The client throws "should be encoded as a number" here; accepting would let a value through that no
        // official encoder produces.
        return value.IsSpecial
            ? value
            : throw path.Error(
                $"$float holds {value.Value.ToString("R", CultureInfo.InvariantCulture)}, which must be sent as a plain JSON number");
    }

    private static string ReadString(JsonElement element, ValuePath path)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            // An escaped lone surrogate ("\ud800") is valid JSON but no .NET-to-UTF-8 path can keep it.
            throw path.Error("string holds an invalid UTF-16 escape (a lone surrogate)", e);
        }
    }

    private static string ReadName(JsonProperty property, ValuePath path)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException e)
        {
            throw path.Error("field name holds an invalid UTF-16 escape (a lone surrogate)", e);
        }
    }

    private static string Shorten(string text) => text.Length > MaxShownLength ? text[..MaxShownLength] + "…" : text;
}
