using System.Diagnostics;
using System.Globalization;

namespace Poktapok.Bench;

/// <summary>The memory scenario: the server as its own process, its resident memory with idle subscribed connections.</summary>
public static partial class LiveQueryBenchmark
{
    private static async Task MemoryAsync(string database, Options options)
    {
        Console.WriteLine();
        Console.WriteLine("## Memory per idle subscribed connection: the server as its own process (dotnet poktapok.dll serve), VmRSS after 5 s idle, then its CPU use over 5 s idle");
        Console.WriteLine();
        Console.WriteLine("| server GC | connections | RSS MB | KB per connection (from 0) | KB per connection (from previous row) | idle CPU % of a core |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var serverGc in new[] { true, false })
        {
            var gc = serverGc ? "server (the default)" : "workstation";
            await using var server = await ServerProcess.StartAsync(database, serverGc);
            await using (var warmUp = await SubscriberGroup.ConnectAsync(server.SyncUrl, "memory", 10, 0))
            {
                await warmUp.WaitForAsync(0, s_wait);
            }

            await Task.Delay(5000);
            var baseline = server.RssBytes;
            var idleCpu = await IdleCpuAsync(server);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {gc} | 0 | {baseline / 1048576.0:F1} | | | {idleCpu:F1} |"));
            var groups = new List<SubscriberGroup>();
            try
            {
                var (connected, previous) = (0, baseline);
                foreach (var level in options.Connections)
                {
                    var group = await SubscriberGroup.ConnectAsync(server.SyncUrl, "memory", level - connected, 0);
                    groups.Add(group);
                    await group.WaitForAsync(0, TimeSpan.FromMinutes(5));
                    await Task.Delay(5000);
                    var rss = server.RssBytes;
                    idleCpu = await IdleCpuAsync(server);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {gc} | {level} | {rss / 1048576.0:F1} | {(rss - baseline) / 1024.0 / level:F1} | {(rss - previous) / 1024.0 / (level - connected):F1} | {idleCpu:F1} |"));
                    (connected, previous) = (level, rss);
                }
            }
            finally
            {
                foreach (var group in groups)
                {
                    await group.DisposeAsync();
                }
            }
        }
    }

    private static async Task<double> IdleCpuAsync(ServerProcess server)
    {
        var (cpu, elapsed) = (server.CpuTime, Stopwatch.StartNew());
        await Task.Delay(5000);
        return (server.CpuTime - cpu) / elapsed.Elapsed * 100;
    }

    // ------------------------------------------------------------------ helpers
}
