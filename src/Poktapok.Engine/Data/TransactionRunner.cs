using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Poktapok.Engine.Data;

/// <summary>
/// Runs a unit of work in the transaction its kind needs and gives every commit its timestamp.
/// <list type="bullet">
/// <item><b>Reads</b> run in one read-only snapshot (PostgreSQL <c>REPEATABLE READ READ ONLY</c>; a SQLite
/// read transaction) and report the newest commit timestamp visible in that snapshot.</item>
/// <item><b>Writes</b> run in one transaction: <c>SERIALIZABLE</c> on PostgreSQL, <c>BEGIN IMMEDIATE</c> on
/// SQLite. The commit timestamp is drawn while holding a commit lock that is released only by the commit
/// itself, so timestamps are monotonic in commit order on one node or many, and across restarts.</item>
/// <item>On PostgreSQL a first attempt runs optimistically, concurrently with others, and takes the commit
/// lock only to commit, waiting for it at most a moment. A serialization failure, a deadlock or a busy
/// commit lock sends it to a retry that holds the commit lock from before its transaction begins: its
/// snapshot sees every earlier commit and no other mutation commits until it is done. Such a retry can
/// still fail by losing a deadlock to an optimistic writer, or against a write made outside the runtime,
/// so attempts are bounded (<see cref="MaxAttempts"/>). See ADR-003.</item>
/// </list>
/// </summary>
public sealed class TransactionRunner<TDb>(Func<TimeProvider, TDb> open, DatabaseProvider provider, TimeProvider? clock = null)
    where TDb : PoktapokDbContext
{
    // The advisory lock key that orders PostgreSQL commits ("poktapok" in ASCII).
    private const long CommitLockKey = 0x706F6B7461706F6B;

    /// <summary>How many times one mutation is attempted on PostgreSQL before its conflict is reported.</summary>
    public const int MaxAttempts = 10;

    /// <summary>How many attempts a write gets when PostgreSQL refuses it with a unique violation (a race, usually).</summary>
    public const int UniqueViolationAttempts = 3;

    // One writer at a time per SQLite file within this process: waiting here is cheaper than SQLite's busy loop.
    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);
    private readonly SemaphoreSlim _pessimisticWriter = new(1, 1);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Where "now" comes from (the rate limits of queries read it too).</summary>
    internal TimeProvider Clock => _clock;

    /// <summary>The PostgreSQL notification channel every commit is announced on, with its timestamp as payload.</summary>
    public const string CommitChannel = "poktapok_commits";

    /// <summary>
    /// Raised after each commit of this process with its timestamp (live queries wake on it; commits of other
    /// nodes arrive through <see cref="CommitChannel"/>). Handlers must return quickly and never throw.
    /// </summary>
    public event Action<ulong>? Committed;

    /// <summary>How many times a write was retried after a serialization failure (for tests and metrics).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    private long _retries;
    private long _contendedUntil;

    // How long after a conflict new writes start pessimistic (ms).
    private const int ContentionWindowMs = 50;

    /// <summary>Runs <paramref name="work"/> in one read-only snapshot.</summary>
    public async Task<(T Result, ulong Timestamp)> ReadAsync<T>(Func<TDb, DateTimeOffset, Task<T>> work, CancellationToken ct) =>
        await ReadAsync((db, now, _) => work(db, now), ct);

    /// <summary>Runs <paramref name="work"/> in one read-only snapshot, telling it the snapshot's timestamp.</summary>
    public async Task<(T Result, ulong Timestamp)> ReadAsync<T>(Func<TDb, DateTimeOffset, ulong, Task<T>> work, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        await using var db = open(new FixedClock(now));
        db.IsReadOnly = true;
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        await db.Database.OpenConnectionAsync(ct);
        await using var tx = await BeginReadAsync(db, ct);
        var ts = await LatestTimestampAsync(db, ct);
        var result = await work(db, now, ts);
        // A read never commits: whatever a query managed to write around the read-only context (raw SQL on
        // SQLite, which has no read-only transactions) is discarded.
        await tx.RollbackAsync(ct);
        return (result, ts);
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction, saves and commits it.</summary>
    public Task<(T Result, ulong Timestamp)> WriteAsync<T>(Func<TDb, DateTimeOffset, Task<T>> work, CancellationToken ct) =>
        WriteAsync(work, result => result, ct);

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction, saves it, then passes its result through
    /// <paramref name="finish"/> (still inside the transaction: a failure there rolls everything back) and commits.
    /// </summary>
    public async Task<(TOut Result, ulong Timestamp)> WriteAsync<T, TOut>(Func<TDb, DateTimeOffset, Task<T>> work, Func<T, TOut> finish,
        CancellationToken ct)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            await _sqliteWriter.WaitAsync(ct);
            try
            {
                return await WriteOnceAsync(work, finish, pessimistic: true, ct);
            }
            finally
            {
                _sqliteWriter.Release();
            }
        }

        // While writers are conflicting (a retry happened in the last moment), start pessimistic: under
        // contention an optimistic attempt would only fail and queue anyway.
        var contended = Environment.TickCount64 < Interlocked.Read(ref _contendedUntil);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(work, finish, pessimistic: contended || attempt > 1, ct);
            }
            catch (Exception e) when ((IsSerializationFailure(e) && attempt < MaxAttempts)
                                      || (IsUniqueViolation(e) && attempt < UniqueViolationAttempts))
            {
                Interlocked.Increment(ref _retries);
                Interlocked.Exchange(ref _contendedUntil, Environment.TickCount64 + ContentionWindowMs);
                if (attempt > 1)
                {
                    // A pessimistic attempt lost a deadlock to a writer that was finishing optimistically.
                    await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
                }
            }
        }
    }

    private async Task<(TOut, ulong)> WriteOnceAsync<T, TOut>(Func<TDb, DateTimeOffset, Task<T>> work, Func<T, TOut> finish,
        bool pessimistic, CancellationToken ct)
    {
        if (!pessimistic || provider != DatabaseProvider.Postgres)
        {
            return await WriteOnceWithConnectionAsync(work, finish, pessimistic, ct);
        }

        // Pessimistic writers of this process queue here, not on the database lock, so that waiting does
        // not hold a pooled connection each (queries would starve for connections under contention).
        await _pessimisticWriter.WaitAsync(ct);
        try
        {
            return await WriteOnceWithConnectionAsync(work, finish, pessimistic, ct);
        }
        finally
        {
            _pessimisticWriter.Release();
        }
    }

    private async Task<(TOut, ulong)> WriteOnceWithConnectionAsync<T, TOut>(Func<TDb, DateTimeOffset, Task<T>> work, Func<T, TOut> finish,
        bool pessimistic, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        await using var db = open(new FixedClock(now));
        await db.Database.OpenConnectionAsync(ct);
        var holdsSessionLock = pessimistic && provider == DatabaseProvider.Postgres;
        if (holdsSessionLock)
        {
            // Taken before BEGIN: the transaction's snapshot must start after the lock is held.
            await ExecuteOnConnectionAsync(db, $"SELECT pg_advisory_lock({CommitLockKey})", ct);
        }

        try
        {
            return await WriteInTransactionAsync(db, work, finish, now, pessimistic, ct);
        }
        finally
        {
            if (holdsSessionLock)
            {
                await ExecuteOnConnectionAsync(db, $"SELECT pg_advisory_unlock({CommitLockKey})", CancellationToken.None);
            }
        }
    }

    private async Task<(TOut, ulong)> WriteInTransactionAsync<T, TOut>(TDb db, Func<TDb, DateTimeOffset, Task<T>> work, Func<T, TOut> finish,
        DateTimeOffset now, bool pessimistic, CancellationToken ct)
    {
        await using var tx = await BeginWriteAsync(db, ct);

        var result = finish(await SaveAfterAsync(db, work(db, now), ct));

        // The runtime's own bookkeeping (scheduled jobs, crons) is not data any query reads: a transaction that
        // wrote only that commits without a timestamp of its own, so the commit log stays the log of app data.
        var written = db.WrittenTables.Where(t => !PoktapokDbContext.IsSystemTable(t)).ToList();
        ulong ts;
        if (written.Count == 0)
        {
            // What `finish` added (a mutation's result record) is saved all the same.
            await db.SaveChangesAsync(ct);
            ts = await LatestTimestampAsync(db, ct);
        }
        else
        {
            if (!pessimistic && provider == DatabaseProvider.Postgres && !await TryLockCommitsAsync(db, ct))
            {
                throw new CommitLockBusyException();
            }

            ts = await NextTimestampAsync(db, ct);
            db.Commits.Add(new CommitRecord
            {
                Ts = (long)ts,
                CommittedAt = _clock.GetUtcNow(),
                Tables = string.Join(',', written.Order(StringComparer.Ordinal)),
            });
            await db.SaveChangesAsync(ct);
            if (provider == DatabaseProvider.Postgres)
            {
                // Delivered to every listening node when (and only if) this transaction commits.
                await db.Database.ExecuteSqlAsync($"SELECT pg_notify({CommitChannel}, {ts.ToString(System.Globalization.CultureInfo.InvariantCulture)})", ct);
            }
        }

        await tx.CommitAsync(ct);
        if (written.Count > 0)
        {
            Committed?.Invoke(ts);
        }

        return (result, ts);
    }

    private static async Task<T> SaveAfterAsync<T>(TDb db, Task<T> work, CancellationToken ct)
    {
        var result = await work;
        await db.SaveChangesAsync(ct);
        return result;
    }

    private async Task<DbTransaction> BeginReadAsync(TDb db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection is SqliteConnection sqlite)
        {
            var sqliteTx = sqlite.BeginTransaction(IsolationLevel.Serializable, deferred: true);
            await db.Database.UseTransactionAsync(sqliteTx, ct);
            return sqliteTx;
        }

        var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await db.Database.UseTransactionAsync(tx, ct);
        await db.Database.ExecuteSqlRawAsync("SET TRANSACTION READ ONLY", ct);
        return tx;
    }

    private static async Task<DbTransaction> BeginWriteAsync(TDb db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        DbTransaction tx = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(IsolationLevel.Serializable, deferred: false)
            : await connection.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        await db.Database.UseTransactionAsync(tx, ct);
        return tx;
    }

    // Outside any transaction, on the context's open connection (EF would attach the finished transaction).
    private static async Task ExecuteOnConnectionAsync(TDb db, string sql, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    // An optimistic writer holds row locks by now, so it must not wait long for the commit lock: a retrying
    // writer holding that lock may be waiting for those very rows. Other optimistic writers hold it only for
    // their last few statements, so a short wait is enough; past it, this attempt gives way and its retry
    // queues for the lock instead.
    private static async Task<bool> TryLockCommitsAsync(TDb db, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync($"SET LOCAL lock_timeout = '{OptimisticLockWaitMs}ms'", ct);
        try
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({CommitLockKey})", ct);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return false;
        }
    }

    /// <summary>How long (ms) an optimistic writer waits for the commit lock before it gives way.</summary>
    private const int OptimisticLockWaitMs = 100;

    private sealed class CommitLockBusyException() : Exception("The commit lock is held by a retrying writer.");

    private static Task<ulong> LatestTimestampAsync(TDb db, CancellationToken ct) => db.LatestCommitTimestampAsync(ct);

    // Commit timestamps are nanoseconds since the Unix epoch, as the real backend's are, and never go backwards:
    // each is max(previous + 1, now). A clock that steps back, a restore or another node with a slower clock
    // only slows the count to +1 per commit until wall time catches up (PROTOCOL.md §2.1, pitfall P8).
    private async Task<ulong> NextTimestampAsync(TDb db, CancellationToken ct)
    {
        var now = UnixNanoseconds(_clock.GetUtcNow());
        if (provider == DatabaseProvider.Postgres)
        {
            // Under the commit lock: no other writer draws between nextval and setval.
            return (ulong)await db.Database
                .SqlQueryRaw<long>(
                    $"SELECT setval('{CommitRecord.SequenceName}', GREATEST(nextval('{CommitRecord.SequenceName}'), {{0}})) AS \"Value\"", now)
                .SingleAsync(ct);
        }

        // SQLite: writers are serialised by BEGIN IMMEDIATE, so the newest row is the previous commit.
        return Math.Max(await LatestTimestampAsync(db, ct) + 1, (ulong)now);
    }

    /// <summary>An instant as nanoseconds since the Unix epoch (the unit of commit timestamps).</summary>
    public static long UnixNanoseconds(DateTimeOffset instant) => (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    // PostgreSQL reports two serializable transactions inserting the same key as a unique violation, not as a
    // serialization failure, when the first one commits while the second waits on the index. Its documentation
    // advises retrying those: the retry sees the committed row, and the function's own check answers (an
    // "already exists" with its reason, or nothing to do). A key that really is taken fails the same way again and
    // is reported after a few attempts.
    private static bool IsUniqueViolation(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSerializationFailure(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is CommitLockBusyException)
            {
                return true;
            }

            if (inner is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"Now", read once per transaction: every row a transaction stamps gets the same instant.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
