using System.IO.Compression;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Schema;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;

namespace Poktapok.App.Data.Snapshots;

/// <summary>What an import wrote.</summary>
/// <param name="Tables">Rows written per table, in the order they were written.</param>
/// <param name="CommitTs">The commit timestamp of the import's transaction.</param>
public sealed record SnapshotImport(IReadOnlyDictionary<string, long> Tables, ulong CommitTs);

/// <summary>
/// Imports a snapshot ZIP into a migrated database in one write transaction of the runtime: it all lands, with one
/// commit record naming every table written, or nothing does. The target must hold no app rows but the migrations'
/// seed rows (the skills and programs every database starts with), unless <c>replace</c> clears it first in the
/// same transaction. Rows are read a line at a time, checked by the model's own rules as they are added and saved in
/// batches (the change tracker is cleared after each), so memory does not grow with the tables.
/// </summary>
public sealed class SnapshotReader(TransactionRunner<AppDb> runner, ValueMapper values)
{
    /// <summary>Rows saved per batch.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>Reads the manifest of <paramref name="zip"/> and checks it is a snapshot this build can import.</summary>
    public static SnapshotManifest ReadManifest(ZipArchive zip)
    {
        var entry = zip.GetEntry(SnapshotFormat.ManifestEntry)
            ?? throw new SnapshotException($"{SnapshotFormat.ManifestEntry} is missing: not a Poktapok snapshot.");
        SnapshotManifest? manifest;
        try
        {
            using var stream = entry.Open();
            manifest = JsonSerializer.Deserialize<SnapshotManifest>(stream, SnapshotFormat.ManifestOptions);
        }
        catch (JsonException e)
        {
            throw new SnapshotException($"{SnapshotFormat.ManifestEntry}: {e.Message}", e);
        }

        if (manifest is not { Format: SnapshotFormat.FormatName, Tables: not null })
        {
            throw new SnapshotException($"{SnapshotFormat.ManifestEntry}: format is not \"{SnapshotFormat.FormatName}\".");
        }

        return manifest.Version is < 1 or > SnapshotFormat.Version
            ? throw new SnapshotException($"{SnapshotFormat.ManifestEntry}: version {manifest.Version} is newer than this build reads ({SnapshotFormat.Version}).")
            : manifest;
    }

