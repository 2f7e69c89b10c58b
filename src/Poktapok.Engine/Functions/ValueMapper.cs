using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Poktapok.Engine.Data;
using Poktapok.Protocol.Values;

namespace Poktapok.Engine.Functions;

/// <summary>
/// Converts between C# values and Convex values, both ways, by one set of rules:
/// <list type="table">
/// <item><term>C#</term><description>Convex</description></item>
/// <item><term>bool, string</term><description>boolean, string</description></item>
/// <item><term>int, double, float</term><description>float64 (a JS number)</description></item>
/// <item><term>long</term><description>int64 (a JS bigint): only real 64-bit integers</description></item>
/// <item><term>decimal</term><description>a decimal string (<c>"100.00000000"</c>): exact PULPA amounts</description></item>
/// <item><term>Guid</term><description>an id string</description></item>
/// <item><term>DateTimeOffset</term><description>float64 Unix milliseconds</description></item>
/// <item><term>enum</term><description>its closed-set wire name</description></item>
/// <item><term>byte[]</term><description>bytes</description></item>
/// <item><term>lists, arrays; string-keyed dictionaries</term><description>array; object</description></item>
/// <item><term>records and classes</term><description>objects with camelCase fields</description></item>
/// <item><term>documents (entity types)</term><description>objects with <c>_id</c> and <c>_creationTime</c></description></item>
/// <item><term>JsonObject / JsonNode, ConvexValue</term><description>as they are</description></item>
/// </list>
/// Reading arguments applies the same rules backwards, strictly: a value of the wrong type, a missing
/// required field or an unknown field is an <see cref="ArgumentShapeException"/>.
/// </summary>
public sealed class ValueMapper
{
    private readonly IReadOnlyDictionary<Type, DocumentShape> _documents;
    private readonly ConcurrentDictionary<Type, PropertyInfo[]> _properties = new();

    /// <param name="documents">Entity types, each with the property that gives its <c>_creationTime</c>.</param>
    public ValueMapper(IReadOnlyDictionary<Type, PropertyInfo?> documents)
    {
        _documents = documents.ToDictionary(d => d.Key, d => new DocumentShape(d.Key.GetProperty("Id"), d.Value));
    }

    private sealed record DocumentShape(PropertyInfo? Id, PropertyInfo? CreationTime);

    /// <summary>Whether values of <paramref name="type"/> are written as documents, and with a <c>_creationTime</c>.</summary>
    internal bool IsDocument(Type type, out bool hasCreationTime)
    {
        var found = _documents.TryGetValue(type, out var shape);
        hasCreationTime = shape?.CreationTime is not null;
        return found;
    }

    /// <summary>The properties a value of <paramref name="type"/> is written with (before the document fields are taken out).</summary>
    internal IReadOnlyList<PropertyInfo> WrittenProperties(Type type) => PropertiesOf(type);

    /// <summary>The element type of a list or array the mapper reads (and writes).</summary>
    internal static Type? ListElementType(Type type) => ElementTypeOf(type);

    /// <summary>The value type of a string-keyed dictionary the mapper reads and writes.</summary>
    internal static Type? DictionaryValueTypeOf(Type type) => DictionaryValueType(type);

    // ---------------------------------------------------------------- C# → Convex

    /// <summary>The deepest nesting a value may have (Convex's own limit is 64 levels).</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Converts a C# value. Throws <see cref="NotSupportedException"/> for a value that has no Convex form
    /// (<c>DateTime</c>, <c>char</c>, a delegate, …) or that nests deeper than <see cref="MaxDepth"/> (a cycle).
    /// </summary>
    public ConvexValue ToConvex(object? value) => ToConvex(value, 0);

    private ConvexValue ToConvex(object? value, int depth) => depth > MaxDepth
        ? throw new NotSupportedException($"A value nests deeper than {MaxDepth} levels (a cycle?).")
        : value switch
        {
            null => ConvexValue.Null,
            ConvexValue v => v,
            string s => new ConvexString(s),
            bool b => ConvexBoolean.Of(b),
            int i => new ConvexFloat64(i),
            long l => new ConvexInt64(l),
            double d => new ConvexFloat64(d),
            float f => new ConvexFloat64(f),
            short s => new ConvexFloat64(s),
            byte b => new ConvexFloat64(b),
            uint u => new ConvexFloat64(u),
            decimal m => new ConvexString(m.ToString("0.00000000", CultureInfo.InvariantCulture)),
            Guid g => new ConvexString(g.ToString("D")),
            DateTimeOffset t => new ConvexFloat64(UnixMilliseconds(t)),
            Enum e => new ConvexString(ClosedSet.NameOf(e)),
            byte[] bytes => new ConvexBytes(bytes),
            JsonNode node => FromJson(node),
            JsonElement element => FromJson(JsonNode.Parse(element.GetRawText())),
            DateTime or char or ulong or nint or nuint or Type or Delegate or MemberInfo =>
                throw new NotSupportedException($"A {value.GetType().Name} has no Convex form; use DateTimeOffset, string or a number."),
            IDictionary dictionary => ObjectFromDictionary(dictionary, depth),
            IEnumerable items => new ConvexArray(items.Cast<object?>().Select(item => ToConvex(item, depth + 1))),
            _ when IsOptional(value.GetType()) => throw new InvalidOperationException("Optional values are written as fields."),
            _ => ObjectFromProperties(value, depth),
        };

