using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Poktapok.App.Data;
using Poktapok.App.Schema;
using Poktapok.Engine.Data;

namespace Poktapok.Legacy;

/// <summary>An <c>import</c> or <c>verify</c> argument that cannot work; the message is one line, fit for the CLI.</summary>
public sealed class LegacyImportException(string message) : Exception(message);

/// <summary>
/// <c>poktapok import</c>: copies the legacy database into Poktapok in three phases, as the seed's plan has
/// it: (1) the admins (users with role admin and their profiles), (2) published events (with the programs
/// they refer to), (3) every other row of the 18 tables, each table after the tables it references.
/// <list type="bullet">
/// <item>Each legacy row is mapped (<see cref="LegacyTables"/>) and checked with the model's own rules
/// (<see cref="RowValidator"/>: required values, lengths, closed sets, decimal precision, then the entity's
/// <c>Validate</c>). A row that fails, or that refers to a row refused earlier, is written to the rejects
/// report and counted; nothing is dropped silently.</item>
/// <item>Rows are written in batches, each one write transaction of the runtime (<see cref="TransactionRunner{TDb}"/>),
/// so each batch gets a commit record and live queries see the import as it goes. A batch the database
/// refuses (a unique key or reference the checks could not see) is split in halves until the refused rows
/// are found, and those go to the report.</item>
/// <item>Writes are upserts by legacy id: a row already there with the same values is left alone, so a second
/// run changes nothing (and commits nothing), and a run stopped midway and started again ends where an
/// uninterrupted run ends.</item>
/// </list>
/// </summary>
public static class LegacyImport
{
    /// <summary>The <c>--only</c> name of phase 1.</summary>
    public const string Admins = "admins";

    /// <summary>The <c>--only</c> name of phase 2.</summary>
    public const string PublishedEvents = "events";

    private const string AdminIds = "SELECT u.id FROM users u WHERE u.role::text = 'admin'";

    /// <summary>One table (or part of one) to import.</summary>
    /// <param name="Phase">admins, events or all.</param>
    /// <param name="Table">The table.</param>
    /// <param name="Filter">SQL on the alias <c>t</c> selecting the rows of this step; null for all rows.</param>
    public sealed record Step(string Phase, LegacyTable Table, string? Filter);

    /// <summary>
    /// The steps of an import, for <c>--only</c> (empty: all three phases). <c>admins</c> and <c>events</c> name
    /// phases 1 and 2; other names are tables, imported whole, in dependency order.
    /// </summary>
    public static IReadOnlyList<Step> Plan(IReadOnlyList<string> only)
    {
        var admins = new Step[]
        {
            new(Admins, LegacyTables.Users, "t.role::text = 'admin'"),
            new(Admins, LegacyTables.Profiles, $"t.user_id IN ({AdminIds})"),
        };
        var events = new Step[]
        {
            new(PublishedEvents, LegacyTables.Programs, null),
            new(PublishedEvents, LegacyTables.Events, "t.is_published"),
        };
        if (only.Count == 0)
        {
            var rest = LegacyTables.All.Where(t => t != LegacyTables.Programs).Select(t => t.Name switch
            {
                "users" => new Step("all", t, "t.role::text <> 'admin'"),
                "profiles" => new Step("all", t, $"t.user_id NOT IN ({AdminIds})"),
                "events" => new Step("all", t, "NOT t.is_published"),
                _ => new Step("all", t, null),
            });
            return [.. admins, .. events, .. rest];
        }

        var unknown = only.Where(o => o is not (Admins or PublishedEvents) && LegacyTables.Find(o) is null).ToList();
        if (unknown.Count > 0)
        {
            throw new LegacyImportException(
                $"--only {string.Join(",", unknown)}: not a phase (admins, events) nor a legacy table ({string.Join(", ", LegacyTables.All.Select(t => t.Name))}).");
        }

        var steps = new List<Step>();
        if (only.Contains(Admins))
        {
            steps.AddRange(admins);
        }

        if (only.Contains(PublishedEvents))
        {
            steps.AddRange(events);
        }

        // "events" names the phase (published events), not the whole table; the full run imports the rest.
        steps.AddRange(LegacyTables.All.Where(t => t.Name != PublishedEvents && only.Contains(t.Name)).Select(t => new Step("only", t, null)));
        return steps;
    }

    /// <summary>Parses <c>--fix</c> values; throws <see cref="LegacyImportException"/> for an unknown policy.</summary>
    public static IReadOnlySet<string> ParseFixes(IEnumerable<string> values)
    {
        var fixes = values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet();
        var unknown = fixes.Except(LegacyTables.FixPolicies).ToList();
        return unknown.Count == 0
            ? fixes
            : throw new LegacyImportException($"--fix {string.Join(",", unknown)}: unknown policy; known: {string.Join(", ", LegacyTables.FixPolicies)}.");
    }

