using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Data;
using Poktapok.Engine.Data;

namespace Poktapok.Legacy;

/// <summary>How one table compares between the legacy database and Poktapok.</summary>
public sealed class TableComparison
{
    public required string Table { get; init; }

    public long LegacyRows { get; set; }

    public long NewRows { get; set; }

    /// <summary>Legacy rows absent from the new database, not explained by the rejects report or a fix.</summary>
    public List<Guid> Missing { get; } = [];

    /// <summary>New rows without a legacy row, other than the migrations' seed rows.</summary>
    public List<Guid> Extra { get; } = [];

    /// <summary>Rows on both sides whose mapped values differ.</summary>
    public List<Guid> Changed { get; } = [];

    /// <summary>Differences the rejects report, a fix policy or the seed data explain.</summary>
    public long Explained { get; set; }

    /// <summary>XOR of the hashes of the legacy rows expected in the new database.</summary>
    public ulong LegacyChecksum { get; set; }

    /// <summary>XOR of the hashes of the new rows that have a legacy row.</summary>
    public ulong NewChecksum { get; set; }

    public bool Ok => Missing.Count == 0 && Extra.Count == 0 && Changed.Count == 0 && LegacyChecksum == NewChecksum;
}

/// <summary>A foreign key of the new database with rows that refer to nothing.</summary>
public sealed record Orphans(string Table, string Column, string References, long Count);

/// <summary>The outcome of <c>poktapok verify</c>.</summary>
public sealed class VerifyReport
{
    public List<TableComparison> Tables { get; } = [];

    public List<Orphans> Orphans { get; } = [];

    /// <summary>Rejected rows listed in the report that the legacy database does not have (a report of another database).</summary>
    public long UnknownRejects { get; set; }

    public bool Ok => Tables.All(t => t.Ok) && Orphans.Count == 0 && UnknownRejects == 0;
}

/// <summary>
/// <c>poktapok verify</c>: per table, compares row counts, key sets (missing and extra ids, both ways) and a
/// checksum of the mapped values between the legacy database and Poktapok. Legacy rows are mapped with the
/// import's own mapper (and the same <c>--fix</c> policies) and both sides are hashed with <see cref="Canonical"/>,
/// so a difference means the data differs, not its representation. Rows listed in the rejects report are
/// explained absences, as are rows a fix policy leaves out and the seed rows of the migrations. It also checks
/// that every reference in the new database points at a row. Memory holds one id and hash per legacy row of the
/// table being compared.
/// </summary>
public static class LegacyVerify
{
    public static async Task<VerifyReport> RunAsync(string from, DatabaseTarget target, IReadOnlyList<RejectedRow> rejects,
        IReadOnlySet<string> fixes, CancellationToken ct)
    {
        var report = new VerifyReport();
        await using var source = await LegacySource.OpenAsync(from, ct);
        await using var db = AppDb.Open(target);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        var canonical = new Canonical(db.Model);
        var rejected = rejects.GroupBy(r => r.Table).ToDictionary(g => g.Key, g => g.Select(r => r.Id).ToHashSet(), StringComparer.Ordinal);
        foreach (var table in LegacyTables.All)
        {
            var comparison = new TableComparison { Table = table.Name };
            report.Tables.Add(comparison);
            var refused = rejected.GetValueOrDefault(table.Name) ?? [];
            var legacy = new Dictionary<Guid, ulong?>();
            var dropped = new HashSet<Guid>();
            await foreach (var batch in source.ReadAsync(table, null, 5000, fixes, ct))
            {
                foreach (var row in batch)
                {
                    comparison.LegacyRows++;
                    if (row.Dropped)
                    {
                        dropped.Add(row.Id);
                        continue;
                    }

                    // A row the mapper refuses has no expected value: in the new database it is a difference.
                    legacy[row.Id] = row.Entity is null || row.Errors.Count > 0 ? null : canonical.Hash(row.Entity);
                }
            }

            report.UnknownRejects += refused.Count(id => !legacy.ContainsKey(id) && !dropped.Contains(id));
            comparison.Explained += dropped.Count;
            foreach (var (id, hash) in legacy)
            {
                if (!refused.Contains(id) && hash is { } h)
                {
                    comparison.LegacyChecksum ^= h;
                }
            }

            var seen = new HashSet<Guid>();
            await foreach (var entity in table.ReadTargetAsync(db, ct))
            {
                comparison.NewRows++;
                var id = table.IdOf(entity);
                if (!legacy.TryGetValue(id, out var expected))
                {
                    if (LegacyTables.SeedIds.Contains(id))
                    {
                        comparison.Explained++;
                    }
                    else
                    {
                        comparison.Extra.Add(id);
                    }

                    continue;
                }

                seen.Add(id);
                var hash = canonical.Hash(entity);
                comparison.NewChecksum ^= hash;
                if (expected != hash)
                {
                    comparison.Changed.Add(id);
                }
            }

            foreach (var id in legacy.Keys.Where(id => !seen.Contains(id)))
            {
                if (refused.Contains(id))
                {
                    comparison.Explained++;
                }
                else
                {
                    comparison.Missing.Add(id);
                }
            }
        }

        await CheckReferencesAsync(db, report, ct);
        return report;
    }

