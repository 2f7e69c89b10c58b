using Microsoft.Data.Sqlite;
using Npgsql;

namespace Poktapok.Engine.Data;

/// <summary>
/// Failures that say nothing about the work itself: the database is unreachable or busy, or conflicts outlasted
/// the retries. Work that failed this way can be tried again later (the scheduler leaves such a job pending).
/// </summary>
public static class TransientErrors
{
    public static bool IsTransient(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DatabaseUnavailableException or TimeoutException or System.Net.Sockets.SocketException:
                case NpgsqlException { IsTransient: true }:
                case SqliteException { SqliteErrorCode: 5 or 6 }: // SQLITE_BUSY, SQLITE_LOCKED
                    return true;
            }
        }

        return false;
    }
}
