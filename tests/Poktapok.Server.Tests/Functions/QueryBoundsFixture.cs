using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Poktapok.App.Data;
using Poktapok.App.Schema;
using Poktapok.Engine.Data;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary>
/// Two seeded clubs of the same shape, one of 100 users and one of 10,000 (with ~2,000 projects, ~3,000
/// submissions, a program with ~1,000 enrollments and a session with attendance), each behind a server whose
/// database contexts carry a <see cref="StatementLog"/>. Seeded once for <see cref="QueryBoundsTests"/>.
/// </summary>
public sealed class QueryBoundsFixture : IAsyncLifetime
{
    public const int SmallUsers = 100;
    public const int LargeUsers = 10_000;

    public SeededClub Small { get; private set; } = null!;

    public SeededClub Large { get; private set; } = null!;

    /// <summary>How long seeding the large club took (kept under ~20 s per provider).</summary>
    public TimeSpan LargeSeedTime { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Small = await SeededClub.StartAsync(SmallUsers);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Large = await SeededClub.StartAsync(LargeUsers);
        LargeSeedTime = watch.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        await Small.DisposeAsync();
        await Large.DisposeAsync();
    }
}

/// <summary>A seeded database, a server over it whose every statement can be logged, and the ids the queries take.</summary>
public sealed class SeededClub : IAsyncDisposable
{
    private SeededClub(int users, TestDatabase database, TestServer server, StatementLog log)
    {
        Users = users;
        Database = database;
        Server = server;
        Log = log;
    }

    public int Users { get; }

    public TestDatabase Database { get; }

    public TestServer Server { get; }

    public StatementLog Log { get; }

    public User Admin { get; private set; } = null!;

    /// <summary>An active member who owns many projects.</summary>
    public User Member { get; private set; } = null!;

    public Guid ProgramId { get; private set; }

    public Guid SessionId { get; private set; }

    public Guid ActivityId { get; private set; }

    public static async Task<SeededClub> StartAsync(int users)
    {
        var database = await TestDatabase.CreateAsync();
        var log = new StatementLog();
        var club = new SeededClub(users, database, await StartServerAsync(database, log), log);
        await club.SeedAsync();
        return club;
    }

    // The real host, but its transaction runner opens contexts that also carry the statement log: a test-only
    // replacement of one service, so no production code path changes.
    private static Task<TestServer> StartServerAsync(TestDatabase database, StatementLog log) =>
        TestServer.StartAsync(database, new Dictionary<string, string?> { ["Scheduler:Enabled"] = "false" }, services =>
            services.AddSingleton(sp => new TransactionRunner<AppDb>(clock => Open(database.Target, clock, log), database.Target.Provider,
                sp.GetRequiredService<TimeProvider>())));

    private static AppDb Open(DatabaseTarget target, TimeProvider clock, StatementLog log)
    {
        var assembly = typeof(AppDb).Assembly.GetName().Name!;
        if (target.Provider == DatabaseProvider.Postgres)
        {
            var postgres = new DbContextOptionsBuilder<PostgresAppDb>();
            target.Configure(postgres, assembly).AddInterceptors(log);
            return new PostgresAppDb(postgres.Options, clock);
        }

        var sqlite = new DbContextOptionsBuilder<SqliteAppDb>();
        target.Configure(sqlite, assembly).AddInterceptors(log);
        return new SqliteAppDb(sqlite.Options, clock);
    }

    private async Task SeedAsync()
    {
        var seed = await ClubSeed.FillAsync(Database.Target, Users);
        Admin = seed.Admin;
        Member = seed.Member;
        ProgramId = seed.ProgramId;
        SessionId = seed.SessionId;
        ActivityId = seed.ActivityId;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>
/// An EF Core command interceptor that records the statements of the contexts it is added to while
/// <see cref="Start"/>ed: their SQL and a copy of their parameters (to <c>EXPLAIN</c> them afterwards).
/// </summary>
public sealed class StatementLog : DbCommandInterceptor
{
    // Per asynchronous flow: only the statements of the caller's own calls are recorded, not those of the server's
    // background work (the live queries' poll of the commit timestamp, on SQLite).
    private readonly AsyncLocal<ConcurrentQueue<LoggedStatement>?> _statements = new();

    /// <summary>Records, from now on, the statements run on behalf of the calling flow (call it from a synchronous method or directly).</summary>
    public void Start() => _statements.Value = new();

    /// <summary>Stops recording for the calling flow and returns what was recorded since <see cref="Start"/>.</summary>
    public List<LoggedStatement> Stop()
    {
        var statements = _statements.Value ?? throw new InvalidOperationException("Stop without Start.");
        _statements.Value = null;
        return [.. statements];
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command)
    {
        if (_statements.Value is { } statements)
        {
            statements.Enqueue(new LoggedStatement(command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(Copy)]));
        }
    }

    private static DbParameter Copy(DbParameter parameter) => parameter switch
    {
        NpgsqlParameter npgsql => npgsql.Clone(),
        SqliteParameter sqlite => new SqliteParameter(sqlite.ParameterName, sqlite.Value ?? DBNull.Value) { SqliteType = sqlite.SqliteType },
        _ => throw new NotSupportedException(parameter.GetType().Name),
    };
}

/// <summary>One statement a context ran, with copies of its parameters.</summary>
public sealed record LoggedStatement(string Sql, IReadOnlyList<DbParameter> Parameters)
{
    public override string ToString() => Sql;
}
