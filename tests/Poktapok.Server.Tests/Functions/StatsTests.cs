using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary><c>stats:*</c> (FUNCTIONS.md §3.16) on the provider under test: the numbers, and how they are read.</summary>
public sealed partial class StatsTests : AccountTest
{
    // The programs every database starts with (SeedData), active ones.
    private static readonly int s_seededPrograms = SeedData.Programs.Count(p => p.IsActive);

    // No crons: the statement tests log what runs on the test's database, and only the stats should.
    protected override IDictionary<string, string?> ServerSettings => new Dictionary<string, string?> { ["Scheduler:Enabled"] = "false" };

    private async Task SaveProject(User owner, ProjectStatus status, bool deleted = false) =>
        await Save(With(Rows.MinimalProject(owner.Id), p => { p.ProjectStatus = status; p.DeletedAt = deleted ? Rows.At : null; }));

    private async Task SaveActivity(User creator, ActivityStatus status, bool deleted = false) =>
        await Save(With(Rows.MinimalActivity(creator.Id), a => { a.Status = status; a.DeletedAt = deleted ? Rows.At : null; }));

    private async Task SaveEvent(EventStatus status, bool published) =>
        await Save(With(Rows.MinimalEvent(), e => { e.Status = status; e.IsPublished = published; e.LumaSlug = Rows.Unique("slug-"); }));

    // A club with some of everything; returns an admin.
    private async Task<User> SaveClub()
    {
        var admin = await SaveUser(role: UserRole.Admin);
        await SaveUser(role: UserRole.Moderator);
        var member = await SaveUser();
        await SaveUser(AccountStatus.Incomplete);
        var applicant = await SaveUser(AccountStatus.Pending);
        await SaveUser(AccountStatus.Pending);
        await SaveUser(AccountStatus.Suspended);
        await SaveUser(AccountStatus.Banned, role: UserRole.Moderator);
        await SaveUser(AccountStatus.Active, closed: true);
        await SaveUser(AccountStatus.Pending, closed: true);

        await SaveProject(member, ProjectStatus.Draft);
        await SaveProject(member, ProjectStatus.Wip);
        await SaveProject(member, ProjectStatus.Completed);
        await SaveProject(member, ProjectStatus.Archived);
        await SaveProject(member, ProjectStatus.Completed, deleted: true);

        await SaveEvent(EventStatus.Upcoming, published: true);
        await SaveEvent(EventStatus.Upcoming, published: true);
        await SaveEvent(EventStatus.Upcoming, published: false);
        await SaveEvent(EventStatus.Live, published: true);
        await SaveEvent(EventStatus.Past, published: true);
        await SaveEvent(EventStatus.Past, published: false);

        await SaveActivity(admin, ActivityStatus.Active);
        await SaveActivity(admin, ActivityStatus.Active);
        await SaveActivity(admin, ActivityStatus.Active, deleted: true);
        await SaveActivity(admin, ActivityStatus.Draft);
        await SaveActivity(admin, ActivityStatus.Paused);
        await SaveActivity(admin, ActivityStatus.Cancelled);

        await Save(Rows.MinimalProgram());
        await Save(With(Rows.MinimalProgram(), p => p.IsActive = false));

        await Save(Rows.MinimalApplication(applicant.Id));
        await Save(With(Rows.MinimalApplication(member.Id), a => a.Status = ApplicationStatus.Approved));

        var activity = await Save(Rows.MinimalActivity(admin.Id));
        await Save(Rows.MinimalSubmission(activity.Id, member.Id));
        await Save(With(Rows.MinimalSubmission(activity.Id, applicant.Id), x => x.Status = SubmissionStatus.UnderReview));
        await Save(With(Rows.MinimalSubmission(activity.Id, admin.Id), x => x.Status = SubmissionStatus.Approved));
        return admin;
    }

    [Fact]
    public Task the_public_summary_counts_what_the_public_sees() => WithServer(async s =>
    {
        await SaveClub();

        var stats = (await Call(s, Caller.Anonymous, "stats:public")).Ok()!;

        // Members: admin, moderator, member (active, open). Projects: wip, completed, archived (not the draft, not
        // the deleted one). Events: published and upcoming. Activities: active and not deleted. Programs: active.
        stats.ToJsonString().ShouldBe($$"""{"members":3,"projects":3,"upcomingEvents":2,"activeActivities":2,"programs":{{s_seededPrograms + 1}}}""");
    });

    [Fact]
    public Task the_admin_summary_counts_accounts_queues_activities_events_and_the_last_luma_run() => WithServer(async s =>
    {
        var admin = await SaveClub();
        await Save(new LumaSyncRun { Trigger = LumaSyncTrigger.Cron, CalendarSlug = "frutero-club", StartedAt = Rows.At });
        var last = await Save(new LumaSyncRun { Trigger = LumaSyncTrigger.Admin, CalendarSlug = "frutero-club", StartedAt = Rows.At.AddHours(1) });

        var stats = (await Call(s, As(admin), "stats:admin")).Ok()!;

        stats["users"]!.ToJsonString().ShouldBe(
            """{"byStatus":{"incomplete":1,"pending":2,"active":3,"suspended":1,"banned":1},"byRole":{"member":5,"moderator":2,"admin":1},"closed":2}""");
        stats["applications"]!.ToJsonString().ShouldBe("""{"pending":1}""");
        stats["submissions"]!.ToJsonString().ShouldBe("""{"pending":1,"underReview":1}""");
        // Draft: the one saved as draft and the one the submissions hang on (MinimalActivity); the deleted one is left out.
        stats["activities"]!.ToJsonString().ShouldBe("""{"byStatus":{"draft":2,"active":2,"paused":1,"completed":0,"cancelled":1}}""");
        stats["events"]!.ToJsonString().ShouldBe("""{"upcoming":2,"live":1,"unpublished":2}""");
        Str(stats["luma"]!["lastRun"]!["_id"]).ShouldBe(last.Id.ToString());
    });

