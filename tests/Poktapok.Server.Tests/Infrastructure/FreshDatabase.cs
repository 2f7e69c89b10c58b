using Npgsql;
using Poktapok.Engine.Data;

namespace Poktapok.Server.Tests.Infrastructure;

/// <summary>An empty, never-migrated database on the provider under test (for testing migration itself).</summary>
public sealed class FreshDatabase : IAsyncDisposable
{
    private readonly string _name;

    private FreshDatabase(string url, string name)
    {
        Url = url;
        _name = name;
    }

    /// <summary>The value to put in <c>Database:Url</c>.</summary>
    public string Url { get; }

    public static async Task<FreshDatabase> CreateAsync()
    {
        var name = "poktapok_fresh_" + Guid.NewGuid().ToString("N")[..12];
        if (TestDatabase.Provider == DatabaseProvider.Sqlite)
        {
            var path = Path.Combine(Path.GetTempPath(), "poktapok-tests", name, "nested", "data.db");
            return new FreshDatabase(path, Path.Combine(Path.GetTempPath(), "poktapok-tests", name));
        }

        await using var connection = new NpgsqlConnection(TestDatabase.PostgresServer.ConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        return new FreshDatabase(TestDatabase.PostgresServer.WithDatabase(name).ConnectionString, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (TestDatabase.Provider == DatabaseProvider.Sqlite)
        {
            using (var pooled = new Microsoft.Data.Sqlite.SqliteConnection(DatabaseTarget.Parse(Url).ConnectionString))
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearPool(pooled);
            }

            if (Directory.Exists(_name))
            {
                Directory.Delete(_name, recursive: true);
            }

            return;
        }

        await using (var pooled = new NpgsqlConnection(Url))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(TestDatabase.PostgresServer.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
