using System.Diagnostics;
using Npgsql;
using Poktapok.App.Data;
using Poktapok.Engine.Data;
using Poktapok.Legacy;
using Poktapok.Server.Tests.Legacy;

using static Poktapok.Bench.BenchSupport;

namespace Poktapok.Bench;

/// <summary>
/// <c>Poktapok.Bench import [--users N] [--postgres CONNSTR]</c>: generates a legacy database (the tests' generator,
/// binary COPY), then measures in one run (1) a raw copy of the same data into a second legacy database with binary
/// <c>COPY … TO STDOUT</c> piped into <c>COPY … FROM STDIN</c>, table by table (what <c>pg_dump | psql</c> does, the
/// physical limit), (2) <c>poktapok import</c> into PostgreSQL and (3) into SQLite. Rows per second of each, and the
/// import's ratio to the raw copy. The PostgreSQL server comes from <c>--postgres</c> or <c>POKTAPOK_BENCH_POSTGRES</c>.
/// </summary>
internal static class ImportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var users = IntArg(args, "--users", 20_000);
        var server = StringArg(args, "--postgres") ?? Environment.GetEnvironmentVariable("POKTAPOK_BENCH_POSTGRES")
            ?? "Host=127.0.0.1;Port=55999;Username=poktapok;Database=postgres";
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var legacy = await CreateDatabaseAsync(server, $"bench_legacy_{suffix}");
        var raw = await CreateDatabaseAsync(server, $"bench_raw_{suffix}");
        var target = await CreateDatabaseAsync(server, $"bench_target_{suffix}");
        var sqlite = Path.Combine(Path.GetTempPath(), $"bench-import-{suffix}.db");
        try
        {
            var schema = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Legacy", "legacy-schema.sql"));
            await ExecuteAsync(legacy, schema);
            await ExecuteAsync(raw, schema);

            Console.Error.WriteLine($"generating a legacy database with {users:N0} users …");
            var watch = Stopwatch.StartNew();
            await new LegacySeed { Users = users, WithBadRows = false }.FillAsync(legacy);
            var rows = await CountRowsAsync(legacy);
            Console.Error.WriteLine($"  {rows:N0} rows in {watch.Elapsed.TotalSeconds:F1} s");

            var rawTime = await RawCopyAsync(legacy, raw);
            Console.Error.WriteLine($"raw copy: {rawTime.TotalSeconds:F1} s");

            await Migrator.MigrateAsync(DatabaseTarget.Parse(target), CancellationToken.None);
            var (pgTime, pgWritten) = await ImportAsync(legacy, DatabaseTarget.Parse(target));
            Console.Error.WriteLine($"import into PostgreSQL: {pgTime.TotalSeconds:F1} s");

            var sqliteTarget = DatabaseTarget.Parse(sqlite);
            await Migrator.MigrateAsync(sqliteTarget, CancellationToken.None);
            var (sqliteTime, sqliteWritten) = await ImportAsync(legacy, sqliteTarget);
            Console.Error.WriteLine($"import into SQLite: {sqliteTime.TotalSeconds:F1} s");

            var rawRate = rows / rawTime.TotalSeconds;
            Console.WriteLine($"Legacy import benchmark: {rows:N0} legacy rows ({users:N0} users), {Environment.ProcessorCount} cores, "
                + $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MiB");
            Console.WriteLine();
            Console.WriteLine("| run | rows written | seconds | rows/s | share of the raw copy's speed |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            Console.WriteLine($"| raw binary COPY, PostgreSQL → PostgreSQL | {rows:N0} | {rawTime.TotalSeconds:F1} | {rawRate:N0} | 100% |");
            Line("poktapok import → PostgreSQL", pgWritten, pgTime, rawRate);
            Line("poktapok import → SQLite", sqliteWritten, sqliteTime, rawRate);
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            foreach (var name in new[] { legacy, raw, target })
            {
                await DropDatabaseAsync(server, new NpgsqlConnectionStringBuilder(name).Database!);
            }

            foreach (var file in Directory.GetFiles(Path.GetTempPath(), $"bench-import-{suffix}.db*"))
            {
                File.Delete(file);
            }
        }
    }

    private static void Line(string run, long written, TimeSpan time, double rawRate)
    {
        var rate = written / time.TotalSeconds;
        Console.WriteLine($"| {run} | {written:N0} | {time.TotalSeconds:F1} | {rate:N0} | {rate / rawRate:P0} |");
    }

    private static async Task<(TimeSpan Time, long Written)> ImportAsync(string legacy, DatabaseTarget target)
    {
        var watch = Stopwatch.StartNew();
        var report = await LegacyImport.RunAsync(new ImportOptions
        {
            From = legacy,
            Target = target,
            RejectsPath = Path.Combine(Path.GetTempPath(), $"bench-rejects-{Guid.NewGuid():N}.jsonl"),
        }, CancellationToken.None);
        return (watch.Elapsed, report.Tables.Sum(t => t.Written));
    }

    // Table by table in dependency order, binary COPY out of one database straight into the other.
    private static async Task<TimeSpan> RawCopyAsync(string from, string to)
    {
        await using var source = new NpgsqlConnection(from);
        await using var target = new NpgsqlConnection(to);
        await source.OpenAsync();
        await target.OpenAsync();
        var watch = Stopwatch.StartNew();
        foreach (var table in LegacyTables.All.Select(t => t.Name))
        {
            await using var reader = await source.BeginRawBinaryCopyAsync($"COPY \"{table}\" TO STDOUT (FORMAT BINARY)");
            await using var writer = await target.BeginRawBinaryCopyAsync($"COPY \"{table}\" FROM STDIN (FORMAT BINARY)");
            await reader.CopyToAsync(writer);
        }

        return watch.Elapsed;
    }

    private static async Task<long> CountRowsAsync(string connectionString)
    {
        long total = 0;
        foreach (var table in LegacyTables.All.Select(t => t.Name))
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
            total += (long)(await command.ExecuteScalarAsync())!;
        }

        return total;
    }

    private static async Task<string> CreateDatabaseAsync(string server, string name)
    {
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
        return new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true }.ConnectionString;
    }

    private static Task DropDatabaseAsync(string server, string name) => ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
}
