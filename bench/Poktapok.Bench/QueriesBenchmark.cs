using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Poktapok.App.Data;
using Poktapok.Engine.Data;
using Poktapok.Server.Cli;
using Poktapok.Server.Hosting;
using Poktapok.Server.Tests.Functions;

using static Poktapok.Bench.BenchSupport;

namespace Poktapok.Bench;

/// <summary>
/// <c>Poktapok.Bench queries [--users 10000] [--postgres CONNSTR] [--requests 500]</c>: the member directory and the
/// admin submissions queue over HTTP at 10,000 users. It seeds a fresh database (a SQLite file in a new temporary
/// directory, or with <c>--postgres</c> a new database created on that server and dropped afterwards) with the club of
/// the query-bounds tests (<c>tests/Poktapok.Server.Tests/Functions/ClubSeed.cs</c>), starts the real host on
/// 127.0.0.1 with an admin key, warms up, then sends <c>--requests</c> calls of each query one at a time
/// (<c>POST /api/query</c>, <c>format: "json"</c>) and prints p50/p95/p99/max latency and the rows per page.
/// </summary>
internal static class QueriesBenchmark
{
    private const int WarmUp = 50;

    public static async Task<int> RunAsync(string[] args)
    {
        var users = IntArg(args, "--users", 10_000);
        var requests = IntArg(args, "--requests", 500);
        var server = StringArg(args, "--postgres");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var directory = Path.Combine(Path.GetTempPath(), $"poktapok-bench-queries-{suffix}");
        var databaseName = $"bench_queries_{suffix}";
        DatabaseTarget target;
        if (server is null)
        {
            Directory.CreateDirectory(directory);
            target = DatabaseTarget.Parse(Path.Combine(directory, "club.db"));
        }
        else
        {
            await ExecuteAsync(server, $"CREATE DATABASE \"{databaseName}\"");
            target = DatabaseTarget.Parse(server).WithDatabase(databaseName);
        }

        try
        {
            await Migrator.MigrateAsync(target, CancellationToken.None);
            Console.Error.WriteLine($"seeding {users:N0} users into {target.Display} …");
            var watch = Stopwatch.StartNew();
            await ClubSeed.FillAsync(target, users);
            var seedTime = watch.Elapsed;
            Console.Error.WriteLine($"  seeded in {seedTime.TotalSeconds:F1} s");

            var adminKey = "bench-admin-" + Guid.NewGuid().ToString("N");
            var configuration = PoktapokConfiguration.Build(new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Auth:AdminKey"] = adminKey,
                ["Scheduler:Enabled"] = "false",
                ["Storage:Directory"] = Path.Combine(directory, "files"),
            });
            await using var app = ServerHost.Build(configuration, target);
            await app.StartAsync();
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
                var page = new { numItems = 20, cursor = (string?)null };
                var cursor = await CursorAfterAsync(http, page, 5);
                Query[] queries =
                [
                    new("profiles:directory, first page (numItems 20)", "profiles:directory", new { paginationOpts = page }, null),
                    new("profiles:directory, track = ai (numItems 20)", "profiles:directory", new { paginationOpts = page, track = "ai" }, null),
                    new("profiles:directory, 6th page (cursor after 5 pages)", "profiles:directory",
                        new { paginationOpts = new { numItems = 20, cursor } }, null),
                    new("submissions:adminList, pending, oldest first (numItems 50)", "submissions:adminList",
                        new { paginationOpts = new { numItems = 50, cursor = (string?)null }, status = "pending", sort = "submitted_at_asc" }, adminKey),
                ];

                foreach (var query in queries)
                {
                    for (var i = 0; i < WarmUp; i++)
                    {
                        await CallAsync(http, query);
                    }
                }

                Console.WriteLine($"# Poktapok queries benchmark: {target.Provider}, {users:N0} users, {requests} sequential requests per query "
                    + $"after {WarmUp} warm-up calls each, seeded in {seedTime.TotalSeconds:F1} s");
                Console.WriteLine($"# {Machine()}");
                Console.WriteLine();
                Console.WriteLine("| query | rows/page | p50 ms | p95 ms | p99 ms | max ms |");
                Console.WriteLine("|---|---:|---:|---:|---:|---:|");
                foreach (var query in queries)
                {
                    var latencies = new double[requests];
                    var rows = 0;
                    for (var i = 0; i < requests; i++)
                    {
                        var started = Stopwatch.GetTimestamp();
                        rows = await CallAsync(http, query);
                        latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    }

                    Array.Sort(latencies);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {query.Name} | {rows} | {Percentile(latencies, 0.50):F2} | {Percentile(latencies, 0.95):F2} | "
                        + $"{Percentile(latencies, 0.99):F2} | {latencies[^1]:F2} |"));
                }
            }
            finally
            {
                await app.StopAsync();
            }

            return 0;
        }
        finally
        {
            if (server is null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
            }
            else
            {
                NpgsqlConnection.ClearAllPools();
                await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)");
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }
    }

    // The cursor that continues the directory after `pages` pages of `page`, as a client following continueCursor has.
    private static async Task<string> CursorAfterAsync(HttpClient http, object page, int pages)
    {
        string? cursor = null;
        for (var i = 0; i < pages; i++)
        {
            var value = await PostAsync(http, new Query("", "profiles:directory",
                new { paginationOpts = new { numItems = 20, cursor } }, null));
            cursor = value["continueCursor"]!.GetValue<string>();
        }

        return cursor ?? throw new InvalidOperationException($"No cursor after {pages} pages of {page}.");
    }

    // One call; returns the number of rows on the page.
    private static async Task<int> CallAsync(HttpClient http, Query query) => (await PostAsync(http, query))["page"]!.AsArray().Count;

    private static async Task<JsonNode> PostAsync(HttpClient http, Query query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/query")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { path = query.Path, args = new[] { query.Args }, format = "json" }),
                Encoding.UTF8, "application/json"),
        };
        if (query.AdminKey is { } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Convex", key);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonNode.Parse(text);
        return response.IsSuccessStatusCode && body?["status"]?.GetValue<string>() == "success" && body["value"] is { } value
            ? value
            : throw new InvalidOperationException($"{query.Path} answered {(int)response.StatusCode}: {text}");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static string Machine()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        var memory = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        return $"{Environment.ProcessorCount} cores ({cpu}), {memory} RAM, "
            + $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}";
    }

    private sealed record Query(string Name, string Path, object Args, string? AdminKey);
}
