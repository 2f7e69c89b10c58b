using Microsoft.Data.Sqlite;
using Npgsql;
using Poktapok.App.Data;
using Poktapok.Engine.Data;

namespace Poktapok.Server.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated database owned by one test. The provider comes from <c>POKTAPOK_TEST_PROVIDER</c>
/// (<c>sqlite</c>, the default, or <c>postgres</c> with the server in <c>POKTAPOK_TEST_POSTGRES</c>), so the
/// same tests run on both. The migrations run once per test run into a template; each test gets a copy
/// (a file copy on SQLite, <c>CREATE DATABASE … TEMPLATE</c> on PostgreSQL), so no test sees another's rows.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly SemaphoreSlim s_templateLock = new(1, 1);
    private static readonly System.Threading.Channels.Channel<string> s_toDrop = StartDropping();
    private static DatabaseTarget? s_template;

    private TestDatabase(DatabaseTarget target, string name)
    {
        Target = target;
        _name = name;
    }

    private readonly string _name;

    public DatabaseTarget Target { get; }

    public static DatabaseProvider Provider { get; } =
        Environment.GetEnvironmentVariable("POKTAPOK_TEST_PROVIDER")?.ToLowerInvariant() switch
        {
            null or "" or "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" => DatabaseProvider.Postgres,
            var other => throw new InvalidOperationException($"POKTAPOK_TEST_PROVIDER '{other}' is neither sqlite nor postgres."),
        };

    /// <summary>The PostgreSQL server the tests may create databases on (its maintenance database).</summary>
    public static DatabaseTarget PostgresServer =>
        Environment.GetEnvironmentVariable("POKTAPOK_TEST_POSTGRES") is { Length: > 0 } url
            ? DatabaseTarget.Parse(url)
            : throw new InvalidOperationException(
                "POKTAPOK_TEST_PROVIDER=postgres needs POKTAPOK_TEST_POSTGRES (a connection string to a server the tests may "
                + "create databases on); ./scripts/test starts one.");

    public static async Task<TestDatabase> CreateAsync()
    {
        var template = await TemplateAsync();
        var name = "poktapok_t_" + Guid.NewGuid().ToString("N")[..16];
        if (Provider == DatabaseProvider.Sqlite)
        {
            var path = Path.Combine(Path.GetTempPath(), "poktapok-tests", name + ".db");
            File.Copy(SqlitePath(template), path);
            await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                // As Migrator does for real databases: readers and the writer do not block each other.
                await connection.OpenAsync();
                await using var wal = connection.CreateCommand();
                wal.CommandText = "PRAGMA journal_mode=WAL;";
                await wal.ExecuteNonQueryAsync();
            }

            return new TestDatabase(DatabaseTarget.Parse(path), path);
        }

        await s_templateLock.WaitAsync();
        try
        {
            await ExecuteOnServerAsync($"CREATE DATABASE {name} TEMPLATE {new NpgsqlConnectionStringBuilder(template.ConnectionString).Database}");
        }
        finally
        {
            s_templateLock.Release();
        }

        return new TestDatabase(PostgresServer.WithDatabase(name), name);
    }

    public AppDb Open(TimeProvider? clock = null) => AppDb.Open(Target, clock);

    public async ValueTask DisposeAsync()
    {
        // Only this database's pool: clearing every pool would close the connections of tests still running.
        if (Provider == DatabaseProvider.Sqlite)
        {
            using (var connection = new SqliteConnection(Target.ConnectionString))
            {
                SqliteConnection.ClearPool(connection);
            }

            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_name + suffix);
            }

            return;
        }

        await using (var connection = new NpgsqlConnection(Target.ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        // Dropping waits for a checkpoint, which can take long while other tests write hard; a test need
        // not wait for it. Databases are dropped one at a time in the background, the rest at exit.
        s_toDrop.Writer.TryWrite(_name);
    }

    private static System.Threading.Channels.Channel<string> StartDropping()
    {
        var channel = System.Threading.Channels.Channel.CreateUnbounded<string>();
        var left = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        _ = Task.Run(async () =>
        {
            await foreach (var name in channel.Reader.ReadAllAsync())
            {
                left[name] = true;
                try
                {
                    await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    left.TryRemove(name, out _);
                }
                catch (NpgsqlException)
                {
                    // Left for the exit handler; the throwaway server is deleted with everything in it anyway.
                }
            }
        });
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            channel.Writer.TryComplete();
            while (channel.Reader.TryRead(out var name))
            {
                left[name] = true;
            }

            // Bounded: xunit forces the process out (and fails the run) when it has not exited ~10 s after the
            // last test, and under load a queue of drops can take longer than that. What is left stays on the
            // server: scripts/test deletes its throwaway cluster; on a dev cluster they are poktapok_t_*.
            DropQuietly(left.Keys, TimeSpan.FromSeconds(4));
        };
        return channel;
    }

    private static async Task<DatabaseTarget> TemplateAsync()
    {
        if (s_template is not null)
        {
            return s_template;
        }

        await s_templateLock.WaitAsync();
        try
        {
            if (s_template is not null)
            {
                return s_template;
            }

            DatabaseTarget template;
            if (Provider == DatabaseProvider.Sqlite)
            {
                var folder = Path.Combine(Path.GetTempPath(), "poktapok-tests");
                Directory.CreateDirectory(folder);
                var path = Path.Combine(folder, $"template-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
                template = DatabaseTarget.Parse(path);
                await Migrator.MigrateAsync(template);
                using (var pooled = new SqliteConnection(template.ConnectionString))
                {
                    SqliteConnection.ClearPool(pooled);
                }

                await using (var connection = new SqliteConnection(template.ConnectionString + ";Pooling=False"))
                {
                    // Back to a single file, so that copying the file copies everything.
                    await connection.OpenAsync();
                    await using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;";
                    await command.ExecuteNonQueryAsync();
                }

                File.Exists(path + "-wal").ShouldBeFalse("the template must be one self-contained file");
                AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
            }
            else
            {
                var name = $"poktapok_template_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..8]}";
                await ExecuteOnServerAsync($"CREATE DATABASE {name}");
                template = PostgresServer.WithDatabase(name);
                await Migrator.MigrateAsync(template);
                await using (var pooled = new NpgsqlConnection(template.ConnectionString))
                {
                    NpgsqlConnection.ClearPool(pooled);
                }

                AppDomain.CurrentDomain.ProcessExit += (_, _) => DropQuietly([name], TimeSpan.FromSeconds(2));
            }

            return s_template = template;
        }
        finally
        {
            s_templateLock.Release();
        }
    }

    private static string SqlitePath(DatabaseTarget target) => new SqliteConnectionStringBuilder(target.ConnectionString).DataSource;

    private static async Task ExecuteOnServerAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Four at a time; whatever is not dropped within the budget is abandoned, not awaited (a drop stuck behind a
    // checkpoint, or its cancellation, could otherwise hold the exiting process past xunit's window).
    private static void DropQuietly(IEnumerable<string> names, TimeSpan budget)
    {
        var drops = Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (name, ct) =>
        {
            try
            {
                await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", ct);
            }
            catch (NpgsqlException)
            {
                // The throwaway server may already be gone; it is deleted with everything in it.
            }
        });
        Task.WhenAny(drops, Task.Delay(budget)).GetAwaiter().GetResult();
    }
}