    /// <summary>Unix milliseconds with the microseconds kept as the fraction (Convex's <c>_creationTime</c> form).</summary>
    public static double UnixMilliseconds(DateTimeOffset instant) =>
        (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerMillisecond;

    private ConvexObject ObjectFromProperties(object value, int depth)
    {
        var type = value.GetType();
        var fields = new List<KeyValuePair<string, ConvexValue>>();
        if (_documents.TryGetValue(type, out var document))
        {
            fields.Add(new("_id", ToConvex(document.Id?.GetValue(value), depth + 1)));
            if (document.CreationTime?.GetValue(value) is DateTimeOffset created)
            {
                fields.Add(new("_creationTime", new ConvexFloat64(UnixMilliseconds(created))));
            }
        }

        foreach (var property in PropertiesOf(type))
        {
            if (document is not null && property == document.Id)
            {
                continue;
            }

            var fieldValue = property.GetValue(value);
            if (fieldValue is not null && IsOptional(property.PropertyType))
            {
                if (!(bool)property.PropertyType.GetProperty(nameof(Optional<int>.HasValue))!.GetValue(fieldValue)!)
                {
                    continue;
                }

                fieldValue = property.PropertyType.GetProperty(nameof(Optional<int>.Value))!.GetValue(fieldValue);
            }

            fields.Add(new(ClosedSet.CamelCase(property.Name), ToConvex(fieldValue, depth + 1)));
        }

        return new ConvexObject(fields);
    }

    private ConvexObject ObjectFromDictionary(IDictionary dictionary, int depth)
    {
        var fields = new List<KeyValuePair<string, ConvexValue>>();
        foreach (DictionaryEntry entry in dictionary)
        {
            fields.Add(new(entry.Key as string ?? throw new NotSupportedException("Dictionary keys must be strings."), ToConvex(entry.Value, depth + 1)));
        }

        return new ConvexObject(fields);
    }

    private static ConvexValue FromJson(JsonNode? node) => node switch
    {
        null => ConvexValue.Null,
        JsonObject o => new ConvexObject(o.Select(p => new KeyValuePair<string, ConvexValue>(p.Key, FromJson(p.Value)))),
        JsonArray a => new ConvexArray(a.Select(FromJson)),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => new ConvexString(v.GetValue<string>()),
            JsonValueKind.True => ConvexBoolean.True,
            JsonValueKind.False => ConvexBoolean.False,
            JsonValueKind.Number => new ConvexFloat64(double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)),
            _ => ConvexValue.Null,
        },
        _ => ConvexValue.Null,
    };

    private PropertyInfo[] PropertiesOf(Type type) => _properties.GetOrAdd(type, static t =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .ToArray());

    // ---------------------------------------------------------------- Convex → C#

    /// <summary>Reads a Convex value as <paramref name="type"/>; <paramref name="path"/> names the place in errors.</summary>
    public object? FromConvex(ConvexValue value, Type type, string path)
    {
        if (type == typeof(ConvexValue) || type == typeof(object))
        {
            return value;
        }

        var underlying = Nullable.GetUnderlyingType(type);
        if (value is ConvexNull)
        {
            return underlying is not null || !type.IsValueType
                ? null
                : throw new ArgumentShapeException(path, "null is not allowed here");
        }

        type = underlying ?? type;
        return value switch
        {
            ConvexString s when type == typeof(string) => s.Value,
            ConvexString s when type == typeof(Guid) => Guid.TryParse(s.Value, out var g)
                ? g
                : throw new ArgumentContentException(path, "is not a valid id"),
            ConvexString s when type.IsEnum => ParseEnum(s.Value, type, path),
            ConvexString s when type == typeof(decimal) => ParseDecimal(s.Value, path),
            ConvexBoolean b when type == typeof(bool) => b.Value,
            ConvexFloat64 f when type == typeof(double) => f.Value,
            ConvexFloat64 f when type == typeof(float) => (float)f.Value,
            ConvexFloat64 f when type == typeof(int) => WholeNumber(f.Value, int.MinValue, int.MaxValue, path) is var i ? (int)i : 0,
            ConvexFloat64 f when type == typeof(long) => WholeNumber(f.Value, -(1L << 53), 1L << 53, path),
            ConvexFloat64 f when type == typeof(decimal) => Math.Abs(f.Value) < 1e15
                ? (decimal)f.Value
                : throw new ArgumentShapeException(path, "must be a number below 10^15 in magnitude"),
            ConvexFloat64 f when type == typeof(DateTimeOffset) => f.Value is >= MinInstantMs and <= MaxInstantMs
                ? DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(f.Value * TimeSpan.TicksPerMillisecond))
                : throw new ArgumentShapeException(path, "must be Unix milliseconds between the years 1 and 9999"),
            ConvexInt64 i when type == typeof(long) => i.Value,
            ConvexInt64 i when type == typeof(int) => i.Value is >= int.MinValue and <= int.MaxValue
                ? (int)i.Value
                : throw new ArgumentShapeException(path, "is out of range for an integer"),
            ConvexInt64 i when type == typeof(double) => (double)i.Value,
            ConvexBytes b when type == typeof(byte[]) => b.Value.ToArray(),
            ConvexObject o when type == typeof(JsonObject) || type == typeof(JsonNode) => ToJson(o),
            ConvexArray a when type == typeof(JsonArray) || type == typeof(JsonNode) => ToJson(a),
            ConvexArray a when ElementTypeOf(type) is { } element => ReadList(a, type, element, path),
            ConvexObject o when DictionaryValueType(type) is { } valueType => ReadDictionary(o, valueType, path),
            ConvexObject o when IsRecordLike(type) => ReadObject(o, type, path),
            _ => throw new ArgumentShapeException(path, $"must be {Describe(type)}, not {Describe(value)}"),
        };
    }

    // The instants DateTimeOffset can hold, as Unix milliseconds.
    private const double MinInstantMs = -62_135_596_800_000;
    private const double MaxInstantMs = 253_402_300_799_999;

    private static object ParseEnum(string name, Type type, string path)
    {
        var names = ClosedSet.NamesOf(type);
        var index = names.ToList().IndexOf(name);
        return index >= 0
            ? Enum.GetValues(type).GetValue(index)!
            : throw new ArgumentShapeException(path, $"must be one of {string.Join(", ", names.Select(n => $"\"{n}\""))}, not \"{name}\"");
    }

    private static decimal ParseDecimal(string text, string path) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new ArgumentContentException(path, "must be a decimal number such as \"12.5\"");

    private static long WholeNumber(double value, long min, long max, string path) =>
        double.IsFinite(value) && Math.Floor(value) == value && value >= min && value <= max
            ? (long)value
            : throw new ArgumentShapeException(path, $"must be a whole number between {min} and {max}");

    private object ReadList(ConvexArray array, Type listType, Type element, string path)
    {
        var items = Array.CreateInstance(element, array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            items.SetValue(FromConvex(array[i], element, $"{path}[{i}]"), i);
        }

        if (listType.IsArray)
        {
            return items;
        }

        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private object ReadDictionary(ConvexObject obj, Type valueType, string path)
    {
        var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType))!;
        foreach (var (key, value) in obj.Fields)
        {
            dictionary[key] = FromConvex(value, valueType, $"{path}.{key}");
        }

        return dictionary;
    }

    /// <summary>Binds an object to a record's constructor, or to a class's settable properties.</summary>
    internal object ReadObject(ConvexObject obj, Type type, string path)
    {
        var members = ObjectMembers.Of(type);
        var errors = new List<ArgumentContentException>();
        foreach (var key in obj.Keys)
        {
            if (!members.ByField.ContainsKey(key))
            {
                throw new ArgumentShapeException($"{path}.{key}", "is not a field of this object");
            }
        }

        var values = new object?[members.All.Count];
        for (var i = 0; i < members.All.Count; i++)
        {
            var member = members.All[i];
            var fieldPath = $"{path}.{member.Field}";
            try
            {
                values[i] = ReadMember(obj, member, fieldPath);
            }
            catch (ArgumentContentException e)
            {
                errors.Add(e);
            }
        }

        if (errors.Count > 0)
        {
            throw new ArgumentContentException(errors);
        }

        return members.Create(values);
    }

    internal object? ReadMember(ConvexObject obj, ObjectMember member, string fieldPath)
    {
        if (!obj.TryGetValue(member.Field, out var raw))
        {
            if (IsOptional(member.Type))
            {
                return Activator.CreateInstance(member.Type);
            }

            if (member.HasDefault)
            {
                return member.DefaultValue;
            }

            if (member.IsNullable)
            {
                return null;
            }

            throw new ArgumentShapeException(fieldPath, "is required");
        }

        var target = IsOptional(member.Type) ? member.Type.GetGenericArguments()[0] : member.Type;
        if (raw is ConvexNull && !member.AcceptsNull)
        {
            throw new ArgumentShapeException(fieldPath, "must not be null");
        }

        var value = FromConvex(raw, target, fieldPath);
        member.Check(value, fieldPath);
        return IsOptional(member.Type) ? Activator.CreateInstance(member.Type, value) : value;
    }

    private static JsonNode? ToJson(ConvexValue value) => value switch
    {
        ConvexNull => null,
        ConvexBoolean b => JsonValue.Create(b.Value),
        ConvexFloat64 f => double.IsFinite(f.Value) ? JsonValue.Create(f.Value) : JsonValue.Create(f.Value.ToString(CultureInfo.InvariantCulture)),
        ConvexInt64 i => JsonValue.Create(i.Value),
        ConvexString s => JsonValue.Create(s.Value),
        ConvexBytes b => JsonValue.Create(Convert.ToBase64String(b.Value.Span)),
        ConvexArray a => new JsonArray([.. a.Select(ToJson)]),
        ConvexObject o => new JsonObject(o.Fields.Select(f => new KeyValuePair<string, JsonNode?>(f.Key, ToJson(f.Value)))),
        _ => null,
    };

    // ---------------------------------------------------------------- start-up checks

    /// <summary>Throws <see cref="NotSupportedException"/> when a result type cannot be sent.</summary>
    public void CheckWritable(Type type) => CheckType(type, writing: true, []);

    /// <summary>Throws <see cref="NotSupportedException"/> when an argument type cannot be read.</summary>
    public void CheckReadable(Type type) => CheckType(type, writing: false, []);

    private void CheckType(Type type, bool writing, HashSet<Type> seen)
    {
        if (type == typeof(void) || !seen.Add(type))
        {
            return;
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsOptional(type))
        {
            CheckType(type.GetGenericArguments()[0], writing, seen);
            return;
        }

        if (IsScalar(type) || type == typeof(ConvexValue) || typeof(JsonNode).IsAssignableFrom(type) || (writing && type == typeof(object)))
        {
            return;
        }

        if (type == typeof(object) || type == typeof(DateTime) || type.IsPointer || typeof(Delegate).IsAssignableFrom(type) || type == typeof(ulong))
        {
            throw new NotSupportedException($"{type.Name} is not a supported {(writing ? "result" : "argument")} type");
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            CheckType(valueType, writing, seen);
            return;
        }

        if (ElementTypeOf(type) is { } element)
        {
            CheckType(element, writing, seen);
            return;
        }

        if (writing)
        {
            foreach (var property in PropertiesOf(type))
            {
                CheckType(property.PropertyType, writing, seen);
            }

            return;
        }

        if (!IsRecordLike(type))
        {
            throw new NotSupportedException($"{type.Name} is not a supported argument type (use a record with a public constructor)");
        }

        foreach (var member in ObjectMembers.Of(type).All)
        {
            CheckType(member.Type, writing, seen);
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive && type != typeof(char) && type != typeof(nint) && type != typeof(nuint) && type != typeof(ulong)
        || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid) || type == typeof(DateTimeOffset)
        || type.IsEnum || type == typeof(byte[]);

    internal static bool IsOptional(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>);

    private static bool IsRecordLike(Type type) =>
        type.IsClass && type != typeof(string) && !type.IsAbstract && type.GetConstructors().Length > 0;

    private static Type? ElementTypeOf(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (!type.IsGenericType || type == typeof(string))
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>)
               || definition == typeof(IEnumerable<>) || definition == typeof(ICollection<>) || definition == typeof(IReadOnlyCollection<>)
            ? type.GetGenericArguments()[0]
            : null;
    }

    private static Type? DictionaryValueType(Type type)
    {
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        var args = type.GetGenericArguments();
        return (definition == typeof(Dictionary<,>) || definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(IDictionary<,>))
               && args[0] == typeof(string)
            ? args[1]
            : null;
    }

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(string) || type == typeof(Guid) || type.IsEnum => "a string",
        _ when type == typeof(bool) => "a boolean",
        _ when type == typeof(int) || type == typeof(double) || type == typeof(float) || type == typeof(DateTimeOffset) => "a number",
        _ when type == typeof(long) => "a bigint or a whole number",
        _ when type == typeof(decimal) => "a decimal string",
        _ when type == typeof(byte[]) => "bytes",
        _ when ElementTypeOf(type) is not null => "an array",
        _ => "an object",
    };

    private static string Describe(ConvexValue value) => value switch
    {
        ConvexString => "a string",
        ConvexBoolean => "a boolean",
        ConvexFloat64 => "a number",
        ConvexInt64 => "a bigint",
        ConvexBytes => "bytes",
        ConvexArray => "an array",
        ConvexObject => "an object",
        _ => "null",
    };
}
