using Npgsql;
using Poktapok.Engine.Data;

namespace Poktapok.Server.Tests.Legacy;

/// <summary>
/// A fresh legacy (Neon/Drizzle) database built from <c>legacy-schema.sql</c> (and optionally the PULPA script
/// variant), on the test PostgreSQL server. Legacy tests need PostgreSQL whatever the target provider of the run:
/// the server in <c>POKTAPOK_TEST_POSTGRES</c> (<c>./scripts/test</c> sets it for the SQLite tier too). Without
/// one the test is skipped, saying so.
/// </summary>
public sealed class LegacyDatabase : IAsyncDisposable
{
    private LegacyDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>An Npgsql connection string to the legacy database.</summary>
    public string ConnectionString { get; }

    private static DatabaseTarget Server()
    {
        var url = Environment.GetEnvironmentVariable("POKTAPOK_TEST_POSTGRES");
        if (string.IsNullOrEmpty(url))
        {
            Assert.Skip("Legacy import tests need a PostgreSQL server for the legacy database: set POKTAPOK_TEST_POSTGRES "
                        + "(./scripts/test starts one and sets it for both tiers).");
        }

        return DatabaseTarget.Parse(url);
    }

    /// <summary>Creates the database and its schema; <paramref name="pulpaVariant"/> swaps in the create-pulpa-tables.ts DDL.</summary>
    public static async Task<LegacyDatabase> CreateAsync(bool pulpaVariant = false)
    {
        var server = Server();
        var name = "legacy_t_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteAsync(server.ConnectionString, $"CREATE DATABASE {name}");
        var database = new LegacyDatabase(name, server.WithDatabase(name).ConnectionString);
        var folder = Path.Combine(AppContext.BaseDirectory, "Legacy");
        await ExecuteAsync(database.ConnectionString, await File.ReadAllTextAsync(Path.Combine(folder, "legacy-schema.sql")));
        if (pulpaVariant)
        {
            await ExecuteAsync(database.ConnectionString, await File.ReadAllTextAsync(Path.Combine(folder, "legacy-pulpa-variant.sql")));
        }

        return database;
    }

    public Task ExecuteAsync(string sql) => ExecuteAsync(ConnectionString, sql);

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        try
        {
            await ExecuteAsync(Server().ConnectionString, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        }
        catch (NpgsqlException)
        {
            // The throwaway server is deleted with everything in it anyway.
        }
    }
}
