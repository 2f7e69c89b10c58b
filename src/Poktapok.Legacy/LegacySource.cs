using System.Data;
using System.Runtime.CompilerServices;
using System.Text;
using Npgsql;
using Poktapok.Engine.Data;

namespace Poktapok.Legacy;

/// <summary>One legacy row after mapping: the entity, or why it could not be made, and what fixes changed.</summary>
/// <param name="Id">The id the row has (or would have) in the model.</param>
/// <param name="Entity">The mapped entity; null when mapping failed or a fix policy dropped the row.</param>
/// <param name="Errors">Mapping errors (a value outside a closed set, JSON of the wrong shape, a dangling link).</param>
/// <param name="Fixes">What <c>--fix</c> policies changed or why they dropped the row.</param>
/// <param name="Dropped">Whether a fix policy left the row out.</param>
public sealed record MappedRow(Guid Id, object? Entity, IReadOnlyList<FieldError> Errors, IReadOnlyList<string> Fixes, bool Dropped);

/// <summary>
/// The legacy database, read in one consistent snapshot (<c>REPEATABLE READ READ ONLY</c>). Each table is read
/// in keyset batches ordered by its key (<c>WHERE key &gt; last ORDER BY key LIMIT n</c>), so memory holds one
/// batch whatever the table's size. The columns read are the ones <c>information_schema.columns</c> lists, so
/// both schema variants (migration files or <c>drizzle-kit push</c>, and the PULPA script) are read as they are.
/// </summary>
public sealed class LegacySource : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _snapshot;
    private readonly Dictionary<string, List<(string Name, string DataType)>> _columns;

    private LegacySource(NpgsqlConnection connection, NpgsqlTransaction snapshot,
        Dictionary<string, List<(string, string)>> columns)
    {
        _connection = connection;
        _snapshot = snapshot;
        _columns = columns;
    }

    /// <summary>Opens the legacy database (a <c>postgres://</c> URL or an Npgsql connection string).</summary>
    public static async Task<LegacySource> OpenAsync(string from, CancellationToken ct)
    {
        var target = DatabaseTarget.Parse(from);
        if (target.Provider != DatabaseProvider.Postgres)
        {
            throw new DatabaseUrlException("--from must be a postgres:// URL or an Npgsql connection string (the legacy database is PostgreSQL).");
        }

        var connection = new NpgsqlConnection(target.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
        }
        catch (Exception e) when (DatabaseUnavailableException.From(e, target) is { } unavailable)
        {
            await connection.DisposeAsync();
            throw unavailable;
        }

        var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, snapshot))
        {
            await readOnly.ExecuteNonQueryAsync(ct);
        }

        var columns = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            + "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position", connection, snapshot))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var table = reader.GetString(0);
                if (!columns.TryGetValue(table, out var list))
                {
                    columns[table] = list = [];
                }

                list.Add((reader.GetString(1), reader.GetString(2)));
            }
        }

        return new LegacySource(connection, snapshot, columns);
    }

    /// <summary>Whether the legacy database has the table.</summary>
    public bool HasTable(string table) => _columns.ContainsKey(table);

    /// <summary>The legacy columns of a table (empty when the table does not exist).</summary>
    public IReadOnlyList<string> ColumnsOf(string table) =>
        _columns.TryGetValue(table, out var list) ? list.Select(c => c.Name).ToList() : [];

    /// <summary>How many rows a table has (with an optional filter on <c>t</c>).</summary>
    public async Task<long> CountAsync(LegacyTable table, string? filter, CancellationToken ct)
    {
        if (!HasTable(table.Name))
        {
            return 0;
        }

        await using var command = new NpgsqlCommand(
            $"SELECT count(*) FROM {Quote(table.Name)} t{(filter is null ? "" : " WHERE " + filter)}", _connection, _snapshot);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Reads and maps a table in batches of <paramref name="batchSize"/>, optionally only the rows matching
    /// <paramref name="filter"/> (SQL on the alias <c>t</c>).
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<MappedRow>> ReadAsync(LegacyTable table, string? filter, int batchSize,
        IReadOnlySet<string> policies, [EnumeratorCancellation] CancellationToken ct)
    {
        if (!_columns.TryGetValue(table.Name, out var columns))
        {
            yield break;
        }

        var select = new StringBuilder("SELECT ");
        var names = new List<string>();
        foreach (var (name, dataType) in columns)
        {
            var cast = dataType switch
            {
                "USER-DEFINED" => "::text",
                "ARRAY" => "::text[]",
                _ => "",
            };
            names.Add(name);
            select.Append(names.Count > 1 ? ", " : "").Append("t.").Append(Quote(name)).Append(cast).Append(" AS ").Append(Quote(name));
        }

        foreach (var (name, sql) in table.Fallbacks.Where(f => !columns.Exists(c => c.Name == f.Key)).Concat(table.Extras))
        {
            names.Add(name);
            select.Append(", ").Append(sql).Append(" AS ").Append(Quote(name));
        }

        var keys = table.KeyColumns;
        var keyList = string.Join(", ", keys.Select(k => "t." + Quote(k)));
        var after = keys.Count == 1 ? $"t.{Quote(keys[0])} > @k0" : $"({keyList}) > ({string.Join(", ", keys.Select((_, i) => $"@k{i}"))})";
        select.Append(" FROM ").Append(Quote(table.Name)).Append(" t WHERE ");
        var first = select + (filter ?? "TRUE") + $" ORDER BY {keyList} LIMIT {batchSize}";
        var next = select + (filter is null ? "" : $"({filter}) AND ") + after + $" ORDER BY {keyList} LIMIT {batchSize}";

        var ordinals = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var row = new LegacyRow(ordinals) { Policies = policies };
        var keyOrdinals = keys.Select(k => ordinals[k]).ToArray();
        Guid[]? last = null;
        while (true)
        {
            var batch = new List<MappedRow>(batchSize);
            await using (var command = new NpgsqlCommand(last is null ? first : next, _connection, _snapshot))
            {
                for (var i = 0; last is not null && i < last.Length; i++)
                {
                    command.Parameters.AddWithValue($"k{i}", last[i]);
                }

                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    row.MoveTo(reader);
                    var entity = table.Map(row);
                    var id = entity is null ? table.KeyOf(row) : table.IdOf(entity);
                    batch.Add(new MappedRow(id, entity, [.. row.Errors], [.. row.Fixes], row.Dropped));
                    last = keyOrdinals.Select(reader.GetGuid).ToArray();
                }
            }

            if (batch.Count > 0)
            {
                yield return batch;
            }

            if (batch.Count < batchSize)
            {
                yield break;
            }
        }
    }

    private static string Quote(string identifier) => SqlDialect.Quote(identifier);

    public async ValueTask DisposeAsync()
    {
        await _snapshot.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
