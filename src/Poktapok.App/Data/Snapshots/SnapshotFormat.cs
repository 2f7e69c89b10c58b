using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Poktapok.App.Data.Snapshots;

/// <summary>
/// The layout of a snapshot ZIP (docs/snapshots.md): Convex's, one folder per table with its documents as JSON
/// lines, <c>generated_schema.jsonl</c> for the field types JSON does not carry, and Poktapok's manifest.
/// </summary>
public static class SnapshotFormat
{
    /// <summary>Each table's documents: <c>&lt;table&gt;/documents.jsonl</c>, one document per line, in id order.</summary>
    public const string DocumentsFile = "documents.jsonl";

    /// <summary>One line per table: its name and the type of each field.</summary>
    public const string SchemaEntry = "generated_schema.jsonl";

    /// <summary>Format, version, source and row counts; written last, read first.</summary>
    public const string ManifestEntry = "_poktapok/manifest.json";

    /// <summary>The value of <see cref="SnapshotManifest.Format"/>.</summary>
    public const string FormatName = "poktapok-snapshot";

    /// <summary>The version this build writes and the newest it reads.</summary>
    public const int Version = 1;

    /// <summary>Convex's name for a snapshot file: <c>snapshot_{ts}.zip</c>, ts in nanoseconds.</summary>
    public static string FileName(ulong timestamp) => $"snapshot_{timestamp}.zip";

    // Non-ASCII text is written as itself (as the HTTP API does): the files stay readable and byte-stable.
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static readonly JsonSerializerOptions ManifestOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>The contents of <c>_poktapok/manifest.json</c>.</summary>
/// <param name="Format">Always <see cref="SnapshotFormat.FormatName"/>.</param>
/// <param name="Version">The format version (<see cref="SnapshotFormat.Version"/>).</param>
/// <param name="Provider">The database it was exported from: <c>sqlite</c> or <c>postgres</c>.</param>
/// <param name="SnapshotTs">The commit timestamp (ns) the export read at: every commit up to it, none after.</param>
/// <param name="ExportedAt">When the export ran (ISO 8601, UTC).</param>
/// <param name="Tables">Row count per table, in the order the tables are imported.</param>
public sealed record SnapshotManifest(
    string Format,
    int Version,
    string Provider,
    ulong SnapshotTs,
    string ExportedAt,
    IReadOnlyDictionary<string, long> Tables);

/// <summary>A snapshot that cannot be read or imported, or a target that would not take it; the message says why.</summary>
public sealed class SnapshotException(string message, Exception? inner = null) : Exception(message, inner);