    // Every single-column foreign key of the model: rows whose reference points at no row.
    private static async Task CheckReferencesAsync(AppDb db, VerifyReport report, CancellationToken ct)
    {
        foreach (var table in LegacyTables.All)
        {
            var entityType = db.Model.FindEntityType(table.EntityType)!;
            foreach (var fk in entityType.GetForeignKeys().Where(f => f.Properties.Count == 1))
            {
                var column = fk.Properties[0].GetColumnName();
                var principal = fk.PrincipalEntityType.GetTableName()!;
                var key = fk.PrincipalKey.Properties[0].GetColumnName();
                var sql = $"SELECT count(*) AS \"Value\" FROM {SqlDialect.Quote(table.Name)} d WHERE d.{SqlDialect.Quote(column)} IS NOT NULL "
                          + $"AND NOT EXISTS (SELECT 1 FROM {SqlDialect.Quote(principal)} p WHERE p.{SqlDialect.Quote(key)} = d.{SqlDialect.Quote(column)})";
                var count = await db.Database.SqlQueryRaw<long>(sql).SingleAsync(ct);
                if (count > 0)
                {
                    report.Orphans.Add(new Orphans(table.Name, column, principal, count));
                }
            }
        }
    }

    /// <summary>The table <c>verify</c> prints.</summary>
    public static string Format(VerifyReport report)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"{"table",-22}{"legacy",9}{"new",9}{"missing",9}{"extra",7}{"changed",9}{"explained",11}  {"checksum",-16}  status"),
        };
        foreach (var t in report.Tables)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{t.Table,-22}{t.LegacyRows,9:N0}{t.NewRows,9:N0}{t.Missing.Count,9:N0}{t.Extra.Count,7:N0}{t.Changed.Count,9:N0}{t.Explained,11:N0}  "
                + $"{t.NewChecksum,16:x16}  {(t.Ok ? "ok" : "DIFFERENT")}"));
        }

        foreach (var t in report.Tables.Where(t => !t.Ok))
        {
            foreach (var (what, ids) in new[] { ("missing", t.Missing), ("extra", t.Extra), ("changed", t.Changed) })
            {
                if (ids.Count > 0)
                {
                    lines.Add($"  {t.Table} {what}: {string.Join(", ", ids.Take(5))}{(ids.Count > 5 ? $", … ({ids.Count} in all)" : "")}");
                }
            }
        }

        lines.Add(report.Orphans.Count == 0
            ? "references: every reference points at a row"
            : "references: " + string.Join("; ", report.Orphans.Select(o => $"{o.Table}.{o.Column} → {o.References}: {o.Count} orphan(s)")));
        if (report.UnknownRejects > 0)
        {
            lines.Add($"rejects: {report.UnknownRejects} listed row(s) are not in the legacy database");
        }

        lines.Add(report.Ok ? "verify: no unexplained difference" : "verify: UNEXPLAINED DIFFERENCES");
        return string.Join(Environment.NewLine, lines);
    }
}
