using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Poktapok.App.Data;
using Poktapok.Engine.Data;
using Poktapok.Engine.Live;

namespace Poktapok.Server.Sync;

/// <summary>
/// Runs the live queries for the lifetime of the server: wakes them on every local commit and, on
/// PostgreSQL, on the commits of other nodes (<see cref="PostgresCommitListener"/>).
/// </summary>
internal sealed class LiveQueriesService(
    LiveQueries<AppDb> live, TransactionRunner<AppDb> transactions, DatabaseTarget target, ILoggerFactory loggers,
    IHostApplicationLifetime lifetime) : IHostedService
{
    private PostgresCommitListener? _listener;
    private readonly CancellationTokenSource _stop = new();
    private Task _pruning = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        transactions.Committed += OnCommitted;
        live.Start();
        // As soon as the host begins to stop (before the web server waits for open requests, WebSockets
        // included): clients reconnect, elsewhere or here after a restart, instead of hanging on.
        lifetime.ApplicationStopping.Register(() => live.CloseAll("ServerShuttingDown: reconnect."));
        if (target.Provider == DatabaseProvider.Postgres)
        {
            _listener = new PostgresCommitListener(target.ConnectionString, live.Wake, loggers.CreateLogger("Poktapok.Sync"));
            _listener.Start();
        }

        _pruning = PruneMutationResultsAsync(_stop.Token);
        return Task.CompletedTask;
    }

    // Re-sent mutations arrive within seconds of a reconnect; their recorded results are kept an hour.
    private async Task PruneMutationResultsAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(10));
        try
        {
            do
            {
                try
                {
                    await using var db = AppDb.Open(target);
                    var cutoff = DateTimeOffset.UtcNow - MutationRecord.Retention;
                    await db.MutationResults.Where(m => m.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    loggers.CreateLogger("Poktapok.Sync").LogWarning(e, "Could not delete old mutation results; trying again later");
                }
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void OnCommitted(ulong ts) => live.Wake();

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        transactions.Committed -= OnCommitted;
        await _stop.CancelAsync();
        await _pruning;
        _stop.Dispose();
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }

        await live.DisposeAsync();
    }

    /// <summary>Reads the <c>Sync</c> configuration section (<c>POKTAPOK_Sync__PingIntervalSeconds=1</c> and so on).</summary>
    public static LiveOptions ReadOptions(IConfiguration configuration)
    {
        var section = configuration.GetSection("Sync");
        var defaults = new LiveOptions();
        return new LiveOptions
        {
            PingInterval = Seconds(section, "PingIntervalSeconds", defaults.PingInterval),
            PollInterval = Seconds(section, "PollIntervalSeconds", defaults.PollInterval),
            MaxQueriesPerConnection = section.GetValue("MaxQueriesPerConnection", defaults.MaxQueriesPerConnection),
            MaxOutboundMessages = section.GetValue("MaxOutboundMessages", defaults.MaxOutboundMessages),
            MaxOutboundChars = section.GetValue("MaxOutboundChars", defaults.MaxOutboundChars),
            MaxMessageBytes = section.GetValue("MaxMessageBytes", defaults.MaxMessageBytes),
            TransitionChunkChars = section.GetValue("TransitionChunkChars", defaults.TransitionChunkChars),
            MaxIdleResults = section.GetValue("MaxIdleResults", defaults.MaxIdleResults),
            MaxQueuedMutations = section.GetValue("MaxQueuedMutations", defaults.MaxQueuedMutations),
        };
    }

    /// <summary>How often a WebSocket ping frame is sent to each client (browsers and Node answer them by themselves).</summary>
    public static TimeSpan WebSocketPingInterval(IConfiguration configuration) =>
        Seconds(configuration.GetSection("Sync"), "WebSocketPingSeconds", TimeSpan.FromSeconds(5));

    /// <summary>How long a client may leave a WebSocket ping unanswered before it is dropped as dead.</summary>
    public static TimeSpan DeadClientTimeout(IConfiguration configuration) =>
        Seconds(configuration.GetSection("Sync"), "DeadClientTimeoutSeconds", TimeSpan.FromSeconds(30));

    private static TimeSpan Seconds(IConfigurationSection section, string key, TimeSpan fallback) =>
        section.GetValue<double?>(key) is { } seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : fallback;
}
