using Microsoft.EntityFrameworkCore;
using Poktapok.App.Data;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;
using Poktapok.Legacy;

namespace Poktapok.Server.Tests.Functions;

/// <summary>
/// Seeds a migrated database with a club of <c>n</c> users of a fixed shape (90 % with profiles, n/5 projects with
/// skills, 3n/10 submissions, a program with n/10 enrollments and a session with attendance) through the legacy
/// import's <see cref="BulkUpsert"/>, one transaction per table. Used by <c>QueryBoundsFixture</c> and linked
/// into the <c>queries</c> benchmark (<c>bench/Poktapok.Bench</c>), so it depends on no test library.
/// </summary>
public sealed class ClubSeed
{
    private static readonly (string Country, string Code)[] s_countries =
        [("Mexico", "MX"), ("Colombia", "CO"), ("Argentina", "AR"), ("Chile", "CL"), ("Peru", "PE"), ("Spain", "ES"), ("Brazil", "BR"), ("Uruguay", "UY")];

    private static readonly string[] s_words = ["fruta", "mango", "papaya", "guayaba", "lima", "coco"];

    private static readonly DateTimeOffset s_start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly DatabaseTarget _target;

    private ClubSeed(DatabaseTarget target) => _target = target;

    public User Admin { get; private set; } = null!;

    /// <summary>An active member who owns many projects.</summary>
    public User Member { get; private set; } = null!;

    public Guid ProgramId { get; private set; }

    public Guid SessionId { get; private set; }

    public Guid ActivityId { get; private set; }

    /// <summary>Seeds <paramref name="target"/> (migrated, empty) with a club of <paramref name="users"/> users.</summary>
    public static async Task<ClubSeed> FillAsync(DatabaseTarget target, int users)
    {
        var seed = new ClubSeed(target);
        await seed.SeedAsync(users);
        return seed;
    }

    private async Task SeedAsync(int n)
    {
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

        if (_target.Provider == DatabaseProvider.Postgres)
        {
            // What autovacuum does soon after a bulk load, done now so that plans do not depend on its timing: the
            // planner sees 10,000 users, not an empty table, and pages all-visible (index-only scans cost what they do).
            await using var db = AppDb.Open(_target);
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
        }
    }

    // Plain multi-row inserts (the legacy import's bulk writer, which binds values through the model's own type
    // mappings), one transaction per table: EF's change tracker would take minutes for 30,000 rows.
    private async Task InsertAsync<T>(IReadOnlyList<T> rows) where T : class
    {
        await using var db = AppDb.Open(_target);
        await db.Database.OpenConnectionAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var written = await BulkUpsert.RunAsync(db, [.. rows.Cast<object>()], CancellationToken.None);
        if (written != rows.Count)
        {
            throw new InvalidOperationException($"Wrote {written} {typeof(T).Name} rows of {rows.Count}.");
        }

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
}
