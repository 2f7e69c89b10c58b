namespace Poktapok.Engine.Data;

/// <summary>
/// The few SQL fragments that differ between the providers and that the model needs in DDL (defaults and
/// CHECK constraints). Everything else is written once, in LINQ.
/// </summary>
public sealed class SqlDialect(DatabaseProvider provider)
{
    public DatabaseProvider Provider { get; } = provider;

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    /// <summary>The current instant, as the column type stores it (timestamptz, or Unix microseconds).</summary>
    public string Now => IsPostgres ? "now()" : "(CAST(unixepoch('subsec') * 1000000 AS INTEGER))";

    /// <summary>An empty JSON object literal for a JSON column's default.</summary>
    public string EmptyJsonObject => IsPostgres ? "'{}'::jsonb" : "'{}'";

    /// <summary>An empty JSON array literal for a JSON column's default.</summary>
    public string EmptyJsonArray => IsPostgres ? "'[]'::jsonb" : "'[]'";

    /// <summary>A quoted identifier.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Character length of a text column.</summary>
    public string Length(string column) => IsPostgres ? $"char_length({Quote(column)})" : $"length({Quote(column)})";

    /// <summary>
    /// A column made only of the characters of a GLOB/regex class such as <c>A-Za-z0-9_</c>, with a length
    /// range. On PostgreSQL a regex; on SQLite, which has no regex operator, the same rule as
    /// "no character outside the class" (<c>NOT GLOB '*[^class]*'</c>) plus a length test.
    /// </summary>
    public string OnlyChars(string column, string charClass, int min, int max)
    {
        var q = Quote(column);
        return IsPostgres
            ? $"{q} ~ '^[{charClass}]{{{min},{max}}}$'"
            : $"{Length(column)} BETWEEN {min} AND {max} AND {q} NOT GLOB '*[^{charClass}]*'";
    }

    /// <summary>A hexadecimal string with a <c>0x</c> prefix of exactly <paramref name="hexDigits"/> digits (any letter case).</summary>
    public string HexWithPrefix(string column, int hexDigits)
    {
        var q = Quote(column);
        return IsPostgres
            ? $"{q} ~* '^0x[a-f0-9]{{{hexDigits}}}$'"
            : $"{Length(column)} = {hexDigits + 2} AND lower(substr({q}, 1, 2)) = '0x' AND substr({q}, 3) NOT GLOB '*[^0-9A-Fa-f]*'";
    }

    /// <summary>
    /// The legacy email rule, <c>^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$</c> (case-insensitive).
    /// On SQLite: a non-empty local part and a domain of the allowed characters, and a final label of at
    /// least two letters after a dot with something before it (the letters are found with <c>rtrim</c>).
    /// </summary>
    public string Email(string column)
    {
        var q = Quote(column);
        if (IsPostgres)
        {
            return $"{q} ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{{2,}}$'";
        }

        const string letters = "'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'";
        var at = $"instr({q}, '@')";
        var local = $"substr({q}, 1, {at} - 1)";
        var domain = $"substr({q}, {at} + 1)";
        return $"{at} > 1 AND {local} NOT GLOB '*[^A-Za-z0-9._%+-]*' AND {domain} NOT GLOB '*[^A-Za-z0-9.-]*'"
            + $" AND length({domain}) - length(rtrim({domain}, {letters})) >= 2"
            + $" AND rtrim({domain}, {letters}) GLOB '?*.'";
    }

    /// <summary>Starts with <c>http://</c> or <c>https://</c> (case-sensitive, as the legacy CHECK).</summary>
    public string HttpUrl(string column)
    {
        var q = Quote(column);
        return IsPostgres
            ? $"{q} ~ '^https?://'"
            : $"({q} GLOB 'http://*' OR {q} GLOB 'https://*')";
    }
}
