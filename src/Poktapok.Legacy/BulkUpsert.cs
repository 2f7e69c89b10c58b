using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Poktapok.App.Data;
using Poktapok.Engine.Data;

namespace Poktapok.Legacy;

/// <summary>
/// Writes a batch of entities with plain SQL in the caller's write transaction:
/// <c>INSERT … ON CONFLICT (id) DO UPDATE SET … WHERE</c> some column differs, so a row already there with the same
/// values is not touched (and not counted). On PostgreSQL the rows go in with binary COPY into a temporary table
/// first and one <c>INSERT … SELECT</c> upserts them all; on SQLite one prepared single-row statement runs per row. Values are bound through the model's own type mappings (the same
/// converters EF uses: closed-set names, UTC or Unix-microsecond instants, scaled decimals on SQLite, JSON), so the
/// rows are exactly what EF would have written; the rows were validated before. This skips EF's change tracker,
/// which dominates the cost of large imports.
/// </summary>
internal static class BulkUpsert
{
    // SQLite allows 32,766 parameters per statement; PostgreSQL 65,535.
    private const int MaxParameters = 30_000;

    private sealed record Plan(string Table, IProperty[] Columns, string Prefix, string Suffix);

    private static readonly ConcurrentDictionary<(IModel, Type), Plan> s_plans = new();

    /// <summary>Upserts <paramref name="rows"/>; returns how many were inserted or changed.</summary>
    public static async Task<int> RunAsync(AppDb db, IReadOnlyList<object> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        var plan = s_plans.GetOrAdd((db.Model, rows[0].GetType()), key => Build(key.Item1, key.Item2, db.Provider));
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
                          ?? throw new InvalidOperationException("A bulk upsert runs inside a write transaction.");
        if (connection is NpgsqlConnection npgsql)
        {
            return await CopyThenUpsertAsync(db, npgsql, plan, rows, ct);
        }
        // SQLite: one prepared single-row statement, rebound per row (its parameter binding is quadratic in the
        // number of parameters of one statement, and a statement costs no round trip). PostgreSQL: multi-row
        // statements, one round trip per MaxParameters values.
        var perStatement = db.Provider == DatabaseProvider.Sqlite ? 1 : Math.Max(1, MaxParameters / plan.Columns.Length);
        var affected = 0;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var count = Math.Min(perStatement, rows.Count - start);
            command.Parameters.Clear();
            var sql = new StringBuilder(plan.Prefix);
            for (var r = 0; r < count; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                var entity = rows[start + r];
                for (var c = 0; c < plan.Columns.Length; c++)
                {
                    var property = plan.Columns[c];
                    var name = $"@p{r}_{c}";
                    sql.Append(c == 0 ? "" : ", ").Append(name);
                    var mapping = (RelationalTypeMapping)property.GetRelationalTypeMapping();
                    // CreateParameter applies the mapping's value converter itself.
                    command.Parameters.Add(mapping.CreateParameter(command, name, property.PropertyInfo!.GetValue(entity), property.IsNullable));
                }

                sql.Append(')');
            }

            sql.Append(plan.Suffix);
            command.CommandText = sql.ToString();
            try
            {
                affected += await command.ExecuteNonQueryAsync(ct);
            }
            catch (DbException e) when (db.TranslateConstraintError(e) is { } refused)
            {
                throw refused;
            }
        }

        if (affected > 0)
        {
            db.RecordWrite(plan.Table);
        }

        return affected;
    }

    // PostgreSQL: binary COPY into a temporary table dropped at commit, then one INSERT … SELECT … ON CONFLICT.
    private static async Task<int> CopyThenUpsertAsync(AppDb db, NpgsqlConnection connection, Plan plan, IReadOnlyList<object> rows,
        CancellationToken ct)
    {
        var staging = SqlDialect.Quote("_import_" + plan.Table);
        var columns = string.Join(", ", plan.Columns.Select(p => SqlDialect.Quote(p.GetColumnName())));
        await using (var create = new NpgsqlCommand(
            $"CREATE TEMP TABLE {staging} (LIKE {SqlDialect.Quote(plan.Table)} INCLUDING DEFAULTS) ON COMMIT DROP", connection))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        // The mapping's own parameter says how each value goes on the wire (its converter applied, its NpgsqlDbType).
        await using var scratch = new NpgsqlCommand();
        var mappings = plan.Columns.Select(p => (p, (RelationalTypeMapping)p.GetRelationalTypeMapping())).ToArray();
        await using (var writer = await connection.BeginBinaryImportAsync($"COPY {staging} ({columns}) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var entity in rows)
            {
                await writer.StartRowAsync(ct);
                foreach (var (property, mapping) in mappings)
                {
                    var parameter = (NpgsqlParameter)mapping.CreateParameter(scratch, "p", property.PropertyInfo!.GetValue(entity), property.IsNullable);
                    if (parameter.Value is null or DBNull)
                    {
                        await writer.WriteNullAsync(ct);
                    }
                    else
                    {
                        await writer.WriteAsync(parameter.Value, parameter.NpgsqlDbType, ct);
                    }
                }
            }

            await writer.CompleteAsync(ct);
        }

        await using var upsert = new NpgsqlCommand($"{plan.Prefix.Replace(" VALUES ", " ", StringComparison.Ordinal)}SELECT {columns} FROM {staging}{plan.Suffix}", connection);
        int affected;
        try
        {
            affected = await upsert.ExecuteNonQueryAsync(ct);
        }
        catch (DbException e) when (db.TranslateConstraintError(e) is { } refused)
        {
            throw refused;
        }

        await using (var drop = new NpgsqlCommand($"DROP TABLE {staging}", connection))
        {
            await drop.ExecuteNonQueryAsync(ct);
        }

        if (affected > 0)
        {
            db.RecordWrite(plan.Table);
        }

        return affected;
    }

    private static Plan Build(IModel model, Type type, DatabaseProvider provider)
    {
        var entityType = model.FindEntityType(type)!;
        var table = entityType.GetTableName()!;
        var columns = entityType.GetProperties().Where(p => p.PropertyInfo is not null).ToArray();
        var names = columns.Select(p => SqlDialect.Quote(p.GetColumnName())).ToArray();
        var key = SqlDialect.Quote(entityType.FindPrimaryKey()!.Properties[0].GetColumnName());
        var distinct = provider == DatabaseProvider.Postgres ? "IS DISTINCT FROM" : "IS NOT";
        var others = names.Where(n => n != key).ToArray();
        var prefix = $"INSERT INTO {SqlDialect.Quote(table)} ({string.Join(", ", names)}) VALUES ";
        var suffix = $" ON CONFLICT ({key}) DO UPDATE SET {string.Join(", ", others.Select(n => $"{n} = excluded.{n}"))}"
                     + $" WHERE {string.Join(" OR ", others.Select(n => $"{SqlDialect.Quote(table)}.{n} {distinct} excluded.{n}"))}";
        return new Plan(table, columns, prefix, suffix);
    }
}
