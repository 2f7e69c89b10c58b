using System.CommandLine;
using System.Diagnostics;
using Poktapok.App;
using Poktapok.App.Data;
using Poktapok.App.Data.Snapshots;
using Poktapok.Engine.Data;

namespace Poktapok.Server.Cli;

// `poktapok export` and `poktapok import-snapshot`: the whole app database as a Convex-layout snapshot ZIP
// (docs/snapshots.md), for backups and for moving between SQLite and PostgreSQL.
public static partial class PoktapokCli
{
    private static readonly Argument<string> s_exportPath = new("file")
    {
        Description = "The ZIP to write; an existing folder gets snapshot_{ts}.zip. An existing file is never overwritten.",
    };

    private static readonly Argument<string> s_importPath = new("file") { Description = "The snapshot ZIP to import." };

    private static readonly Option<bool> s_replace = new("--replace")
    {
        Description = "Delete every app row of the database first (in the same transaction) instead of refusing a database that has rows.",
    };

    private static Command ExportCommand(TextWriter output, TextWriter error, IDictionary<string, string?> settings)
    {
        var export = new Command("export", "Write every app table to a snapshot ZIP (<table>/documents.jsonl), read at one consistent point.");
        export.Arguments.Add(s_exportPath);
        export.SetAction((parse, ct) => Guarded(error, () => ExportAsync(parse, settings, output, error, ct)));
        return export;
    }

    private static Command ImportSnapshotCommand(TextWriter output, TextWriter error, IDictionary<string, string?> settings)
    {
        var import = new Command("import-snapshot", "Import a snapshot ZIP made by `export`, all or nothing, into an empty database (or with --replace).");
        import.Arguments.Add(s_importPath);
        import.Options.Add(s_replace);
        import.SetAction((parse, ct) => Guarded(error, () => ImportSnapshotAsync(parse, settings, output, error, ct)));
        return import;
    }

    private static async Task<int> ExportAsync(ParseResult parse, IDictionary<string, string?> settings, TextWriter output, TextWriter error,
        CancellationToken ct)
    {
        var path = Path.GetFullPath(parse.GetValue(s_exportPath)!);
        var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            throw new SnapshotException($"{folder}: no such folder.");
        }

        if (File.Exists(path))
        {
            throw new SnapshotException($"{path} already exists; choose another name or delete it.");
        }

        var target = await MigratedTargetAsync(parse, settings, ct);
        var clock = Stopwatch.StartNew();
        // Written beside the destination and moved into place: a failed export never leaves a half-written ZIP.
        var partial = Path.Combine(folder, $".poktapok-export-{Guid.NewGuid():N}.partial");
        SnapshotManifest manifest;
        try
        {
            await error.WriteLineAsync($"Exporting {target.Display}:");
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                manifest = await new SnapshotWriter(Runner(target), AppFunctions.CreateValueMapper(), target.Provider).WriteAsync(file, error, ct);
            }

            var destination = Directory.Exists(path) ? Path.Combine(path, SnapshotFormat.FileName(manifest.SnapshotTs)) : path;
            File.Move(partial, destination, overwrite: false);
            path = destination;
        }
        finally
        {
            File.Delete(partial);
        }

        await output.WriteLineAsync(
            $"Exported {manifest.Tables.Values.Sum()} row(s) from {manifest.Tables.Count} table(s) at commit {manifest.SnapshotTs} to {path} in {clock.Elapsed.TotalSeconds:0.0}s.");
        return ExitOk;
    }

    private static async Task<int> ImportSnapshotAsync(ParseResult parse, IDictionary<string, string?> settings, TextWriter output, TextWriter error,
        CancellationToken ct)
    {
        var path = Path.GetFullPath(parse.GetValue(s_importPath)!);
        if (!File.Exists(path))
        {
            throw new SnapshotException($"{path}: no such file.");
        }

        var target = await MigratedTargetAsync(parse, settings, ct);
        var clock = Stopwatch.StartNew();
        await error.WriteLineAsync($"Importing {Path.GetFileName(path)} into {target.Display}:");
        SnapshotImport result;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        {
            try
            {
                result = await new SnapshotReader(Runner(target), AppFunctions.CreateValueMapper())
                    .ImportAsync(file, parse.GetValue(s_replace), error, ct);
            }
            catch (SnapshotException e)
            {
                throw new SnapshotException($"{Path.GetFileName(path)}: {e.Message} Nothing was imported.", e);
            }
        }

        await output.WriteLineAsync(
            $"Imported {result.Tables.Values.Sum()} row(s) into {result.Tables.Count} table(s) as commit {result.CommitTs} in {clock.Elapsed.TotalSeconds:0.0}s.");
        return ExitOk;
    }

    private static async Task<DatabaseTarget> MigratedTargetAsync(ParseResult parse, IDictionary<string, string?> settings, CancellationToken ct)
    {
        var target = DatabaseTarget.Parse(Configuration(parse, settings)["Database:Url"]);
        await Migrator.MigrateAsync(target, ct);
        return target;
    }

    private static TransactionRunner<AppDb> Runner(DatabaseTarget target) => new(clock => AppDb.Open(target, clock), target.Provider);
}
