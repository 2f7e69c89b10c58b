using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Poktapok.App.Data;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;
using Poktapok.Legacy;
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
    private static readonly (string Country, string Code)[] s_countries =
        [("Mexico", "MX"), ("Colombia", "CO"), ("Argentina", "AR"), ("Chile", "CL"), ("Peru", "PE"), ("Spain", "ES"), ("Brazil", "BR"), ("Uruguay", "UY")];

    private static readonly string[] s_words = ["fruta", "mango", "papaya", "guayaba", "lima", "coco"];

    private static readonly DateTimeOffset s_start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

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

    // ---------------------------------------------------------------- seeding

    private async Task SeedAsync()
    {
        var n = Users;
        var users = Enumerable.Range(0, n).Select(NewUser).ToList();
        Admin = users[0];
        Member = users[1];

        var profiles = users.Where((_, i) => i % 10 != 9).Select((u, k) => NewProfile(u, k)).ToList();

        var projects = new List<Project>();
        var projectSkills = new List<ProjectSkill>();
        for (var j = 0; j < n / 5; j++)
        {
            // Every 15th project is the member's; the others spread over active accounts.
            var owner = j % 15 == 0 ? Member : users[ActiveIndex(2 + (j * 37 % (n - 2)), n)];
            var project = NewProject(owner, j);
            projects.Add(project);
            for (var k = 0; k < 1 + (j % 3); k++)
            {
                projectSkills.Add(new ProjectSkill { Id = Guid.CreateVersion7(), ProjectId = project.Id, SkillId = SeedData.Skills[(j + (k * 5)) % SeedData.Skills.Count].Id, CreatedAt = project.CreatedAt });
            }
        }

        // user_skills as the projects derive them (§4.7): projects per (owner, skill).
        var ownerOf = projects.ToDictionary(p => p.Id, p => p.UserId);
        var userSkills = projectSkills.GroupBy(s => (User: ownerOf[s.ProjectId], s.SkillId))
            .Select(g => new UserSkill { Id = Guid.CreateVersion7(), UserId = g.Key.User, SkillId = g.Key.SkillId, ProjectCount = g.Count(), CreatedAt = s_start })
            .ToList();

        var activities = Enumerable.Range(0, Math.Max(5, n / 500)).Select(a => new Activity
        {
            Id = Guid.CreateVersion7(),
            Title = $"Activity number {a}",
            Description = "Share what you learned this week with the club.",
            ActivityType = ActivityType.XPost,
            Difficulty = Difficulty.Beginner,
            RewardPulpaAmount = 10m,
            Status = ActivityStatus.Active,
            CreatedByUserId = Admin.Id,
            CreatedAt = s_start.AddDays(a),
            UpdatedAt = s_start.AddDays(a),
        }).ToList();
        ActivityId = activities[0].Id;

        // 3 submissions per 10 users, each from a different user (7919 is prime: i ↦ 7919·i mod (n−2) is one-to-one).
        SubmissionStatus[] statuses = [SubmissionStatus.Pending, SubmissionStatus.Pending, SubmissionStatus.UnderReview,
            SubmissionStatus.Approved, SubmissionStatus.Rejected, SubmissionStatus.RevisionRequested];
        var submissions = Enumerable.Range(0, 3 * n / 10).Select(s =>
        {
            var status = statuses[s % statuses.Length];
            var at = s_start.AddMinutes(s * 3);
            return new ActivitySubmission
            {
                Id = Guid.CreateVersion7(),
                ActivityId = activities[s % activities.Count].Id,
                UserId = users[2 + (int)(7919L * s % (n - 2))].Id,
                SubmissionUrl = $"https://x.com/club/status/{s}",
                Status = status,
                RewardPulpaAmount = 10m + (s % 5),
                ReviewedByUserId = status is SubmissionStatus.Approved or SubmissionStatus.Rejected ? Admin.Id : null,
                ReviewedAt = status is SubmissionStatus.Approved or SubmissionStatus.Rejected ? at.AddHours(1) : null,
                SubmittedAt = at,
                CreatedAt = at,
                UpdatedAt = at,
            };
        }).ToList();

        var program = new TrainingProgram
        {
            Id = Guid.CreateVersion7(),
            Name = "Frutero Builders",
            Description = "The cohort.",
            ProgramType = ProgramType.Evergreen,
            CreatedAt = s_start,
            UpdatedAt = s_start,
        };
        ProgramId = program.Id;
        EnrollmentStatus[] enrollmentStatuses = [EnrollmentStatus.Enrolled, EnrollmentStatus.Enrolled, EnrollmentStatus.Enrolled,
            EnrollmentStatus.Completed, EnrollmentStatus.Dropped];
        var enrollments = Enumerable.Range(0, n / 10).Select(e => new ProgramEnrollment
        {
            Id = Guid.CreateVersion7(),
            ProgramId = program.Id,
            UserId = users[2 + (13 * e % (n - 2))].Id,
            Status = enrollmentStatuses[e % enrollmentStatuses.Length],
            EnrolledAt = s_start.AddHours(e),
            CompletedAt = e % 5 == 3 ? s_start.AddDays(90) : null,
            CreatedAt = s_start.AddHours(e),
            UpdatedAt = s_start.AddHours(e),
        }).ToList();
        var session = new Session
        {
            Id = Guid.CreateVersion7(),
            ProgramId = program.Id,
            Title = "Kick-off",
            SessionDate = s_start.AddDays(7),
            CreatedAt = s_start,
            UpdatedAt = s_start,
        };
        SessionId = session.Id;
        var attendance = enrollments.Take(enrollments.Count / 2).Select((e, k) => new Attendance
        {
            Id = Guid.CreateVersion7(),
            UserId = e.UserId,
            SessionId = session.Id,
            ProgramId = program.Id,
            MarkedBy = Admin.Id,
            Status = k % 4 == 0 ? AttendanceStatus.Absent : AttendanceStatus.Present,
            MarkedAt = session.SessionDate,
            CreatedAt = session.SessionDate,
            UpdatedAt = session.SessionDate,
        }).ToList();

        await InsertAsync(users);
        await InsertAsync(profiles);
        await InsertAsync(projects);
        await InsertAsync(projectSkills);
        await InsertAsync(userSkills);
        await InsertAsync(activities);
        await InsertAsync(submissions);
        await InsertAsync([program]);
        await InsertAsync(enrollments);
        await InsertAsync([session]);
        await InsertAsync(attendance);

        if (Database.Target.Provider == DatabaseProvider.Postgres)
        {
            // What autovacuum does soon after a bulk load, done now so that plans do not depend on its timing: the
            // planner sees 10,000 users, not an empty table, and pages all-visible (index-only scans cost what they do).
            await using var db = Database.Open();
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
        }
    }

    // Plain multi-row inserts (the legacy import's bulk writer, which binds values through the model's own type
    // mappings), one transaction per table: EF's change tracker would take minutes for 30,000 rows.
    private async Task InsertAsync<T>(IReadOnlyList<T> rows) where T : class
    {
        await using var db = Database.Open();
        await db.Database.OpenConnectionAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        (await BulkUpsert.RunAsync(db, [.. rows.Cast<object>()], CancellationToken.None)).ShouldBe(rows.Count);
        await transaction.CommitAsync();
    }

    // Mostly active accounts, some of every other status, a few moderators and closed accounts; 0 is the admin.
    private static User NewUser(int i)
    {
        var word = s_words[i % s_words.Length];
        var created = s_start.AddMinutes(i);
        return new User
        {
            Id = Guid.CreateVersion7(),
            PrivyDid = $"did:privy:bounds{i:D6}",
            Email = $"member{i}@example.org",
            Username = $"m{i:D5}_{word}",
            DisplayName = $"{char.ToUpperInvariant(word[0])}{word[1..]} Builder {i}",
            Bio = i % 3 == 0 ? $"Builds {word} things on Optimism." : null,
            PrimaryAuthMethod = AuthMethod.Email,
            Role = i == 0 ? UserRole.Admin : i % 97 == 0 ? UserRole.Moderator : UserRole.Member,
            AccountStatus = i < 2 ? AccountStatus.Active : (i % 20) switch
            {
                0 => AccountStatus.Pending,
                1 => AccountStatus.Incomplete,
                2 => AccountStatus.Suspended,
                3 => AccountStatus.Banned,
                _ => AccountStatus.Active,
            },
            DeletedAt = i % 50 == 7 ? created.AddDays(30) : null,
            CreatedAt = created,
            UpdatedAt = created,
            LastLoginAt = created,
        };
    }

    // The index of the first active, open account at or after i (the NewUser pattern).
    private static int ActiveIndex(int i, int n)
    {
        while (i % 20 < 4 || i % 50 == 7)
        {
            i = i + 1 < n ? i + 1 : 2 + 4;
        }

        return i;
    }

    private static Profile NewProfile(User user, int k)
    {
        var (country, code) = s_countries[k % s_countries.Length];
        return new Profile
        {
            Id = Guid.CreateVersion7(),
            UserId = user.Id,
            City = "Ciudad " + (k % 40),
            Country = country,
            CountryCode = code,
            LearningTracks = [(LearningTrack)(k % 3), (LearningTrack)((k + 1) % 3)],
            AvailabilityStatus = (AvailabilityStatus)(k % 3),
            ProfileVisibility = (k % 10) switch { 0 => ProfileVisibility.Members, 1 => ProfileVisibility.Private, _ => ProfileVisibility.Public },
            GithubUsername = $"builder{k}",
            TotalPulpaEarned = k % 7 * 10m,
            ActivitiesCompleted = k % 7,
            CreatedAt = user.CreatedAt.AddHours(1),
            UpdatedAt = user.CreatedAt.AddHours(1),
        };
    }

    private static Project NewProject(User owner, int j)
    {
        var status = (ProjectStatus)(j % 4);
        var created = s_start.AddMinutes(j * 5);
        return new Project
        {
            Id = Guid.CreateVersion7(),
            UserId = owner.Id,
            Title = $"Fruit project {j}",
            Description = "A project that helps the community trade fruit.",
            RepositoryUrl = $"https://github.com/club/project{j}",
            ProjectType = (ProjectType)(j % 6),
            ProjectStatus = status,
            Featured = j % 10 == 0,
            PublishedAt = status == ProjectStatus.Draft ? null : created.AddHours(1),
            CreatedAt = created,
            UpdatedAt = created,
        };
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
