using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Poktapok.Engine.Data;

/// <summary>Stores an enum as its <see cref="ClosedSet{TEnum}"/> wire name.</summary>
public sealed class ClosedSetConverter<TEnum>() : ValueConverter<TEnum, string>(
    v => ClosedSet<TEnum>.ToName(v),
    s => ClosedSet<TEnum>.Parse(s))
    where TEnum : struct, Enum;

/// <summary>
/// SQLite has no timestamp type: instants are stored as microseconds since the Unix epoch, an INTEGER that
/// sorts and compares in SQL and keeps exactly the precision PostgreSQL's <c>timestamptz</c> keeps.
/// </summary>
public sealed class UnixMicrosConverter() : ValueConverter<DateTimeOffset, long>(
    v => (v.UtcTicks - UnixEpochTicks) / TicksPerMicrosecond,
    v => new DateTimeOffset(UnixEpochTicks + v * TicksPerMicrosecond, TimeSpan.Zero))
{
    private const long UnixEpochTicks = 621_355_968_000_000_000;
    private const long TicksPerMicrosecond = 10;
}

/// <summary>PostgreSQL's <c>timestamptz</c> takes only UTC offsets; every instant is written as UTC.</summary>
public sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    v => v.ToUniversalTime(),
    v => v.ToUniversalTime());

/// <summary>
/// SQLite has no exact decimal type. A <c>numeric(18,8)</c> amount is stored as an INTEGER count of
/// 10⁻⁸ units, which holds every value the PostgreSQL column can (|v| &lt; 10¹⁰) without loss and still sorts,
/// compares and sums in SQL. Values with more than eight decimals are refused by validation before they get here.
/// </summary>
public sealed class ScaledDecimalConverter() : ValueConverter<decimal, long>(
    v => decimal.ToInt64(v * Scale),
    v => v / Scale)
{
    /// <summary>10⁸: the number of stored units in 1.</summary>
    public const decimal Scale = 100_000_000m;
}

/// <summary>Serialises a typed value (record, list, <see cref="JsonObject"/>) into a JSON column.</summary>
public sealed class JsonValueConverter<T>() : ValueConverter<T, string>(
    v => JsonColumns.Serialize(v),
    s => JsonColumns.Deserialize<T>(s));

/// <summary>Compares JSON values by their serialised form, so that changes inside a list or object are saved.</summary>
public sealed class JsonValueComparer<T>() : ValueComparer<T>(
    (a, b) => JsonColumns.Serialize(a) == JsonColumns.Serialize(b),
    v => JsonColumns.Serialize(v).GetHashCode(StringComparison.Ordinal),
    v => JsonColumns.Deserialize<T>(JsonColumns.Serialize(v)));

/// <summary>The one JSON form of JSON columns: camelCase properties, nulls left out.</summary>
public static class JsonColumns
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;
}