    [Fact]
    public Task before_anything_exists_every_count_is_zero() => WithServer(async s =>
    {
        (await Call(s, Caller.Anonymous, "stats:public")).Ok()!.ToJsonString()
            .ShouldBe($$"""{"members":0,"projects":0,"upcomingEvents":0,"activeActivities":0,"programs":{{s_seededPrograms}}}""");
        var stats = (await Call(s, Caller.Admin, "stats:admin")).Ok()!;
        stats["luma"]!.ToJsonString().ShouldBe("""{"lastRun":null}""");
        stats["users"]!["closed"]!.GetValue<double>().ShouldBe(0);
    });

    [Fact]
    public Task the_counts_take_a_fixed_number_of_statements_however_many_rows_there_are() => WithServer(async s =>
    {
        var admin = await SaveClub();
        // A first call warms up what a server does once (its first statements on a database).
        (await Call(s, As(admin), "stats:admin")).Ok();
        (await Call(s, Caller.Anonymous, "stats:public")).Ok();
        using var small = SqlLog.Start(Database.Target);
        (await Call(s, As(admin), "stats:admin")).Ok();
        (await Call(s, Caller.Anonymous, "stats:public")).Ok();
        small.Dispose();

        await SaveClub();
        await SaveClub();
        using var large = SqlLog.Start(Database.Target);
        (await Call(s, As(admin), "stats:admin")).Ok();
        (await Call(s, Caller.Anonymous, "stats:public")).Ok();
        large.Dispose();

        // What the stats read: users (the caller, the grouped count, the public count), applications, submissions, activities (two),
        // events (two), projects, programs, the last luma run; the same with three times the rows.
        string[] tables = ["users", "applications", "activity_submissions", "activities", "events", "projects", "programs", "luma_sync_runs"];
        int[] Reads(SqlLog log) => [.. tables.Select(t => log.Statements.Count(c => Regex.IsMatch(c.Sql, $@"\bFROM ""?{t}""?\s")))];
        var all = string.Join("\n", large.Statements.Select(c => c.Sql));
        Reads(small).ShouldBe([3, 1, 1, 2, 2, 1, 1, 1], all);
        Reads(large).ShouldBe(Reads(small), all);
        large.Statements.Count(c => CountOrLatest().IsMatch(c.Sql)).ShouldBe(11, all);
        large.Statements.Count.ShouldBe(small.Statements.Count, all);
    });

    [Fact]
    public Task on_sqlite_every_count_reads_an_index_not_the_table() => WithServer(async s =>
    {
        Assert.SkipUnless(TestDatabase.Provider == DatabaseProvider.Sqlite, "EXPLAIN QUERY PLAN is SQLite's; PostgreSQL's planner scans small tables by choice.");
        var admin = await SaveClub();
        using var log = SqlLog.Start(Database.Target);
        (await Call(s, As(admin), "stats:admin")).Ok();
        (await Call(s, Caller.Anonymous, "stats:public")).Ok();

        var counts = log.Statements.Where(c => CountOrLatest().IsMatch(c.Sql)).ToList();
        counts.Count.ShouldBe(11);
        await using var connection = new SqliteConnection(Database.Target.ConnectionString);
        await connection.OpenAsync();
        foreach (var statement in counts)
        {
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + statement.Sql;
            foreach (var (name, value) in statement.Parameters)
            {
                explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(3));
                }
            }

            // "SCAN t" alone is a read of the whole table; "SCAN t USING [COVERING] INDEX i" and "SEARCH t USING …" are not.
            plan.ShouldNotContain(line => TableScan().IsMatch(line), $"{statement.Sql}\n{string.Join("\n", plan)}");
        }
    });

    [GeneratedRegex(@"COUNT\(|\bluma_sync_runs\b", RegexOptions.IgnoreCase)]
    private static partial Regex CountOrLatest();

    [GeneratedRegex(@"^SCAN \S+$")]
    private static partial Regex TableScan();

    /// <summary>The statements EF Core runs against one test database while it is open (other tests' are ignored).</summary>
    private sealed class SqlLog : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _marker;
        private readonly ConcurrentQueue<(string Sql, List<(string, object?)> Parameters)> _statements = new();
        private readonly List<IDisposable> _subscriptions = [];

        private SqlLog(string marker) => _marker = marker;

        public List<(string Sql, List<(string, object?)> Parameters)> Statements => [.. _statements];

        public static SqlLog Start(DatabaseTarget target)
        {
            var marker = target.Provider == DatabaseProvider.Sqlite
                ? new SqliteConnectionStringBuilder(target.ConnectionString).DataSource
                : new NpgsqlConnectionStringBuilder(target.ConnectionString).Database!;
            var log = new SqlLog(marker);
            log._subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(log));
            return log;
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(listener.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData { Command: DbCommand command }
                && Belongs(command.Connection))
            {
                _statements.Enqueue((command.CommandText,
                    [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value))]));
            }
        }

        private bool Belongs(DbConnection? connection) => connection switch
        {
            SqliteConnection sqlite => sqlite.DataSource == _marker,
            NpgsqlConnection npgsql => npgsql.Database == _marker,
            _ => false,
        };

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
