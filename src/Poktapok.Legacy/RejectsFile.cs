using System.Text.Json;

namespace Poktapok.Legacy;

/// <summary>The rejects report: JSON Lines, one <see cref="RejectedRow"/> per line (<c>{table, id, field, reason, code}</c>).</summary>
public static class RejectsFile
{
    internal static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The default path of a run's report: <c>.poktapok/import-rejects-&lt;UTC timestamp&gt;.jsonl</c>.</summary>
    public static string DefaultPath(DateTimeOffset now) =>
        Path.Combine(".poktapok", $"import-rejects-{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.jsonl");

    /// <summary>Reads a report.</summary>
    public static async Task<IReadOnlyList<RejectedRow>> ReadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new LegacyImportException($"--rejects {path}: no such file.");
        }

        var rows = new List<RejectedRow>();
        foreach (var line in await File.ReadAllLinesAsync(path, ct))
        {
            if (line.Length > 0)
            {
                rows.Add(JsonSerializer.Deserialize<RejectedRow>(line, Json)
                         ?? throw new LegacyImportException($"--rejects {path}: a line is not a rejected row."));
            }
        }

        return rows;
    }
}
