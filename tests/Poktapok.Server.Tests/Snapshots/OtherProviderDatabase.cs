using Microsoft.Data.Sqlite;
using Npgsql;
using Poktapok.App.Data;
using Poktapok.Engine.Data;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Snapshots;

/// <summary>
/// A migrated database on the provider the test run is <em>not</em> using (PostgreSQL on a SQLite run, SQLite on a
/// PostgreSQL run), for moving snapshots across. PostgreSQL needs <c>POKTAPOK_TEST_POSTGRES</c>.
/// </summary>
internal sealed class OtherProviderDatabase : IAsyncDisposable
{
    private readonly string _name;

    private OtherProviderDatabase(DatabaseTarget target, string name)
    {
        Target = target;
        _name = name;
    }

    public DatabaseTarget Target { get; }

    public static bool Available => TestDatabase.Provider == DatabaseProvider.Postgres
        || Environment.GetEnvironmentVariable("POKTAPOK_TEST_POSTGRES") is { Length: > 0 };

    public static async Task<OtherProviderDatabase> CreateAsync()
    {
        var name = "poktapok_x_" + Guid.NewGuid().ToString("N")[..16];
        DatabaseTarget target;
        if (TestDatabase.Provider == DatabaseProvider.Postgres)
        {
            name = Path.Combine(Path.GetTempPath(), "poktapok-tests", name + ".db");
            target = DatabaseTarget.Parse(name);
        }
        else
        {
            await using var connection = new NpgsqlConnection(TestDatabase.PostgresServer.ConnectionString);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
            target = TestDatabase.PostgresServer.WithDatabase(name);
        }

        await Migrator.MigrateAsync(target);
        return new OtherProviderDatabase(target, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (Target.Provider == DatabaseProvider.Sqlite)
        {
            using (var pooled = new SqliteConnection(Target.ConnectionString))
            {
                SqliteConnection.ClearPool(pooled);
            }

            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_name + suffix);
            }

            return;
        }

        await using (var pooled = new NpgsqlConnection(Target.ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(TestDatabase.PostgresServer.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
