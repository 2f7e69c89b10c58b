using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Poktapok.Bench;

/// <summary>
/// The server as its own process (<c>dotnet poktapok.dll serve</c>, the build the benchmark was built with),
/// so its memory can be read without the benchmark's clients in it.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public Uri SyncUrl => new(Url.ToString().Replace("http://", "ws://", StringComparison.Ordinal) + "api/1.48.0/sync");

    /// <summary>Resident set size, from /proc/&lt;pid&gt;/status.</summary>
    public long RssBytes
    {
        get
        {
            ThrowIfExited();
            var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
    }

    /// <summary>CPU time the process has used so far (user and kernel).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            ThrowIfExited();
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts the server over <paramref name="database"/> and waits until <c>/health</c> answers.</summary>
    public static async Task<ServerProcess> StartAsync(string database, bool serverGc)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["POKTAPOK_Logging__LogLevel__Default"] = "Warning",
                ["DOTNET_gcServer"] = serverGc ? "1" : "0",
            },
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "poktapok.dll"), "serve", "--urls", url.ToString().TrimEnd('/'), "--database", database })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new ServerProcess(process, url);
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                await server.DisposeAsync();
                throw new InvalidOperationException("The server process did not become healthy within 60 s.");
            }

            await Task.Delay(200);
        }
    }

    private void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"The server process exited (code {_process.ExitCode}) while it was measured.");
        }
    }

    private static void Forward(string? line)
    {
        if (line is not null)
        {
            Console.Error.WriteLine($"[server] {line}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
