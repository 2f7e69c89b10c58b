using System.Text.Json;
using Poktapok.Protocol.Values;

namespace Poktapok.Protocol.Sync;

public static partial class SyncJson
{
    /// <summary>
    /// Typed access to the fields of one JSON object, throwing <see cref="SyncProtocolException"/>s that name the
    /// field by <paramref name="path"/> (like <c>ModifyQuerySet.modifications[0]</c>) plus its name.
    /// </summary>
    private readonly struct Fields(JsonElement element, string path)
    {
        public string Path => path;

        public string Field(string name) => path + "." + name;

        public string RequiredString(string name) =>
            OptionalString(name) ?? throw MissingOrNull(name);

        /// <summary>Missing and null both read as null, as §2 asks of optional fields.</summary>
        public string? OptionalString(string name)
        {
            if (!TryGet(name, out var value))
                return null;
            return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Expected(name, "a string", value);
        }

        public int RequiredInt(string name)
        {
            var value = Required(name);
            if (value.ValueKind != JsonValueKind.Number)
                throw Expected(name, "a number", value);
            // The real backend reads ids, versions and counts as u32; int covers every value a client reaches.
            if (!value.TryGetInt32(out var number) || number < 0)
                throw new SyncProtocolException(Field(name), $"expected a non-negative 32-bit integer, got {value.GetRawText()}");
            return number;
        }

        public long? OptionalLong(string name)
        {
            if (!TryGet(name, out var value))
                return null;
            if (value.ValueKind != JsonValueKind.Number)
                throw Expected(name, "a number", value);
            if (!value.TryGetInt64(out var number))
                throw new SyncProtocolException(Field(name), $"expected a 64-bit integer, got {value.GetRawText()}");
            return number;
        }

        public bool RequiredBool(string name)
        {
            var value = Required(name);
            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Expected(name, "a boolean", value),
            };
        }

        public ulong RequiredTimestamp(string name) =>
            OptionalTimestamp(name) ?? throw MissingOrNull(name);

        public ulong? OptionalTimestamp(string name)
        {
            var text = OptionalString(name);
            if (text is null)
                return null;
            if (!ConvexTimestamp.TryDecode(text, out var ts))
                throw new SyncProtocolException(Field(name), $"expected a u64-b64 timestamp (padded base64 of 8 bytes), got \"{text}\"");
            return ts;
        }

        public Fields RequiredObject(string name)
        {
            var value = Required(name);
            return value.ValueKind == JsonValueKind.Object ? new Fields(value, Field(name)) : throw Expected(name, "an object", value);
        }

        public JsonElement RequiredArray(string name)
        {
            var value = Required(name);
            return value.ValueKind == JsonValueKind.Array ? value : throw Expected(name, "an array", value);
        }

        public ConvexValue RequiredValue(string name) => ReadValue(Required(name), Field(name));

        /// <summary>A Convex value that may be missing; a JSON null is the Convex null, not C# null.</summary>
        public ConvexValue? OptionalValue(string name) =>
            element.TryGetProperty(name, out var value) ? ReadValue(value, Field(name)) : null;

        /// <summary>Raw JSON that may be missing; a JSON null is kept as a null-kind element.</summary>
        public JsonElement? OptionalRaw(string name) =>
            element.TryGetProperty(name, out var value) ? value.Clone() : null;

        public IReadOnlyList<ConvexValue> ValueList(string name)
        {
            var array = RequiredArray(name);
            var values = new List<ConvexValue>(array.GetArrayLength());
            var index = 0;
            foreach (var item in array.EnumerateArray())
                values.Add(ReadValue(item, $"{Field(name)}[{index++}]"));
            return values;
        }

        public IReadOnlyList<string> StringList(string name)
        {
            var array = RequiredArray(name);
            var strings = new List<string>(array.GetArrayLength());
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                    throw new SyncProtocolException($"{Field(name)}[{index}]", $"expected a string, got {Kind(item)}");
                strings.Add(item.GetString()!);
                index++;
            }

            return strings;
        }

        /// <summary>The objects of an array field, each with its path, for modification lists.</summary>
        public List<(JsonElement Element, string Path)> Objects(string name)
        {
            var array = RequiredArray(name);
            var items = new List<(JsonElement, string)>(array.GetArrayLength());
            var index = 0;
            foreach (var item in array.EnumerateArray())
                items.Add((item, $"{Field(name)}[{index++}]"));
            return items;
        }

        private JsonElement Required(string name) =>
            element.TryGetProperty(name, out var value) ? value : throw new SyncProtocolException(Field(name), "required field is missing");

        /// <summary>True when the field is present and not null.</summary>
        private bool TryGet(string name, out JsonElement value) =>
            element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

        private SyncProtocolException MissingOrNull(string name) =>
            new(Field(name), element.TryGetProperty(name, out _) ? "must not be null" : "required field is missing");

        private SyncProtocolException Expected(string name, string expected, JsonElement got) =>
            new(Field(name), $"expected {expected}, got {Kind(got)}");
    }

    private static ConvexValue ReadValue(JsonElement element, string path)
    {
        try
        {
            return ConvexJson.Read(element, path);
        }
        catch (ConvexValueException e)
        {
            throw new SyncProtocolException(e.Path, e.Reason, e);
        }
    }
}