    /// <summary>Runs an import; a failure that stops it (the database unreachable, cancellation) is thrown.</summary>
    public static async Task<ImportReport> RunAsync(ImportOptions options, CancellationToken ct)
    {
        var steps = Plan(options.Only);
        var report = new ImportReport { RejectsPath = options.RejectsPath };
        var clock = Stopwatch.StartNew();
        await using var source = await LegacySource.OpenAsync(options.From, ct);
        await using var model = AppDb.Open(options.Target);
        var run = new Run(options, report, model.Model);
        try
        {
            foreach (var step in steps)
            {
                await run.ImportAsync(source, step, ct);
            }
        }
        finally
        {
            report.Elapsed = clock.Elapsed;
            await run.DisposeAsync();
        }

        return report;
    }

    private sealed class Run(ImportOptions options, ImportReport report, IModel model) : IAsyncDisposable
    {
        private readonly TransactionRunner<AppDb> _runner = new(c => AppDb.Open(options.Target, c), options.Target.Provider);
        private readonly Dictionary<string, HashSet<Guid>> _rejected = new(StringComparer.Ordinal);

        // Unique keys the model has and legacy did not (LEGACY.md §1.3: events.luma_slug is not unique there).
        private readonly Dictionary<string, Dictionary<string, Guid>> _uniqueSeen = new(StringComparer.Ordinal)
        {
            [nameof(Event.LumaSlug)] = new(StringComparer.Ordinal),
            [nameof(Event.LumaEventId)] = new(StringComparer.Ordinal),
        };

        private StreamWriter? _rejects;
        private readonly Dictionary<Type, (System.Reflection.PropertyInfo Property, string Field, string Principal)[]> _references = [];

        // The single-column foreign keys of a table's entity, from the model: (property, its wire name, the table it refers to).
        private (System.Reflection.PropertyInfo, string, string)[] ReferencesOf(LegacyTable table)
        {
            if (!_references.TryGetValue(table.EntityType, out var list))
            {
                _references[table.EntityType] = list = model.FindEntityType(table.EntityType)!.GetForeignKeys()
                    .Where(f => f.Properties.Count == 1 && f.Properties[0].PropertyInfo is not null)
                    .Select(f => (f.Properties[0].PropertyInfo!, ClosedSet.CamelCase(f.Properties[0].Name), f.PrincipalEntityType.GetTableName()!))
                    .ToArray();
            }

            return list;
        }

        public async Task ImportAsync(LegacySource source, Step step, CancellationToken ct)
        {
            var counts = report.For(step.Table.Name);
            if (!source.HasTable(step.Table.Name))
            {
                options.Progress?.WriteLine($"{step.Table.Name}: not in the legacy database, skipped");
                return;
            }

            var started = Stopwatch.StartNew();
            var read = 0L;
            var lastPrint = TimeSpan.Zero;
            await foreach (var batch in source.ReadAsync(step.Table, step.Filter, options.BatchSize, options.Fixes, ct))
            {
                using var validation = AppDb.Open(options.Target);
                var accepted = new List<(Guid Id, object Entity)>(batch.Count);
                foreach (var row in batch)
                {
                    counts.Read++;
                    read++;
                    if (row.Fixes.Count > 0)
                    {
                        counts.Fixed++;
                        report.Fixes.AddRange(row.Fixes.Select(f => $"{step.Table.Name} {row.Id}: {f}"));
                    }

                    if (row.Dropped)
                    {
                        continue;
                    }

                    var errors = row.Errors.Count > 0 || row.Entity is null ? row.Errors : Check(validation, step.Table, row.Entity);
                    if (errors.Count > 0)
                    {
                        await RejectAsync(step.Table, row.Id, errors);
                        continue;
                    }

                    accepted.Add((row.Id, row.Entity!));
                }

                if (options.DryRun)
                {
                    counts.Written += accepted.Count;
                }
                else
                {
                    await WriteAsync(step.Table, counts, accepted, ct);
                }

                if (started.Elapsed - lastPrint >= TimeSpan.FromSeconds(1))
                {
                    lastPrint = started.Elapsed;
                    PrintProgress(step, counts, read, started.Elapsed, done: false);
                }
            }

            PrintProgress(step, counts, read, started.Elapsed, done: true);
        }

