using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Poktapok.Engine.Data;

namespace Poktapok.App.Data;

/// <summary>Brings a database up to the current model: creates it, applies pending migrations, seeds.</summary>
public static class Migrator
{
    /// <summary>
    /// Applies every pending migration of the target's provider and returns their names (empty when the
    /// database was current). Throws <see cref="DatabaseUnavailableException"/> when the database cannot be
    /// reached or opened.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(DatabaseTarget target, CancellationToken cancellationToken = default)
    {
        try
        {
            if (target.Provider == DatabaseProvider.Sqlite)
            {
                PrepareSqliteFile(target);
            }

            await using var db = AppDb.Open(target);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                await db.Database.MigrateAsync(cancellationToken);
            }

            return pending;
        }
        catch (Exception e) when (DatabaseUnavailableException.From(e, target) is { } unavailable)
        {
            throw unavailable;
        }
    }

    // The SQLite file lives under .poktapok/ by default: create the folder, and use write-ahead logging so
    // that readers never wait for the writer.
    private static void PrepareSqliteFile(DatabaseTarget target)
    {
        var path = new SqliteConnectionStringBuilder(target.ConnectionString).DataSource;
        if (path is ":memory:" or "")
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var connection = new SqliteConnection(target.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }
}
