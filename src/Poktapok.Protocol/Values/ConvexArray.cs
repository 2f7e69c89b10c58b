using System.Collections;
using System.Runtime.CompilerServices;

namespace Poktapok.Protocol.Values;

/// <summary>
/// A Convex array: an immutable list of values, written as a JSON array. Equality compares the elements in order.
/// A collection expression builds one: <c>ConvexArray a = [1, "two", ConvexValue.Null];</c>.
/// </summary>
[CollectionBuilder(typeof(ConvexArray), nameof(Create))]
public sealed record ConvexArray : ConvexValue, IReadOnlyList<ConvexValue>
{
    private readonly ConvexValue[] _items;

    /// <summary>Creates an array holding a copy of <paramref name="items"/>.</summary>
    /// <param name="items">The elements; none may be null (use <see cref="ConvexValue.Null"/>).</param>
    public ConvexArray(IEnumerable<ConvexValue> items)
        : this(CheckItems([.. items ?? throw new ArgumentNullException(nameof(items))]))
    {
    }

    // Takes ownership without copying or checking; only for arrays nobody else holds.
    private ConvexArray(ConvexValue[] items)
    {
        _items = items;
    }

    /// <summary>The empty array.</summary>
    public static ConvexArray Empty { get; } = new(Array.Empty<ConvexValue>());

    /// <summary>The number of elements.</summary>
    public int Count => _items.Length;

    /// <summary>The element at <paramref name="index"/>.</summary>
    /// <param name="index">A zero-based position.</param>
    public ConvexValue this[int index] => _items[index];

    /// <summary>Creates an array holding a copy of <paramref name="items"/>; used by collection expressions.</summary>
    /// <param name="items">The elements; none may be null.</param>
    /// <returns>The array.</returns>
    public static ConvexArray Create(ReadOnlySpan<ConvexValue> items) =>
        items.IsEmpty ? Empty : new(CheckItems(items.ToArray()));

    internal static ConvexArray Own(ConvexValue[] items) => items.Length == 0 ? Empty : new(items);

    /// <summary>True when both hold equal elements in the same order.</summary>
    /// <param name="other">The value to compare with.</param>
    /// <returns>Whether the arrays are equal.</returns>
    public bool Equals(ConvexArray? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items);

    /// <summary>A hash of the elements.</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
            hash.Add(item);
        return hash.ToHashCode();
    }

    /// <summary>Enumerates the elements in order.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<ConvexValue> GetEnumerator() => ((IEnumerable<ConvexValue>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static ConvexValue[] CheckItems(ConvexValue[] items)
    {
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is null)
                throw new ArgumentException($"Element {i} is null; use ConvexValue.Null for a Convex null.", nameof(items));
        }

        return items;
    }
}
