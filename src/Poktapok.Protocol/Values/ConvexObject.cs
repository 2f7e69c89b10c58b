using System.Diagnostics.CodeAnalysis;

namespace Poktapok.Protocol.Values;

/// <summary>
/// A Convex object: immutable named fields, written as a JSON object in the order they were given. Keys are unique
/// and looked up by ordinal comparison. <c>ConvexObject.Of(("name", "Ada"), ("age", 36))</c> builds one.
/// </summary>
/// <remarks>
/// <para>
/// Equality ignores field order, because a Convex object is a map (the backend stores it sorted and the client
/// sorts keys when it encodes). Keys are not checked against the field-name rules here; <see cref="ConvexJson"/>
/// refuses to write or read a key the official client would reject.
/// </para>
/// <para>
/// The type is deliberately not enumerable: Shouldly and other assertion libraries compare enumerables element by
/// element, in order, which would contradict this equality. Enumerate <see cref="Fields"/> instead.
/// </para>
/// </remarks>
public sealed record ConvexObject : ConvexValue
{
    private readonly KeyValuePair<string, ConvexValue>[] _fields;
    private readonly Dictionary<string, ConvexValue> _byKey;

    /// <summary>Creates an object holding <paramref name="fields"/> in the order given.</summary>
    /// <param name="fields">The fields; keys must be unique and no key or value may be null.</param>
    /// <exception cref="ArgumentException">A key appears twice, or a key or value is null.</exception>
    public ConvexObject(IEnumerable<KeyValuePair<string, ConvexValue>> fields)
        : this((fields ?? throw new ArgumentNullException(nameof(fields))).ToArray())
    {
    }

    private ConvexObject(KeyValuePair<string, ConvexValue>[] fields)
    {
        _fields = fields;
        _byKey = new Dictionary<string, ConvexValue>(fields.Length, StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            if (key is null)
                throw new ArgumentException("A field has a null key.", nameof(fields));
            if (value is null)
                throw new ArgumentException($"Field '{key}' is null; use ConvexValue.Null for a Convex null.", nameof(fields));
            if (!_byKey.TryAdd(key, value))
                throw new ArgumentException($"Field '{key}' appears more than once.", nameof(fields));
        }
    }

    // Takes ownership without copying or checking; for the JSON reader, which has already refused duplicates.
    private ConvexObject(KeyValuePair<string, ConvexValue>[] fields, Dictionary<string, ConvexValue> byKey)
    {
        _fields = fields;
        _byKey = byKey;
    }

    /// <summary>The object with no fields.</summary>
    public static ConvexObject Empty { get; } = new(Array.Empty<KeyValuePair<string, ConvexValue>>());

    /// <summary>The fields in order.</summary>
    public IReadOnlyList<KeyValuePair<string, ConvexValue>> Fields => _fields;

    /// <summary>The number of fields.</summary>
    public int Count => _fields.Length;

    /// <summary>The keys in field order.</summary>
    public IEnumerable<string> Keys => _fields.Select(f => f.Key);

    /// <summary>The value of the field named <paramref name="key"/>.</summary>
    /// <param name="key">The field name.</param>
    /// <exception cref="KeyNotFoundException">There is no such field.</exception>
    public ConvexValue this[string key] => _byKey[key];

    /// <summary>Creates an object from fields in order: <c>ConvexObject.Of(("name", "Ada"), ("age", 36))</c>.</summary>
    /// <param name="fields">The fields; keys must be unique and no key or value may be null.</param>
    /// <returns>The object.</returns>
    /// <exception cref="ArgumentException">A key appears twice, or a key or value is null.</exception>
    public static ConvexObject Of(params ReadOnlySpan<(string Key, ConvexValue Value)> fields)
    {
        if (fields.IsEmpty)
            return Empty;
        var pairs = new KeyValuePair<string, ConvexValue>[fields.Length];
        for (var i = 0; i < fields.Length; i++)
            pairs[i] = new(fields[i].Key, fields[i].Value);
        return new(pairs);
    }

    internal static ConvexObject Own(KeyValuePair<string, ConvexValue>[] fields, Dictionary<string, ConvexValue> byKey) =>
        new(fields, byKey);

    /// <summary>Whether the object has a field named <paramref name="key"/>.</summary>
    /// <param name="key">The field name.</param>
    /// <returns>True when the field exists.</returns>
    public bool ContainsKey(string key) => _byKey.ContainsKey(key);

    /// <summary>Looks up the field named <paramref name="key"/>.</summary>
    /// <param name="key">The field name.</param>
    /// <param name="value">The field's value, when found.</param>
    /// <returns>True when the field exists.</returns>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out ConvexValue value) => _byKey.TryGetValue(key, out value);

    /// <summary>True when both have the same keys with equal values, in any order.</summary>
    /// <param name="other">The value to compare with.</param>
    /// <returns>Whether the objects are equal.</returns>
    public bool Equals(ConvexObject? other)
    {
        if (other is null || other._fields.Length != _fields.Length)
            return false;
        foreach (var (key, value) in _fields)
        {
            if (!other._byKey.TryGetValue(key, out var otherValue) || !value.Equals(otherValue))
                return false;
        }

        return true;
    }

    /// <summary>A hash of the fields that does not depend on their order.</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode()
    {
        // Summing per-field hashes keeps the hash independent of order, as equality is.
        var sum = 0;
        foreach (var (key, value) in _fields)
            sum = unchecked(sum + HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), value));
        return HashCode.Combine(_fields.Length, sum);
    }
}
