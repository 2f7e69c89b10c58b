using System.Diagnostics;
using System.Globalization;

namespace Poktapok.Bench;

/// <summary>
/// Subscribers in a child process. One process may open at most 20,000 files here, and 10,000 subscribers
/// beside the 10,000 server sockets they talk to would need more, so the benchmark hosts the server and runs
/// the subscribers in a copy of itself (<c>Poktapok.Bench subscribers …</c>). Both read the same monotonic
/// clock (Stopwatch is CLOCK_MONOTONIC on Linux), so the child's arrival timestamps compare with the parent's.
/// <para>
/// The child prints <c>ready &lt;timestamp&gt;</c> once every subscriber has the initial value 0, then for
/// each value 1…n, once every subscriber has it, <c>value &lt;n&gt; &lt;serverTs&gt; &lt;cpu ms at first
/// arrival&gt; &lt;cpu ms at last&gt; &lt;arrival timestamp of each subscriber…&gt;</c>. It exits when its
/// standard input closes.
/// </para>
/// </summary>
internal sealed class SubscriberProcess : ISubscribers
{
    public const string Verb = "subscribers";

    private readonly Process _process;

    private SubscriberProcess(Process process) => _process = process;

    public static SubscriberProcess Start(Uri url, string name, int count, int values)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            Environment = { ["DOTNET_gcServer"] = "0" }, // the clients stay the same whichever GC the server is measured with
        };
        foreach (var argument in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "Poktapok.Bench.dll"), Verb, url.ToString(), name,
                     count.ToString(CultureInfo.InvariantCulture), values.ToString(CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        return new SubscriberProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start the subscriber process."));
    }

    /// <summary>Waits for <c>ready</c>; returns the child's timestamp then.</summary>
    public async Task<long> ReadyAsync(TimeSpan timeout)
    {
        var fields = await ReadFieldsAsync(timeout);
        return fields[0] == "ready" ? long.Parse(fields[1], CultureInfo.InvariantCulture) : throw Unexpected(fields);
    }

    public async Task<ISubscribers.Arrival> ArrivalAsync(int value, TimeSpan timeout)
    {
        var fields = await ReadFieldsAsync(timeout);
        if (fields[0] != "value" || fields[1] != value.ToString(CultureInfo.InvariantCulture))
        {
            throw Unexpected(fields);
        }

        return new ISubscribers.Arrival(
            int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[2], CultureInfo.InvariantCulture),
            double.Parse(fields[3], CultureInfo.InvariantCulture),
            double.Parse(fields[4], CultureInfo.InvariantCulture),
            [.. fields.Skip(5).Select(f => long.Parse(f, CultureInfo.InvariantCulture))]);
    }

    private async Task<string[]> ReadFieldsAsync(TimeSpan timeout)
    {
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(timeout)
            ?? throw new InvalidOperationException($"The subscriber process ended (exit code {(_process.HasExited ? _process.ExitCode : -1)}).");
        return line.Split(' ');
    }

    private static InvalidOperationException Unexpected(string[] fields) =>
        new($"The subscriber process said: {string.Join(' ', fields.Take(8))}");

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    /// <summary>The child's side: <c>subscribers &lt;sync url&gt; &lt;counter&gt; &lt;count&gt; &lt;values&gt;</c>.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var url = new Uri(args[0]);
        var name = args[1];
        var count = int.Parse(args[2], CultureInfo.InvariantCulture);
        var values = int.Parse(args[3], CultureInfo.InvariantCulture);
        var parentGone = Task.Run(() => Console.In.ReadToEnd());

        await using var group = await SubscriberGroup.ConnectAsync(url, name, count, values);
        await group.WaitForAsync(0, TimeSpan.FromMinutes(5));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready {Stopwatch.GetTimestamp()}"));
        for (var value = 1; value <= values; value++)
        {
            if (await Task.WhenAny(group.WaitForAsync(value, TimeSpan.FromMinutes(2)), parentGone) == parentGone)
            {
                return 0;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"value {value} {group.ServerTsOf(value)} {group.CpuMsAtFirst(value):F3} {group.CpuMsAtLast(value):F3} {string.Join(' ', group.ArrivalsOf(value))}"));
        }

        await parentGone;
        return 0;
    }
}
