using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;
using System.Text;

namespace Poktapok.Engine.Data;

/// <summary>
/// Names the wire and database value of an enum member when it is not the snake_case of the member name
/// (for example <c>work-related</c> or <c>in-person</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class WireNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>
/// A closed set of strings backed by a C# enum: each member has one wire name (snake_case of the member
/// name unless <see cref="WireNameAttribute"/> says otherwise). The same names are stored in the database,
/// checked by a CHECK constraint, sent on the wire and read back from legacy rows.
/// </summary>
public static class ClosedSet<TEnum> where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<TEnum, string> s_names = typeof(TEnum)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToFrozenDictionary(
            f => (TEnum)f.GetValue(null)!,
            f => f.GetCustomAttribute<WireNameAttribute>()?.Name ?? ClosedSet.SnakeCase(f.Name));

    private static readonly FrozenDictionary<string, TEnum> s_values =
        s_names.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Every wire name, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<TEnum>().Select(v => s_names[v]).ToArray();

    public static string ToName(TEnum value) =>
        s_names.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name} has no member {value}.");

    public static TEnum Parse(string name) =>
        s_values.TryGetValue(name, out var value)
            ? value
            : throw new FormatException($"'{name}' is not one of {string.Join(", ", Names)}.");

    public static bool TryParse(string? name, out TEnum value) => s_values.TryGetValue(name ?? "", out value);

    public static bool IsDefined(TEnum value) => s_names.ContainsKey(value);
}

/// <summary>Non-generic helpers for <see cref="ClosedSet{TEnum}"/>.</summary>
public static class ClosedSet
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<string>> s_namesByType = new();
    private static readonly ConcurrentDictionary<Type, FrozenDictionary<Enum, string>> s_nameOfValue = new();

    /// <summary>The wire name of any enum value (used where the type is only known at run time).</summary>
    public static string NameOf(Enum value) =>
        s_nameOfValue.GetOrAdd(value.GetType(), static t =>
        {
            var names = NamesOf(t);
            return Enum.GetValues(t).Cast<Enum>().Select((v, i) => (v, i)).ToFrozenDictionary(p => p.v, p => names[p.i]);
        }).TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{value.GetType().Name} has no member {value}.");

    /// <summary>The wire names of any enum type (used where the type is only known at run time).</summary>
    public static IReadOnlyList<string> NamesOf(Type enumType) =>
        s_namesByType.GetOrAdd(enumType, static t =>
            (IReadOnlyList<string>)typeof(ClosedSet<>).MakeGenericType(t)
                .GetProperty(nameof(ClosedSet<DatabaseProvider>.Names))!.GetValue(null)!);

    /// <summary><c>OpenToOffers</c> → <c>open_to_offers</c>; <c>XPost</c> → <c>x_post</c>.</summary>
    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    /// <summary><c>DisplayName</c> → <c>displayName</c>: the field name of a property on the wire and in errors.</summary>
    public static string CamelCase(string name) =>
        name.Length == 0 || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
