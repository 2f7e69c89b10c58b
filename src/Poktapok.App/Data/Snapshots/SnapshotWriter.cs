using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;

namespace Poktapok.App.Data.Snapshots;

/// <summary>
/// Exports every app table into a snapshot ZIP (<see cref="SnapshotFormat"/>). All tables are read in one
/// read-only transaction, so the snapshot is one consistent point (<see cref="SnapshotManifest.SnapshotTs"/>);
/// rows are read a page at a time in id order and written as they come, so memory does not grow with the tables.
/// </summary>
public sealed class SnapshotWriter(TransactionRunner<AppDb> runner, ValueMapper values, DatabaseProvider provider)
{
    /// <summary>Rows read per query.</summary>
    public int PageSize { get; init; } = 1000;

    /// <summary>Writes the snapshot to <paramref name="output"/> (left open); <paramref name="progress"/> gets a line per table.</summary>
    public async Task<SnapshotManifest> WriteAsync(Stream output, TextWriter progress, CancellationToken ct = default)
    {
        var documents = new SnapshotDocuments(values);
        var (manifest, _) = await runner.ReadAsync(async (db, now, ts) =>
        {
            using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
            var tables = SnapshotTable.All(db.Model);
            await WriteSchemaAsync(zip, tables, now, ct);
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var table in tables.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                var entry = zip.CreateEntry(table.Entry, CompressionLevel.Optimal);
                entry.LastWriteTime = now;
                await using var stream = entry.Open();
                counts[table.Name] = await (Task<long>)s_writeTable.MakeGenericMethod(table.ClrType)
                    .Invoke(this, [db, table, documents, stream, ct])!;
                await progress.WriteLineAsync($"  {table.Name}: {counts[table.Name]} row(s)");
            }

            var result = new SnapshotManifest(SnapshotFormat.FormatName, SnapshotFormat.Version, provider.ToString().ToLowerInvariant(), ts,
                now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                tables.ToDictionary(t => t.Name, t => counts[t.Name]));
            var manifestEntry = zip.CreateEntry(SnapshotFormat.ManifestEntry, CompressionLevel.Optimal);
            manifestEntry.LastWriteTime = now;
            await using (var stream = manifestEntry.Open())
            {
                await JsonSerializer.SerializeAsync(stream, result, SnapshotFormat.ManifestOptions, ct);
            }

            return result;
        }, ct);
        return manifest;
    }

    private static readonly System.Reflection.MethodInfo s_writeTable =
        typeof(SnapshotWriter).GetMethod(nameof(WriteTableAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;

    // Keyset pages in id order: each query starts after the last id written, so no page costs more than the first.
    private async Task<long> WriteTableAsync<T>(AppDb db, SnapshotTable table, SnapshotDocuments documents, Stream stream, CancellationToken ct)
        where T : class
    {
        var key = table.Entity.FindPrimaryKey()!.Properties.Single().Name;
        var buffer = new ArrayBufferWriter<byte>();
        await using var writer = new Utf8JsonWriter(buffer, SnapshotFormat.WriterOptions);
        long count = 0;
        Guid? last = null;
        while (true)
        {
            var query = db.Set<T>().IgnoreQueryFilters().AsNoTracking();
            if (last is { } after)
            {
                query = query.Where(row => EF.Property<Guid>(row, key).CompareTo(after) > 0);
            }

            var page = await query.OrderBy(row => EF.Property<Guid>(row, key)).Take(PageSize).ToListAsync(ct);
            foreach (var row in page)
            {
                buffer.ResetWrittenCount();
                writer.Reset();
                documents.Write(writer, table, row);
                await writer.FlushAsync(ct);
                await stream.WriteAsync(buffer.WrittenMemory, ct);
                stream.WriteByte((byte)'\n');
            }

            count += page.Count;
            if (page.Count < PageSize)
            {
                return count;
            }

            last = (Guid)table.Entity.FindPrimaryKey()!.Properties[0].PropertyInfo!.GetValue(page[^1])!;
        }
    }

    private static async Task WriteSchemaAsync(ZipArchive zip, IReadOnlyList<SnapshotTable> tables, DateTimeOffset now, CancellationToken ct)
    {
        var entry = zip.CreateEntry(SnapshotFormat.SchemaEntry, CompressionLevel.Optimal);
        entry.LastWriteTime = now;
        await using var stream = entry.Open();
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var table in tables.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            buffer.ResetWrittenCount();
            await using (var writer = new Utf8JsonWriter(buffer, SnapshotFormat.WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteString("table", table.Name);
                writer.WriteStartObject("fields");
                writer.WriteString("_id", "id");
                if (table.CreationTime is not null)
                {
                    writer.WriteString("_creationTime", "instant");
                }

                foreach (var field in table.Fields)
                {
                    writer.WriteString(field.Name, field.SchemaType);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            await stream.WriteAsync(buffer.WrittenMemory, ct);
            stream.WriteByte((byte)'\n');
        }
    }
}
