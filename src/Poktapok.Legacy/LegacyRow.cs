using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Poktapok.Engine.Data;

namespace Poktapok.Legacy;

/// <summary>
/// One row of a legacy table, read by column name. A column the legacy database does not have (the schema
/// variants differ, LEGACY.md §1.5) reads as SQL NULL, so a mapper states its fallback once. Values that cannot
/// be mapped (a name outside a closed set, JSON of the wrong shape) add a <see cref="FieldError"/> instead of
/// throwing, so every problem of a row is reported together.
/// </summary>
public sealed class LegacyRow
{
    private readonly Dictionary<string, int> _ordinals;
    private NpgsqlDataReader? _reader;
    private readonly List<FieldError> _errors = [];

    internal LegacyRow(Dictionary<string, int> ordinals) => _ordinals = ordinals;

    internal void MoveTo(NpgsqlDataReader reader)
    {
        _reader = reader;
        _errors.Clear();
        _fixes.Clear();
        Dropped = false;
    }

    private readonly List<string> _fixes = [];

    /// <summary>The <c>--fix</c> policies of this run.</summary>
    public IReadOnlySet<string> Policies { get; internal set; } = new HashSet<string>();

    /// <summary>What the fix policies changed in this row ("event-type: 'online' → virtual").</summary>
    public IReadOnlyList<string> Fixes => _fixes;

    /// <summary>Set by a fix policy that leaves the row out (it is counted as fixed, not rejected).</summary>
    public bool Dropped { get; private set; }

    /// <summary>Records a repair made by the <c>--fix</c> policy <paramref name="policy"/>.</summary>
    public void Fixed(string policy, string what) => _fixes.Add($"{policy}: {what}");

    /// <summary>Leaves the row out under the <c>--fix</c> policy <paramref name="policy"/>.</summary>
    public void Drop(string policy, string why)
    {
        Dropped = true;
        _fixes.Add($"{policy}: {why}");
    }

    /// <summary>The mapping errors of this row so far.</summary>
    public IReadOnlyList<FieldError> Errors => _errors;

    /// <summary>Whether the legacy table has <paramref name="column"/>.</summary>
    public bool Has(string column) => _ordinals.ContainsKey(column);

    private NpgsqlDataReader Reader => _reader ?? throw new InvalidOperationException("No current row.");

    private bool IsNull(string column, out int ordinal) =>
        !_ordinals.TryGetValue(column, out ordinal) || Reader.IsDBNull(ordinal);

    /// <summary>Records a problem with a field (named as the model names it, e.g. <c>eventType</c>).</summary>
    public void Error(string property, string code, string message) =>
        _errors.Add(new FieldError(ClosedSet.CamelCase(property), code, message));

    public Guid Id(string column) => IdOrNull(column) ?? Guid.Empty;

    public Guid? IdOrNull(string column) => IsNull(column, out var i) ? null : Reader.GetGuid(i);

    public string Text(string column) => TextOrNull(column) ?? "";

    public string? TextOrNull(string column) => IsNull(column, out var i) ? null : Reader.GetString(i);

    public bool Bool(string column, bool fallback) => IsNull(column, out var i) ? fallback : Reader.GetBoolean(i);

    public int Int(string column, int fallback) => IntOrNull(column) ?? fallback;

    public int? IntOrNull(string column) => IsNull(column, out var i) ? null : Reader.GetInt32(i);

    public float Real(string column, float fallback) => IsNull(column, out var i) ? fallback : Reader.GetFloat(i);

    public decimal Decimal(string column) => DecimalOrNull(column) ?? 0m;

    /// <summary>A <c>numeric(18,8)</c>: exact, as a decimal (Npgsql reads numerics without going through double).</summary>
    public decimal? DecimalOrNull(string column) => IsNull(column, out var i) ? null : Reader.GetDecimal(i);

    public DateTimeOffset Instant(string column) => InstantOrNull(column) ?? default;

    /// <summary>
    /// An instant. <c>timestamptz</c> is read as UTC; <c>timestamp without time zone</c> (the legacy server wrote
    /// UTC wall time into it: Vercel and Neon run in UTC) is taken as UTC too.
    /// </summary>
    public DateTimeOffset? InstantOrNull(string column)
    {
        if (IsNull(column, out var i))
        {
            return null;
        }

        var value = Reader.GetDateTime(i);
        return new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }

    public List<string>? TextList(string column) => IsNull(column, out var i) ? null : [.. Reader.GetFieldValue<string[]>(i)];

    /// <summary>A legacy enum or soft enum, mapped to the closed set; a name outside it is an error.</summary>
    public TEnum Enum<TEnum>(string column, string property, TEnum fallback) where TEnum : struct, Enum =>
        EnumOrNull<TEnum>(column, property) ?? fallback;

    public TEnum? EnumOrNull<TEnum>(string column, string property) where TEnum : struct, Enum
    {
        var name = TextOrNull(column);
        if (name is null)
        {
            return null;
        }

        if (ClosedSet<TEnum>.TryParse(name, out var value))
        {
            return value;
        }

        NotInSet<TEnum>(property, name);
        return null;
    }

    /// <summary>Records that <paramref name="name"/> is not one of the closed set's names.</summary>
    public void NotInSet<TEnum>(string property, string name) where TEnum : struct, Enum =>
        Error(property, FieldErrorCodes.NotInSet, $"'{name}' is not one of {string.Join(", ", ClosedSet<TEnum>.Names)}");

    public List<TEnum>? EnumList<TEnum>(string column, string property) where TEnum : struct, Enum
    {
        if (TextList(column) is not { } names)
        {
            return null;
        }

        var values = new List<TEnum>(names.Count);
        foreach (var name in names)
        {
            if (ClosedSet<TEnum>.TryParse(name, out var value))
            {
                values.Add(value);
            }
            else
            {
                NotInSet<TEnum>(property, name);
            }
        }

        return values;
    }

    /// <summary>A <c>jsonb</c> object (<c>metadata</c>); anything else than an object is an error.</summary>
    public JsonObject JsonObject(string column, string property)
    {
        if (TextOrNull(column) is not { } json)
        {
            return [];
        }

        try
        {
            if (JsonNode.Parse(json) is JsonObject o)
            {
                return o;
            }
        }
        catch (JsonException)
        {
        }

        Error(property, FieldErrorCodes.Format, "must be a JSON object");
        return [];
    }

    /// <summary>A <c>jsonb</c> value read as the model's typed value (a record or a list of records).</summary>
    public T? Json<T>(string column, string property) where T : class
    {
        if (TextOrNull(column) is not { } json)
        {
            return null;
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(json, JsonColumns.Options);
            if (value is not null)
            {
                return value;
            }
        }
        catch (JsonException)
        {
        }
        catch (NotSupportedException)
        {
        }

        Error(property, FieldErrorCodes.Format, $"is not a valid {typeof(T).Name.Replace("`1", "", StringComparison.Ordinal)} JSON value");
        return null;
    }
}
