using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Poktapok.App.Data;
using Poktapok.Engine.Data;
using Poktapok.Engine.Live;
using Poktapok.Protocol.Sync;
using Poktapok.Protocol.Values;
using Poktapok.Server.Cli;
using Poktapok.Server.Hosting;

namespace Poktapok.Bench;

/// <summary>
/// Live queries over the sync WebSocket, on one provider:
/// <list type="bullet">
/// <item><b>latency</b>: 1, 100 and 1,000 subscribers of <c>demo:get</c>, each on its own socket, while a
/// writer sends <c>demo:increment</c> one mutation at a time; how long after the commit each subscriber
/// has the new value. Server and clients share this process, or with <c>--subscribers-in-child</c> the
/// subscribers run in a child process (then they no longer share the server's thread pool).</item>
/// <item><b>fanout</b>: 10,000 idle subscribers of one query in a child process (one process may not open
/// the 20,000 sockets both ends need); one mutation at a time, how long until the last one has it, and how
/// many query executions that took.</item>
/// <item><b>memory</b>: the server as its own process; its resident memory with 0 and with thousands of idle
/// subscribed connections.</item>
/// </list>
///
///   dotnet run -c Release --project bench/Poktapok.Bench -- live [--database URL] [--only latency,fanout,memory]
///     [--mutations 200] [--pause-ms 20] [--subscribers 1,100,1000] [--subscribers-in-child] [--fanout 10000] [--repeats 5]
///     [--connections 1000,5000,10000]
///
/// With no --database it uses a new SQLite file; a PostgreSQL URL must name an empty database.
/// </summary>
public static partial class LiveQueryBenchmark
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var database = options.Database ?? Path.Combine(Path.GetTempPath(), $"poktapok-live-{Guid.NewGuid():N}.db");
        var target = DatabaseTarget.Parse(database);
        await Migrator.MigrateAsync(target);

        Console.WriteLine($"# Poktapok live-query benchmark: {target.Display}");
        Console.WriteLine($"# {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, "
                          + $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC in the benchmark process; {LoadAverage()}");
        if (options.Runs("latency") || options.Runs("fanout"))
        {
            var configuration = PoktapokConfiguration.Build(new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            await using var app = ServerHost.Build(configuration, target);
            await app.StartAsync();
            var server = new InProcessServer(
                new Uri(app.Urls.First().Replace("http://", "ws://", StringComparison.Ordinal) + "/api/1.48.0/sync"),
                app.Services.GetRequiredService<LiveQueries<AppDb>>(),
                new CommitClock(app.Services.GetRequiredService<TransactionRunner<AppDb>>()));
            if (options.Runs("latency"))
            {
                await LatencyAsync(server, options);
            }

            if (options.Runs("fanout"))
            {
                await FanOutAsync(server, options);
            }

            await app.StopAsync();
        }

        if (options.Runs("memory"))
        {
            await MemoryAsync(database, options);
        }

        Console.WriteLine();
        Console.WriteLine($"# at the end: {LoadAverage()}");
        return 0;
    }

    // ------------------------------------------------------------------ commit → subscriber latency

    private static async Task LatencyAsync(InProcessServer server, Options options)
    {
        Console.WriteLine();
        Console.WriteLine($"## Commit → subscriber latency: {options.Mutations} mutations, {options.PauseMs} ms apart, each awaited by every subscriber; "
                          + $"subscribers {(options.ChildSubscribers ? "in a child process" : "in the server's process")}");
        Console.WriteLine();
        Console.WriteLine("| subscribers | commit→subscriber p50 ms | p99 ms | response→subscriber p50 ms | p99 ms | send→subscriber p50 ms | p99 ms | commit→last subscriber p50 ms | p99 ms | executions per mutation |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var stages = new List<string>();
        await WarmUpAsync(server);
        foreach (var count in options.Subscribers)
        {
            var name = $"latency-{count}";
            await using var subscribers = await ConnectSubscribersAsync(server.SyncUrl, name, count, options.Mutations, options.ChildSubscribers);
            await using var writer = await SyncWriter.ConnectAsync(server.SyncUrl, CancellationToken.None);
            await Task.Delay(500);

            var clock = WallClock.Calibrate();
            var fromCommit = new List<double>(count * options.Mutations);
            var fromResponse = new List<double>(count * options.Mutations);
            var fromSend = new List<double>(count * options.Mutations);
            var stage = new Stages();
            var executions = server.Live.Executions;
            for (var value = 1; value <= options.Mutations; value++)
            {
                var mutation = await writer.IncrementAsync(name, s_wait);
                var arrival = await subscribers.ArrivalAsync(value, s_wait);
                var arrivals = arrival.SeenAt;
                var committedAt = server.Commits.At(mutation.Response.CommitTs);
                foreach (var at in arrivals)
                {
                    fromCommit.Add(Ms(committedAt, at));
                    fromResponse.Add(Ms(mutation.Response.ReceivedAt, at));
                    fromSend.Add(Ms(mutation.SentAt, at));
                }

                stage.Add(mutation, committedAt, clock.ToTimestamp(arrival.ServerTs), arrivals);
                await Task.Delay(options.PauseMs);
            }

            var perMutation = (server.Live.Executions - executions) / (double)options.Mutations;
            Console.WriteLine(Row(count, P(fromCommit, 0.50), P(fromCommit, 0.99), P(fromResponse, 0.50), P(fromResponse, 0.99), P(fromSend, 0.50), P(fromSend, 0.99),
                P(stage.CommitToLast, 0.50), P(stage.CommitToLast, 0.99), perMutation));
            stages.Add(stage.Row(count));
        }

        Console.WriteLine();
        Console.WriteLine("Where the time goes (medians over the mutations; commit = the server's Committed event, round sent = the Transition's serverTs):");
        Console.WriteLine();
        Console.WriteLine(Stages.Header);
        Console.WriteLine(Stages.Separator);
        stages.ForEach(Console.WriteLine);
    }

    private static async Task<ISubscribers> ConnectSubscribersAsync(Uri url, string name, int count, int values, bool inChild)
    {
        if (inChild)
        {
            var child = SubscriberProcess.Start(url, name, count, values);
            await child.ReadyAsync(TimeSpan.FromMinutes(5));
            return child;
        }

        var group = await SubscriberGroup.ConnectAsync(url, name, count, values);
        await group.WaitForAsync(0, s_wait);
        return group;
    }

    // The first mutations and Transitions of a process run unoptimised code (tiered JIT); get past them.
    private static async Task WarmUpAsync(InProcessServer server)
    {
        const int Mutations = 50;
        await using var group = await SubscriberGroup.ConnectAsync(server.SyncUrl, "warm-up", 10, Mutations);
        await group.WaitForAsync(0, s_wait);
        await using var writer = await SyncWriter.ConnectAsync(server.SyncUrl, CancellationToken.None);
        for (var value = 1; value <= Mutations; value++)
        {
            await writer.IncrementAsync("warm-up", s_wait);
            await group.WaitForAsync(value, s_wait);
        }
    }

    // ------------------------------------------------------------------ fan-out to many idle subscribers

    private static async Task FanOutAsync(InProcessServer server, Options options)
    {
        Console.WriteLine();
        Console.WriteLine($"## Fan-out: {options.FanOut} idle subscribers of one query (in a child process), {options.Repeats} mutations one at a time");
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var connecting = Stopwatch.StartNew();
        await using var child = SubscriberProcess.Start(server.SyncUrl, "fanout", options.FanOut, options.Repeats + 1);
        var readyAt = await child.ReadyAsync(TimeSpan.FromMinutes(10));
        var connectSeconds = connecting.Elapsed.TotalSeconds;
        if (readyAt > Stopwatch.GetTimestamp())
        {
            throw new InvalidOperationException("The child's clock is ahead of this one: Stopwatch is not one monotonic clock here.");
        }

        await Task.Delay(2000);
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        await using var writer = await SyncWriter.ConnectAsync(server.SyncUrl, CancellationToken.None);
        var idleCpuStart = Environment.CpuUsage.TotalTime;
        var idle = Stopwatch.StartNew();
        await Task.Delay(5000);
        var idleCpu = (Environment.CpuUsage.TotalTime - idleCpuStart).TotalMilliseconds / idle.Elapsed.TotalMilliseconds;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Connected and subscribed in {connectSeconds:F1} s; server managed heap after a full GC: +{(heapAfter - heapBefore) / 1024.0 / options.FanOut:F1} KB per connection; "
            + $"idle server CPU {idleCpu * 100:F1} % of a core ({(GCSettings.IsServerGC ? "server" : "workstation")} GC)."));
        Console.WriteLine();
        Console.WriteLine("| mutation | send→last ms | commit→last ms | response→last ms | commit→round sent ms | round sent→first ms | round sent→last ms | subscribers p50 after commit ms | executions | server CPU ms | of which kernel ms | server GCs gen0/1/2 | GC pause ms | subscribers' CPU first→last ms |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var clock = WallClock.Calibrate();
        var commitToLast = new List<double>();
        // Value 1 warms the paths up (the first Transition to each session); it is not reported.
        for (var value = 1; value <= options.Repeats + 1; value++)
        {
            var cpuBefore = Environment.CpuUsage;
            var gcsBefore = Collections();
            var pausedBefore = GC.GetTotalPauseDuration();
            var executions = server.Live.Executions;
            var mutation = await writer.IncrementAsync("fanout", s_wait);
            var arrival = await child.ArrivalAsync(value, TimeSpan.FromMinutes(2));
            var cpuAfter = Environment.CpuUsage;
            var serverCpu = (cpuAfter.TotalTime - cpuBefore.TotalTime).TotalMilliseconds;
            var serverSystemCpu = (cpuAfter.PrivilegedTime - cpuBefore.PrivilegedTime).TotalMilliseconds;
            var executed = server.Live.Executions - executions;
            var gcsAfter = Collections();
            var gcs = string.Join('/', gcsAfter.Zip(gcsBefore, (after, before) => after - before));
            var paused = (GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds;

            var committedAt = server.Commits.At(mutation.Response.CommitTs);
            var roundAt = clock.ToTimestamp(arrival.ServerTs);
            var first = arrival.SeenAt.Min();
            var last = arrival.SeenAt.Max();
            var fromCommit = arrival.SeenAt.Select(at => Ms(committedAt, at)).ToList();
            await Task.Delay(1000);
            if (value == 1)
            {
                continue;
            }

            commitToLast.Add(Ms(committedAt, last));
            Console.WriteLine(Row(value - 1, Ms(mutation.SentAt, last), Ms(committedAt, last), Ms(mutation.Response.ReceivedAt, last),
                Ms(committedAt, roundAt), Ms(roundAt, first), Ms(roundAt, last), P(fromCommit, 0.50), executed, serverCpu, serverSystemCpu, gcs, paused,
                arrival.CpuMsAtLast - arrival.CpuMsAtFirst));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"commit→last subscriber: median {P(commitToLast, 0.50):F1} ms, max {commitToLast.Max():F1} ms; "
            + $"serialising one such Transition costs {SerializeMicroseconds():F2} µs here."));
    }

    private static int[] Collections() => [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

    // What SyncSession.Send spends per subscriber on JSON: the Transition a subscriber of demo:get receives.
    private static double SerializeMicroseconds()
    {
        var transition = new Transition(new StateVersion(1, 0, 1_764_000_000_000_000_000), new StateVersion(1, 0, 1_764_000_000_000_000_001),
            [new Transition.QueryUpdated(0, new ConvexFloat64(42), [], null)], -3, 1_764_000_000_000_000_002);
        const int Iterations = 200_000;
        for (var i = 0; i < Iterations / 10; i++)
        {
            SyncJson.Serialize(transition);
        }

        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            SyncJson.Serialize(transition);
        }

        return stopwatch.Elapsed.TotalMicroseconds / Iterations;
    }

    // The machine is shared: say how busy it was.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? "load average " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "load average unknown";

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    private static double P(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }

    private static string Row(params object[] cells) =>
        "| " + string.Join(" | ", cells.Select(c => c is double d ? d.ToString("F2", CultureInfo.InvariantCulture) : Convert.ToString(c, CultureInfo.InvariantCulture))) + " |";

    private sealed record InProcessServer(Uri SyncUrl, LiveQueries<AppDb> Live, CommitClock Commits);

    /// <summary>When each commit happened here (the TransactionRunner's Committed event), by commit timestamp.</summary>
    private sealed class CommitClock
    {
        private readonly ConcurrentDictionary<ulong, long> _at = new();

        public CommitClock(TransactionRunner<AppDb> transactions) => transactions.Committed += ts => _at[ts] = Stopwatch.GetTimestamp();

        public long At(ulong ts) => _at.TryGetValue(ts, out var at) ? at : throw new InvalidOperationException($"No commit at {ts} was seen.");
    }

    /// <summary>Maps the server's wall-clock nanoseconds (a Transition's serverTs) onto Stopwatch timestamps.</summary>
    private readonly record struct WallClock(long Timestamp, long UnixNs)
    {
        public static WallClock Calibrate()
        {
            var (width, clock) = (long.MaxValue, default(WallClock));
            for (var i = 0; i < 50; i++)
            {
                var before = Stopwatch.GetTimestamp();
                var wall = TransactionRunner<AppDb>.UnixNanoseconds(DateTimeOffset.UtcNow);
                var after = Stopwatch.GetTimestamp();
                if (after - before < width)
                {
                    (width, clock) = (after - before, new WallClock(before + (after - before) / 2, wall));
                }
            }

            return clock;
        }

        public long ToTimestamp(long unixNs) => Timestamp + (long)((unixNs - UnixNs) * (Stopwatch.Frequency / 1e9));
    }

    /// <summary>Per mutation: the stages between send and the last subscriber.</summary>
    private sealed class Stages
    {
        public const string Header =
            "| subscribers | send→commit ms | commit→round sent ms | round sent→first subscriber ms | round sent→last subscriber ms | commit→response at writer ms |";

        public const string Separator = "|---:|---:|---:|---:|---:|---:|";

        private readonly List<double> _sendToCommit = [];
        private readonly List<double> _commitToRound = [];
        private readonly List<double> _roundToFirst = [];
        private readonly List<double> _roundToLast = [];
        private readonly List<double> _commitToResponse = [];

        public List<double> CommitToLast { get; } = [];

        public void Add(SyncWriter.Outcome mutation, long committedAt, long roundAt, long[] arrivals)
        {
            _sendToCommit.Add(Ms(mutation.SentAt, committedAt));
            _commitToRound.Add(Ms(committedAt, roundAt));
            _roundToFirst.Add(Ms(roundAt, arrivals.Min()));
            _roundToLast.Add(Ms(roundAt, arrivals.Max()));
            _commitToResponse.Add(Ms(committedAt, mutation.Response.ReceivedAt));
            CommitToLast.Add(Ms(committedAt, arrivals.Max()));
        }

        public string Row(int subscribers) =>
            LiveQueryBenchmark.Row(subscribers, P(_sendToCommit, 0.5), P(_commitToRound, 0.5), P(_roundToFirst, 0.5), P(_roundToLast, 0.5),
                P(_commitToResponse, 0.5));
    }

    private sealed record Options(
        string? Database, IReadOnlySet<string> Only, int Mutations, int PauseMs, int[] Subscribers, bool ChildSubscribers, int FanOut, int Repeats,
        int[] Connections)
    {
        public bool Runs(string scenario) => Only.Count == 0 || Only.Contains(scenario);

        public static Options Parse(string[] args)
        {
            var options = new Options(null, new HashSet<string>(), 200, 20, [1, 100, 1000], false, 10_000, 5, [1000, 5000, 10_000]);
            for (var i = 0; i < args.Length; i++)
            {
                options = args[i] switch
                {
                    "--database" => options with { Database = args[++i] },
                    "--only" => options with { Only = args[++i].Split(',').ToHashSet(StringComparer.Ordinal) },
                    "--mutations" => options with { Mutations = Int(args[++i]) },
                    "--pause-ms" => options with { PauseMs = Int(args[++i]) },
                    "--subscribers" => options with { Subscribers = Ints(args[++i]) },
                    "--subscribers-in-child" => options with { ChildSubscribers = true },
                    "--fanout" => options with { FanOut = Int(args[++i]) },
                    "--repeats" => options with { Repeats = Int(args[++i]) },
                    "--connections" => options with { Connections = Ints(args[++i]) },
                    _ => throw new ArgumentException($"Unknown option {args[i]}; see the comment at the top of LiveQueryBenchmark.cs."),
                };
            }

            return options;
        }

        private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

        private static int[] Ints(string text) => [.. text.Split(',').Select(Int)];
    }
}
