using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Poktapok.App.Data;
using Poktapok.Engine.Data;

namespace Poktapok.Legacy;

/// <summary>
/// Writes a batch of entities with plain SQL in the caller's write transaction: multi-row
/// <c>INSERT … ON CONFLICT (id) DO UPDATE SET … WHERE</c> some column differs, so a row already there with the same
/// values is not touched (and not counted). Values are bound through the model's own type mappings (the same
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
