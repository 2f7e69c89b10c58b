using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Poktapok.App.Data;
using Poktapok.App.Schema;
using Poktapok.Engine.Data;
using Poktapok.Server.Cli;
using Poktapok.Server.Hosting;

namespace Poktapok.Bench;

/// <summary>
/// HTTP API throughput and latency on one provider: a query reading 50 documents, uncontended mutations
/// (each worker its own counter) and contended mutations (every worker on one counter). It starts the real
/// host on 127.0.0.1 over a fresh database and drives it with concurrent HTTP clients for a fixed time.
///
///   dotnet run -c Release --project bench/Poktapok.Bench -- [--database URL] [--seconds 10] [--clients 16]
///
/// With no --database it uses a new SQLite file; a PostgreSQL URL must name an empty database.
/// </summary>
public static class HttpApiBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var target = DatabaseTarget.Parse(options.Database ?? Path.Combine(Path.GetTempPath(), $"poktapok-bench-{Guid.NewGuid():N}.db"));
        await Migrator.MigrateAsync(target);
        await SeedEventsAsync(target, 50);

        var configuration = PoktapokConfiguration.Build(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await using var app = ServerHost.Build(configuration, target);
        await app.StartAsync();
        var url = new Uri(app.Urls.First());

        Console.WriteLine($"# Poktapok HTTP API benchmark: {target.Display}, {options.Clients} clients, {options.Seconds} s per scenario");
        Console.WriteLine($"# {Environment.ProcessorCount} cores, {RuntimeInformationText()}");
        Console.WriteLine();
        Console.WriteLine("| scenario | requests/s | p50 ms | p95 ms | p99 ms | errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");

        await Report("query: read 50 documents (demo:recentEvents)", url, options,
            _ => ("/api/query", """{"path":"demo:recentEvents","args":[{"limit":50}],"format":"convex_encoded_json"}"""));
        await Report("mutation: own counter per client (demo:increment)", url, options,
            worker => ("/api/mutation", $$"""{"path":"demo:increment","args":[{"name":"w{{worker}}"}]}"""));
        await Report("mutation: one shared counter (demo:increment)", url, options,
            _ => ("/api/mutation", """{"path":"demo:increment","args":[{"name":"shared"}]}"""));

        await app.StopAsync();
        return 0;
    }

    private static async Task Report(string name, Uri url, Options options, Func<int, (string Path, string Body)> request)
    {
        var latencies = new List<double>[options.Clients];
        var errors = 0;
        var stopwatch = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(options.Seconds);
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(async worker =>
        {
            using var http = new HttpClient { BaseAddress = url };
            var mine = latencies[worker] = [];
            var (path, body) = request(worker);
            while (stopwatch.Elapsed < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(path, content);
                var text = await response.Content.ReadAsStringAsync();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode || !text.Contains("\"success\"", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {all.Length / seconds:F0} | {Percentile(all, 0.50):F2} | {Percentile(all, 0.95):F2} | {Percentile(all, 0.99):F2} | {errors} |"));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static async Task SeedEventsAsync(DatabaseTarget target, int count)
    {
        await using var db = AppDb.Open(target);
        for (var i = 0; i < count; i++)
        {
            db.Events.Add(new Event
            {
                Title = $"Frutero meetup #{i}",
                Description = "A benchmark event with a realistic amount of text in its description.",
                LumaUrl = $"https://lu.ma/bench-{i}",
                LumaSlug = $"bench-{i}",
                StartDate = DateTimeOffset.UtcNow.AddDays(i),
                IsPublished = true,
                Hosts = [new("Frutero Club", "https://cdn.example.org/frutero.png", "fruteroclub")],
            });
        }

        await db.SaveChangesAsync();
    }

    private static string RuntimeInformationText() =>
        $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}";

    private sealed record Options(string? Database, int Seconds, int Clients)
    {
        public static Options Parse(string[] args)
        {
            string? database = null;
            int seconds = 10, clients = 16;
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--database": database = args[++i]; break;
                    case "--seconds": seconds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--clients": clients = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"Unknown option {args[i]}; see the comment at the top of HttpApiBenchmark.cs.");
                }
            }

            return new Options(database, seconds, clients);
        }
    }
}