        private void PrintProgress(Step step, TableCounts counts, long read, TimeSpan elapsed, bool done)
        {
            if (options.Progress is not { } progress)
            {
                return;
            }

            var rate = elapsed.TotalSeconds > 0 ? read / elapsed.TotalSeconds : 0;
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{step.Phase}] {step.Table.Name,-21} {(done ? "done" : "...."),4} {read,9:N0} read this step; table so far: "
                + $"{counts.Written:N0} {(options.DryRun ? "to write" : "written")}, {counts.Unchanged:N0} unchanged, "
                + $"{counts.Rejected:N0} rejected, {counts.Fixed:N0} fixed ({rate:N0} rows/s)"));
        }

        // The model's rules, then references to rows this run refused, then unique keys legacy did not enforce.
        private List<FieldError> Check(AppDb validation, LegacyTable table, object entity)
        {
            var errors = RowValidator.Validate(validation.Entry(entity)).ToList();
            if (errors.Count > 0)
            {
                return errors;
            }

            foreach (var (property, name, principal) in ReferencesOf(table))
            {
                if (property.GetValue(entity) is Guid id && _rejected.TryGetValue(principal, out var refused) && refused.Contains(id))
                {
                    errors.Add(new FieldError(name, FieldErrorCodes.Reference, $"refers to {principal} {id}, which the import refused"));
                }
            }

            if (errors.Count == 0 && entity is Event e)
            {
                Unique(errors, e.Id, nameof(Event.LumaSlug), e.LumaSlug);
                Unique(errors, e.Id, nameof(Event.LumaEventId), e.LumaEventId);
            }

            return errors;
        }

        private void Unique(List<FieldError> errors, Guid id, string property, string? value)
        {
            if (value is null)
            {
                return;
            }

            var seen = _uniqueSeen[property];
            if (seen.TryGetValue(value, out var owner) && owner != id)
            {
                errors.Add(new FieldError(ClosedSet.CamelCase(property), FieldErrorCodes.Unique,
                    $"'{value}' is already used by events {owner} (unique in the model, not in legacy)"));
            }
            else
            {
                seen[value] = id;
            }
        }

        // A batch the database refuses is split until the refused rows are found; the others are written.
        private async Task WriteAsync(LegacyTable table, TableCounts counts, List<(Guid Id, object Entity)> rows, CancellationToken ct)
        {
            if (rows.Count == 0)
            {
                return;
            }

            try
            {
                var entities = rows.Select(r => r.Entity).ToList();
                var ((written, unchanged), _) = await _runner.WriteAsync((db, _) => table.UpsertAsync(db, entities, ct), ct);
                counts.Written += written;
                counts.Unchanged += unchanged;
                if (written > 0)
                {
                    report.Batches++;
                    options.AfterBatch?.Invoke(report.Batches);
                }
            }
            catch (DataValidationException) when (rows.Count > 1)
            {
                var half = rows.Count / 2;
                await WriteAsync(table, counts, rows[..half], ct);
                await WriteAsync(table, counts, rows[half..], ct);
            }
            catch (DataValidationException e)
            {
                await RejectAsync(table, rows[0].Id, e.Errors);
            }
        }

        private async Task RejectAsync(LegacyTable table, Guid id, IReadOnlyList<FieldError> errors)
        {
            report.For(table.Name).Rejected++;
            if (!_rejected.TryGetValue(table.Name, out var set))
            {
                _rejected[table.Name] = set = [];
            }

            set.Add(id);
            var first = errors.Count > 0 ? errors[0] : new FieldError("", FieldErrorCodes.Check, "refused by the database");
            var reason = string.Join("; ", errors.Select(e => e.Field.Length > 0 ? $"{e.Field}: {e.Message}" : e.Message));
            var rejected = new RejectedRow(table.Name, id, first.Field, reason, first.Code);
            report.Rejects.Add(rejected);
            if (options.RejectsPath is { } path)
            {
                if (_rejects is null)
                {
                    if (Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } folder)
                    {
                        Directory.CreateDirectory(folder);
                    }

                    _rejects = new StreamWriter(path, append: false);
                }

                await _rejects.WriteLineAsync(JsonSerializer.Serialize(rejected, RejectsFile.Json));
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_rejects is not null)
            {
                await _rejects.DisposeAsync();
            }
            else if (options.RejectsPath is { } path)
            {
                // An empty report says "nothing refused" to verify, rather than leaving it to guess.
                if (Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } folder)
                {
                    Directory.CreateDirectory(folder);
                }

                await File.WriteAllTextAsync(path, "");
            }
        }
    }

    /// <summary>The summary table printed at the end of an import.</summary>
    public static string Summary(ImportReport report, bool dryRun)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{"table",-22}{"read",10}{(dryRun ? "to write" : "written"),10}{"unchanged",11}{"rejected",10}{"fixed",8}"),
        };
        foreach (var t in report.Tables)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{t.Table,-22}{t.Read,10:N0}{t.Written,10:N0}{t.Unchanged,11:N0}{t.Rejected,10:N0}{t.Fixed,8:N0}"));
        }

        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"{"total",-22}{report.Tables.Sum(t => t.Read),10:N0}{report.Tables.Sum(t => t.Written),10:N0}{report.Tables.Sum(t => t.Unchanged),11:N0}"
            + $"{report.Tables.Sum(t => t.Rejected),10:N0}{report.Tables.Sum(t => t.Fixed),8:N0}"));
        var rate = report.Elapsed.TotalSeconds > 0 ? report.Tables.Sum(t => t.Read) / report.Elapsed.TotalSeconds : 0;
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"{report.Batches} batch(es) committed in {report.Elapsed.TotalSeconds:N1} s ({rate:N0} rows/s)."));
        return string.Join(Environment.NewLine, lines);
    }
}
