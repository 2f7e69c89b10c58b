using Microsoft.Extensions.Logging;
using Npgsql;
using Poktapok.Engine.Data;

namespace Poktapok.Engine.Live;

/// <summary>
/// Hears the commits of every node sharing a PostgreSQL database (<c>LISTEN</c> on
/// <see cref="TransactionRunner{TDb}.CommitChannel"/>, which each commit notifies) and wakes the live queries
/// of this node. The notification is only a wake-up: the live queries read what changed from the commit log,
/// so a lost or repeated notification costs nothing but latency. While the connection is down it reconnects
/// every second (and wakes the live queries on reconnecting, to catch up); the live queries' poll is the
/// backstop meanwhile.
/// </summary>
/// <remarks>
/// LISTEN needs a session-level connection: with Neon, use the direct (not <c>-pooler</c>) host.
/// </remarks>
public sealed class PostgresCommitListener(string connectionString, Action wake, ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>Whether the listener is connected and listening (for health checks and tests).</summary>
    public bool IsListening
    {
        get => Volatile.Read(ref _listening);
        private set => Volatile.Write(ref _listening, value);
    }

    private bool _listening;

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    private async Task RunAsync(CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 30 };
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                connection.Notification += (_, _) => wake();
                await connection.OpenAsync(ct);
                await using (var listen = new NpgsqlCommand($"LISTEN {TransactionRunner<PoktapokDbContext>.CommitChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                IsListening = true;
                failures = 0;
                wake(); // commits made while not listening
                while (true)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                IsListening = false;
                if (failures++ == 0)
                {
                    logger.LogWarning(e, "Not listening for commits of other nodes; reconnecting every second");
                }

                await Task.Delay(TimeSpan.FromSeconds(1), ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        IsListening = false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
