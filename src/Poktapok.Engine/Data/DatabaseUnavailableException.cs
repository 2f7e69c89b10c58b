using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Poktapok.Engine.Data;

/// <summary>
/// The configured database cannot be used (unreachable host, refused login, missing database, unwritable
/// SQLite file). The message is one line naming the target, never the password.
/// </summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Wraps a connection failure, or returns null when <paramref name="error"/> is something else.</summary>
    public static DatabaseUnavailableException? From(Exception error, DatabaseTarget target)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            var reason = e switch
            {
                PostgresException pg when pg.SqlState is "28P01" or "28000" => "login refused: " + pg.MessageText,
                PostgresException pg when pg.SqlState == "3D000" => "no such database: " + pg.MessageText,
                PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal) => pg.MessageText,
                NpgsqlException { InnerException: SocketException s } => s.Message,
                NpgsqlException { InnerException: TimeoutException } => "timed out connecting",
                NpgsqlException n when n.Message.StartsWith("Failed to connect", StringComparison.Ordinal) => n.Message,
                SocketException s => s.Message,
                SqliteException s when s.SqliteErrorCode is 14 or 8 or 26 => s.Message, // CANTOPEN, READONLY, NOTADB
                UnauthorizedAccessException u => u.Message,
                DirectoryNotFoundException d => d.Message,
                _ => null,
            };
            if (reason is not null)
            {
                return new DatabaseUnavailableException($"cannot use the database ({target.Display}): {reason}", error);
            }
        }

        return null;
    }
}