    /// <summary>Imports the snapshot in <paramref name="input"/> (a seekable stream, left open).</summary>
    public async Task<SnapshotImport> ImportAsync(Stream input, bool replace, TextWriter progress, CancellationToken ct = default)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new SnapshotException($"not a ZIP file: {e.Message}", e);
        }

        using (zip)
        {
            var manifest = ReadManifest(zip);
            var documents = new SnapshotDocuments(values);
            var (tables, ts) = await runner.WriteAsync(async (db, _) =>
            {
                var all = SnapshotTable.All(db.Model);
                CheckEntries(zip, all);
                await ClearAsync(db, all, replace, ct);
                var written = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var table in all)
                {
                    written[table.Name] = await InsertAsync(db, zip, table, documents, ct);
                    if (manifest.Tables.TryGetValue(table.Name, out var expected) && expected != written[table.Name])
                    {
                        throw new SnapshotException($"{table.Entry}: {written[table.Name]} document(s), but the manifest says {expected}: the file is truncated or was edited.");
                    }

                    await progress.WriteLineAsync($"  {table.Name}: {written[table.Name]} row(s)");
                }

                return written;
            }, ct);
            return new SnapshotImport(tables, ts);
        }
    }

    // Tables the model does not have would be silently dropped; refuse instead. Tables the snapshot lacks are empty.
    private static void CheckEntries(ZipArchive zip, IReadOnlyList<SnapshotTable> tables)
    {
        var known = tables.Select(t => t.Entry).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            if (entry.FullName.EndsWith("/" + SnapshotFormat.DocumentsFile, StringComparison.Ordinal) && !known.Contains(entry.FullName))
            {
                throw new SnapshotException($"{entry.FullName}: this database has no table {entry.FullName[..entry.FullName.IndexOf('/', StringComparison.Ordinal)]}.");
            }
        }
    }

    // The seed rows of a migrated database do not make it "non-empty"; they are replaced by the snapshot's own
    // copies (which carry any later change, or are absent when the source deleted them).
    private static readonly IReadOnlyDictionary<string, HashSet<Guid>> s_seedRows = new Dictionary<string, HashSet<Guid>>(StringComparer.Ordinal)
    {
        ["skills"] = SeedData.Skills.Select(s => s.Id).ToHashSet(),
        ["programs"] = SeedData.Programs.Select(p => p.Id).ToHashSet(),
    };

    private static async Task ClearAsync(AppDb db, IReadOnlyList<SnapshotTable> tables, bool replace, CancellationToken ct)
    {
        if (!replace)
        {
            var occupied = new List<string>();
            foreach (var table in tables)
            {
                var seeds = s_seedRows.GetValueOrDefault(table.Name) ?? [];
                var count = await (Task<int>)s_countRows.MakeGenericMethod(table.ClrType).Invoke(null, [db, table, seeds, ct])!;
                if (count > 0)
                {
                    occupied.Add($"{table.Name} ({count})");
                }
            }

            if (occupied.Count > 0)
            {
                throw new SnapshotException(
                    $"the database already has rows in {string.Join(", ", occupied)}; import into an empty database, or pass --replace to delete them first.");
            }
        }

        // Referencing tables first, so no foreign key is ever left dangling.
        foreach (var table in tables.Reverse())
        {
            // The name comes from the model, never from the snapshot.
#pragma warning disable EF1003
            await db.Database.ExecuteSqlRawAsync("DELETE FROM " + SqlDialect.Quote(table.Name), ct);
#pragma warning restore EF1003
            db.RecordWrite(table.Name);
        }
    }

    private static readonly System.Reflection.MethodInfo s_countRows =
        typeof(SnapshotReader).GetMethod(nameof(CountRowsAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    private static Task<int> CountRowsAsync<T>(AppDb db, SnapshotTable table, HashSet<Guid> except, CancellationToken ct) where T : class
    {
        var key = table.Entity.FindPrimaryKey()!.Properties.Single().Name;
        var ids = except.ToList();
        return db.Set<T>().IgnoreQueryFilters().CountAsync(row => !ids.Contains(EF.Property<Guid>(row, key)), ct);
    }

    private async Task<long> InsertAsync(AppDb db, ZipArchive zip, SnapshotTable table, SnapshotDocuments documents, CancellationToken ct)
    {
        var entry = zip.GetEntry(table.Entry);
        if (entry is null)
        {
            return 0;
        }

        await using var stream = entry.Open();
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
        long count = 0;
        var line = 0;
        var batchStart = 1;
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            object row;
            try
            {
                using var json = JsonDocument.Parse(text);
                row = documents.Read(table, json.RootElement);
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                throw new SnapshotException($"{table.Entry} line {line}: {e.Message}", e);
            }

            db.Add(row);
            var errors = RowValidator.Validate(db.Entry(row));
            if (errors.Count > 0)
            {
                throw new SnapshotException($"{table.Entry} line {line}: {new DataValidationException(table.Name, errors).Message}");
            }

            count++;
            if (count % BatchSize == 0)
            {
                await SaveBatchAsync(db, table, batchStart, line, ct);
                batchStart = line + 1;
            }
        }

        await SaveBatchAsync(db, table, batchStart, line, ct);
        return count;
    }

    // The database's own refusals (a duplicate id, a reference to a row the snapshot lacks) are known per batch.
    private static async Task SaveBatchAsync(AppDb db, SnapshotTable table, int firstLine, int lastLine, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DataValidationException e)
        {
            throw new SnapshotException($"{table.Entry} lines {firstLine}–{lastLine}: {e.Message}", e);
        }

        db.ChangeTracker.Clear();
    }
}
