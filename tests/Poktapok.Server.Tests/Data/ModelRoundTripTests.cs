using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Data;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;
using Poktapok.Engine.Data;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Data;

/// <summary>Every table keeps every column, fully populated and minimal, on the provider under test.</summary>
public sealed class ModelRoundTripTests : DatabaseTest
{
    public static TheoryData<string> Tables => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task a_fully_populated_row_reads_back_unchanged(string table)
    {
        object written;
        await using (var db = Database.Open())
        {
            written = await Cases[table].Full(new Rows(db));
            db.Add(written);
            await db.SaveChangesAsync();
        }

        await using var read = Database.Open();
        var back = await read.FindAsync(written.GetType(), IdOf(written));
        back.ShouldNotBeNull();
        Json(back).ShouldBe(Json(written));
        AllPropertiesSet(back).ShouldBeEmpty("a full row leaves no column null");
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task a_minimal_row_gets_the_documented_defaults(string table)
    {
        object written;
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await using (var db = Database.Open())
        {
            written = await Cases[table].Minimal(new Rows(db));
            db.Add(written);
            await db.SaveChangesAsync();
        }

        await using var read = Database.Open();
        var back = await read.FindAsync(written.GetType(), IdOf(written));
        back.ShouldNotBeNull();
        Json(back).ShouldBe(Json(written));
        IdOf(back).Version.ShouldBe(7, "new rows get UUIDv7 keys");
        foreach (var stamp in new[] { "CreatedAt", "UpdatedAt" })
        {
            if (back.GetType().GetProperty(stamp)?.GetValue(back) is DateTimeOffset value)
            {
                value.ShouldBeGreaterThan(before, $"{stamp} is stamped on insert");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task the_database_defaults_match_the_entity_defaults(string table)
    {
        // A row inserted by plain SQL with only the required columns (as an import or a psql session
        // would) must read back with the same values an entity starts with.
        object expected;
        await using (var db = Database.Open())
        {
            expected = await Cases[table].Minimal(new Rows(db));
            var entry = db.Entry(expected);
            var entityType = entry.Metadata;
            var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(entityType.GetTableName()!);
            var required = entityType.GetProperties()
                .Where(p => p.IsPrimaryKey() || (!p.TryGetDefaultValue(out _) && p.GetDefaultValueSql() is null
                    && (!p.IsNullable || p.PropertyInfo!.GetValue(expected) is not null)))
                .ToList();
            if (IdOf(expected) == Guid.Empty)
            {
                entityType.FindPrimaryKey()!.Properties[0].PropertyInfo!.SetValue(expected, Guid.CreateVersion7());
            }

            var columns = string.Join(", ", required.Select(p => SqlDialect.Quote(p.GetColumnName(store)!)));
            var values = string.Join(", ", required.Select((_, i) => $"{{{i}}}"));
            var parameters = required.Select(p => p.GetTypeMapping().Converter is { } c
                ? c.ConvertToProvider(p.PropertyInfo!.GetValue(expected))
                : p.PropertyInfo!.GetValue(expected)).ToArray();
            await db.Database.ExecuteSqlRawAsync(
                $"INSERT INTO {SqlDialect.Quote(entityType.GetTableName()!)} ({columns}) VALUES ({values})", parameters!);
        }

        await using var read = Database.Open();
        var back = await read.FindAsync(expected.GetType(), IdOf(expected));
        back.ShouldNotBeNull();
        Json(back, ignoreNowStamps: true).ShouldBe(Json(expected, ignoreNowStamps: true));
    }

    private sealed record Case(Func<Rows, Task<object>> Minimal, Func<Rows, Task<object>> Full);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["users"] = new(_ => Task.FromResult<object>(Rows.MinimalUser()), _ => Task.FromResult<object>(Rows.FullUser())),
        ["profiles"] = new(
            async r => new Profile { UserId = (await r.SavedUser()).Id },
            async r => new Profile
            {
                UserId = (await r.SavedUser()).Id, City = "Ciudad de México", Country = "Mexico", CountryCode = "MX",
                GithubUsername = "ana", TwitterUsername = "ana_x", LinkedinUrl = "https://linkedin.com/in/ana",
                TelegramUsername = "ana_t", LearningTracks = [LearningTrack.Ai, LearningTrack.Privacy],
                ProfileVisibility = ProfileVisibility.Members, AvailabilityStatus = AvailabilityStatus.OpenToOffers,
                CompletedBounties = 3, TotalEarningsUsd = 1250.5f, ProfileViews = 42, TotalPulpaEarned = 1234567890.12345678m,
                ActivitiesCompleted = 7, CreatedAt = Rows.At, UpdatedAt = Rows.At, DeletedAt = null,
                Metadata = new JsonObject { ["k"] = "v" },
            }),
        ["applications"] = new(
            async r => Rows.MinimalApplication((await r.SavedUser()).Id),
            async r => new Application
            {
                UserId = (await r.SavedUser()).Id, MotivationText = "I want to learn to build on Ethereum.",
                ProgramId = SeedData.Programs[0].Id, Goal = "Ship a dapp", GithubUsername = "ana", TwitterUsername = "ana_x",
                Status = ApplicationStatus.Approved, ReviewedByUserId = (await r.SavedUser()).Id, ReviewedAt = Rows.At,
                ReviewNotes = "Welcome!", CreatedAt = Rows.At, UpdatedAt = Rows.At, Metadata = new JsonObject { ["ip"] = "127.0.0.1" },
            }),
        ["invitations"] = new(
            async r => Rows.MinimalInvitation((await r.SavedUser()).Id),
            async r => new Invitation
            {
                InviterUserId = (await r.SavedUser()).Id, RedeemerUserId = (await r.SavedUser()).Id, InviteCode = Rows.InviteCode(),
                RedeemedAt = Rows.At, ExpiresAt = Rows.At.AddDays(7), Status = InvitationStatus.Redeemed,
                CreatedAt = Rows.At, UpdatedAt = Rows.At, Metadata = new JsonObject { ["note"] = "for a friend" },
            }),
        ["projects"] = new(
            async r => Rows.MinimalProject((await r.SavedUser()).Id),
            async r => new Project
            {
                UserId = (await r.SavedUser()).Id, Title = "Fruit Market", Description = "A marketplace for community fruit.",
                LiveUrl = "https://fruit.example.org", RepositoryUrl = "https://github.com/example/fruit",
                VideoUrl = "https://youtu.be/fruit", LogoUrl = "https://cdn.example.org/logo.png",
                ImageUrls = ["https://cdn.example.org/1.png", "https://cdn.example.org/2.png"],
                ProjectType = ProjectType.WorkRelated, ProjectStatus = ProjectStatus.Completed, DisplayOrder = 2, Featured = true,
                ViewCount = 99, CreatedAt = Rows.At, UpdatedAt = Rows.At, PublishedAt = Rows.At, Metadata = new JsonObject { ["a"] = 1 },
            }),
        ["skills"] = new(
            _ => Task.FromResult<object>(Rows.NewSkill()),
            _ => Task.FromResult<object>(new Skill
            {
                Name = Rows.Unique("Zig "), Slug = Rows.Unique("zig-"), Category = SkillCategory.Language,
                Description = "A systems language.", IconUrl = "https://cdn.example.org/zig.svg", UsageCount = 5,
                CreatedAt = Rows.At, UpdatedAt = Rows.At,
            })),
        ["user_skills"] = new(
            async r => new UserSkill { UserId = (await r.SavedUser()).Id, SkillId = Rows.SeededSkillId },
            async r => new UserSkill
            {
                UserId = (await r.SavedUser()).Id, SkillId = Rows.SeededSkillId, ProficiencyLevel = ProficiencyLevel.Advanced,
                ProjectCount = 4, CreatedAt = Rows.At,
            }),
        ["project_skills"] = new(
            async r => new ProjectSkill { ProjectId = (await r.Saved(Rows.MinimalProject((await r.SavedUser()).Id))).Id, SkillId = Rows.SeededSkillId },
            async r => new ProjectSkill
            {
                ProjectId = (await r.Saved(Rows.MinimalProject((await r.SavedUser()).Id))).Id, SkillId = Rows.SeededSkillId, CreatedAt = Rows.At,
            }),
        ["activities"] = new(
            async r => Rows.MinimalActivity((await r.SavedUser()).Id),
            async r => new Activity
            {
                Title = "Record a demo", Description = "Record a two-minute demo of your project.", Instructions = "Upload it.",
                ActivityType = ActivityType.Video, Category = "content", Difficulty = Difficulty.Advanced,
                RewardPulpaAmount = 250.12345678m, EvidenceRequirements = new(UrlRequired: true, TextRequired: true),
                VerificationType = VerificationType.Hybrid, MaxSubmissionsPerUser = 2, TotalAvailableSlots = 50,
                CurrentSubmissionsCount = 3, Status = ActivityStatus.Active, StartsAt = Rows.At, ExpiresAt = Rows.At.AddDays(30),
                CreatedByUserId = (await r.SavedUser()).Id, CreatedAt = Rows.At, UpdatedAt = Rows.At, Metadata = new JsonObject { ["x"] = true },
            }),
        ["activity_submissions"] = new(
            async r => Rows.MinimalSubmission((await r.SavedActivity((await r.SavedUser()).Id)).Id, (await r.SavedUser()).Id),
            async r => new ActivitySubmission
            {
                ActivityId = (await r.SavedActivity((await r.SavedUser()).Id)).Id, UserId = (await r.SavedUser()).Id,
                SubmissionUrl = "https://x.com/ana/status/1", EvidenceFiles = [new("https://cdn.example.org/e.png", "e.png", 1024, "image/png")],
                SubmissionText = "Done!", Status = SubmissionStatus.Approved, ReviewedByUserId = (await r.SavedUser()).Id,
                ReviewNotes = "Great", ReviewedAt = Rows.At, RewardPulpaAmount = 10.5m, SubmittedAt = Rows.At, CreatedAt = Rows.At,
                UpdatedAt = Rows.At, Metadata = new JsonObject { ["userAgent"] = "test" },
            }),
        ["pulpa_distributions"] = new(
            async r => await Distribution(r, full: false),
            async r => await Distribution(r, full: true)),
        ["programs"] = new(
            _ => Task.FromResult<object>(Rows.MinimalProgram()),
            _ => Task.FromResult<object>(new TrainingProgram
            {
                Name = Rows.Unique("Bootcamp "), Description = "Eight weeks.", ProgramType = ProgramType.Evergreen,
                StartDate = Rows.At, EndDate = Rows.At.AddDays(56), IsActive = false, MaxEnrollments = 30, CreatedAt = Rows.At, UpdatedAt = Rows.At,
                Metadata = new JsonObject { ["season"] = 2 },
            })),
        ["program_activities"] = new(
            async r => new ProgramActivity
            {
                ProgramId = (await r.Saved(Rows.MinimalProgram())).Id, ActivityId = (await r.SavedActivity((await r.SavedUser()).Id)).Id,
            },
            async r => new ProgramActivity
            {
                ProgramId = (await r.Saved(Rows.MinimalProgram())).Id, ActivityId = (await r.SavedActivity((await r.SavedUser()).Id)).Id,
                IsRequired = true, OrderIndex = 3, CreatedAt = Rows.At,
            }),
        ["program_enrollments"] = new(
            async r => new ProgramEnrollment { UserId = (await r.SavedUser()).Id, ProgramId = (await r.Saved(Rows.MinimalProgram())).Id },
            async r =>
            {
                var user = await r.SavedUser();
                return new ProgramEnrollment
                {
                    UserId = user.Id, ProgramId = (await r.Saved(Rows.MinimalProgram())).Id,
                    ApplicationId = (await r.Saved(Rows.MinimalApplication(user.Id))).Id, Status = EnrollmentStatus.Completed,
                    EnrolledAt = Rows.At, CompletedAt = Rows.At.AddDays(1), PromotedAt = Rows.At.AddDays(2), CreatedAt = Rows.At,
                    UpdatedAt = Rows.At, Metadata = new JsonObject { ["cohort"] = "2026-1" },
                };
            }),
        ["sessions"] = new(
            _ => Task.FromResult<object>(Rows.MinimalSession()),
            async r => new Session
            {
                ProgramId = (await r.Saved(Rows.MinimalProgram())).Id, Title = "Smart contracts 101", Description = "Intro.",
                SessionType = SessionType.Hybrid, SessionDate = Rows.At, Duration = "2 hours", Location = "https://meet.example.org/x",
                Instructors = [Guid.NewGuid().ToString()], Materials = [Rows.Slides], IsActive = false, CreatedAt = Rows.At,
                UpdatedAt = Rows.At, Metadata = new JsonObject { ["room"] = "A" },
            }),
        ["session_activities"] = new(
            async r => new SessionActivity
            {
                SessionId = (await r.Saved(Rows.MinimalSession())).Id, ActivityId = (await r.SavedActivity((await r.SavedUser()).Id)).Id,
            },
            async r => new SessionActivity
            {
                SessionId = (await r.Saved(Rows.MinimalSession())).Id, ActivityId = (await r.SavedActivity((await r.SavedUser()).Id)).Id,
                OrderIndex = 1, CreatedAt = Rows.At,
            }),
        ["attendance"] = new(
            async r => new Attendance
            {
                UserId = (await r.SavedUser()).Id, SessionId = (await r.Saved(Rows.MinimalSession())).Id,
                MarkedBy = (await r.SavedUser()).Id, Status = AttendanceStatus.Present,
            },
            async r => new Attendance
            {
                UserId = (await r.SavedUser()).Id, SessionId = (await r.Saved(Rows.MinimalSession())).Id,
                ProgramId = (await r.Saved(Rows.MinimalProgram())).Id, MarkedBy = (await r.SavedUser()).Id,
                Status = AttendanceStatus.Excused, Notes = "Sick", MarkedAt = Rows.At, CreatedAt = Rows.At, UpdatedAt = Rows.At,
                Metadata = new JsonObject { ["by"] = "qr" },
            }),
        ["events"] = new(
            _ => Task.FromResult<object>(Rows.MinimalEvent()),
            async r => new Event
            {
                ProgramId = (await r.Saved(Rows.MinimalProgram())).Id, Title = "Frutero Demo Day", Description = "Demos.",
                CoverImage = "https://cdn.example.org/cover.png", LumaUrl = "https://lu.ma/demo-day", LumaEventId = "evt-abc123",
                LumaSlug = "demo-day", EventType = EventType.Hybrid, StartDate = Rows.At, EndDate = Rows.At.AddHours(3),
                Timezone = "UTC", Location = "CDMX", LocationDetails = "2nd floor", LocationUrl = "https://maps.example.org/x",
                Coordinates = new(19.4326, -99.1332), Hosts = [Rows.Host], Calendar = "frutero-club", Status = EventStatus.Past,
                IsPublished = true, IsFeatured = true, RegistrationCount = 120, MaxCapacity = 150,
                RegistrationType = RegistrationType.Approval, CreatedAt = Rows.At, UpdatedAt = Rows.At,
                Metadata = new JsonObject { ["lumaApiId"] = "evt-abc123" },
            }),
    };

    private static async Task<object> Distribution(Rows r, bool full)
    {
        var member = await r.SavedUser();
        var admin = await r.SavedUser();
        var activity = await r.SavedActivity(admin.Id);
        var submission = await r.Saved(Rows.MinimalSubmission(activity.Id, member.Id));
        var row = new PulpaDistribution
        {
            SubmissionId = submission.Id, UserId = member.Id, ActivityId = activity.Id, PulpaAmount = 10m,
            RecipientWallet = Rows.Wallet, DistributionMethod = DistributionMethod.Manual, DistributedByUserId = admin.Id,
        };
        if (full)
        {
            row.ChainId = 8453;
            row.TransactionHash = "0x" + new string('f', 64);
            row.Status = DistributionStatus.Completed;
            row.ErrorMessage = "retried once";
            row.RetryCount = 1;
            row.InitiatedAt = Rows.At;
            row.DistributedAt = Rows.At.AddMinutes(1);
            row.ConfirmedAt = Rows.At.AddMinutes(2);
            row.Metadata = new JsonObject { ["gas"] = 21000 };
        }

        return row;
    }

    private static Guid IdOf(object row) => (Guid)row.GetType().GetProperty("Id")!.GetValue(row)!;

    private static readonly string[] s_nowStamps = ["createdAt", "updatedAt", "lastLoginAt", "submittedAt", "initiatedAt", "markedAt", "enrolledAt"];

    private static readonly JsonSerializerOptions s_json = new(JsonColumns.Options)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new NormalizedDecimal() },
    };

    // The same JSON for equal rows: decimals without trailing zeros (PostgreSQL returns numeric(18,8) with
    // eight places), object keys sorted (jsonb reorders them).
    private static string Json(object row, bool ignoreNowStamps = false)
    {
        var node = JsonSerializer.SerializeToNode(row, row.GetType(), s_json)!.AsObject();
        if (ignoreNowStamps)
        {
            foreach (var stamp in s_nowStamps)
            {
                node.Remove(stamp);
            }
        }

        return Sorted(node)!.ToJsonString();
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        null => null,
        _ => node.DeepClone(),
    };

    private static List<string> AllPropertiesSet(object row) =>
        [.. row.GetType().GetProperties().Where(p => p.GetValue(row) is null && p.Name != "DeletedAt").Select(p => p.Name)];

    private sealed class NormalizedDecimal : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
            writer.WriteRawValue((value / 1.000000000000000000000000000000000m).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
