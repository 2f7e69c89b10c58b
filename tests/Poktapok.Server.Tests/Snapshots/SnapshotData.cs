using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App;
using Poktapok.App.Data;
using Poktapok.App.Data.Snapshots;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;
using Poktapok.Engine.Data;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Snapshots;

/// <summary>Rows in every app table, written through the model, and helpers to export, import and compare snapshots.</summary>
internal static class SnapshotData
{
    /// <summary>Instants at the edges of what a double in milliseconds can hold, with microseconds.</summary>
    public static readonly DateTimeOffset LastMicrosecond = new DateTimeOffset(9999, 12, 31, 23, 59, 59, 999, 999, TimeSpan.Zero);

    public static readonly DateTimeOffset BeforeEpoch = new(1899, 7, 1, 8, 30, 0, 123, 457, TimeSpan.Zero);

    public static readonly Guid DeletedUserId = Guid.Parse("0199aaaa-0000-7000-8000-000000000001");

    /// <summary>Fills <paramref name="target"/> with at least one row in every app table, through the model and its rules.</summary>
    public static async Task FillAsync(TestDatabase target)
    {
        await using var db = target.Open();
        var rows = new Rows(db);
        var admin = await rows.Saved(With(Rows.FullUser(), u => u.DisplayName = "Ana Frutera 🍍 ñandú «quoted» \"x\" \\ \u2028"));
        var member = await rows.SavedUser();
        await rows.Saved(With(Rows.MinimalUser(), u =>
        {
            u.Id = DeletedUserId;
            u.DeletedAt = Rows.At.AddDays(1);
            u.Bio = "Se fue. 退会しました";
        }));
        await rows.Saved(new Profile
        {
            UserId = admin.Id, City = "Ciudad de México", CountryCode = "MX", LearningTracks = [LearningTrack.Ai, LearningTrack.Privacy],
            TotalPulpaEarned = 12.34567891m, TotalEarningsUsd = 0.1f, ProfileViews = 7,
            Metadata = new JsonObject { ["zeta"] = 1, ["alpha"] = new JsonObject { ["b"] = 2.50m, ["a"] = new JsonArray(1, "ü", null, true) } },
        });
        await rows.Saved(With(Rows.MinimalApplication(member.Id), a => a.Goal = "Aprender a construir 🚀"));
        await rows.Saved(Rows.MinimalInvitation(admin.Id));
        var project = await rows.Saved(With(Rows.MinimalProject(admin.Id), p => p.ImageUrls = ["https://example.org/a.png", "https://example.org/ñ.png"]));
        await rows.Saved(With(Rows.MinimalProject(member.Id), p => p.DeletedAt = Rows.At));
        var skill = await rows.Saved(With(Rows.NewSkill(), s => s.Description = "Café ☕ and tea"));
        var seeded = await db.Skills.SingleAsync(s => s.Id == Rows.SeededSkillId);
        seeded.UsageCount = 5;
        await db.SaveChangesAsync();
        await rows.Saved(new UserSkill { UserId = admin.Id, SkillId = skill.Id, ProficiencyLevel = ProficiencyLevel.Advanced, ProjectCount = 2 });
        await rows.Saved(new ProjectSkill { ProjectId = project.Id, SkillId = Rows.SeededSkillId });
        await rows.Saved(new ProjectViewer { ProjectId = project.Id, ViewerKey = "anonymous", LastCountedAt = Rows.At });
        var activity = await rows.Saved(With(Rows.MinimalActivity(admin.Id), a =>
        {
            a.RewardPulpaAmount = 0.00000001m;
            a.EvidenceRequirements = new EvidenceRequirements(UrlRequired: true, TextRequired: true);
            a.StartsAt = BeforeEpoch;
            a.ExpiresAt = LastMicrosecond;
        }));
        await rows.Saved(With(Rows.MinimalActivity(admin.Id), a => a.DeletedAt = Rows.At.AddHours(3)));
        var submission = await rows.Saved(With(Rows.MinimalSubmission(activity.Id, member.Id), s =>
        {
            s.EvidenceFiles = [new EvidenceFile("https://example.org/proof.png", "proof ñ.png", 9_007_199_254_740_993, "image/png")];
            s.RewardPulpaAmount = 9_999_999_999.99999999m;
        }));
        await rows.Saved(new PulpaDistribution
        {
            SubmissionId = submission.Id, UserId = member.Id, ActivityId = activity.Id, PulpaAmount = 1234.56789012m,
            RecipientWallet = Rows.Wallet, DistributionMethod = DistributionMethod.SmartContract, DistributedByUserId = admin.Id,
            TransactionHash = "0x" + new string('f', 64), DistributedAt = Rows.At.AddTicks(10),
        });
        var program = await rows.Saved(Rows.MinimalProgram());
        await rows.Saved(new ProgramActivity { ProgramId = program.Id, ActivityId = activity.Id, IsRequired = true, OrderIndex = 1 });
        await rows.Saved(new ProgramEnrollment { UserId = member.Id, ProgramId = program.Id, Status = EnrollmentStatus.Completed, CompletedAt = Rows.At });
        var session = await rows.Saved(With(Rows.MinimalSession(program.Id), s =>
        {
            s.Instructors = ["Ana", "José"];
            s.Materials = [Rows.Slides, new SessionMaterial("Código", "https://example.org/c")];
        }));
        await rows.Saved(new SessionActivity { SessionId = session.Id, ActivityId = activity.Id });
        await rows.Saved(new Attendance { UserId = member.Id, SessionId = session.Id, ProgramId = program.Id, MarkedBy = admin.Id, Status = AttendanceStatus.Excused, Notes = null });
        await rows.Saved(With(Rows.MinimalEvent(), e =>
        {
            e.Title = "Frutero Meetup — CDMX 🍉";
            e.Coordinates = new Coordinates(19.4326077, -99.133208);
            e.Hosts = [Rows.Host, new EventHost("Sin avatar")];
            e.ProgramId = program.Id;
            e.RegistrationType = null;
            e.Timezone = null;
        }));
        await rows.Saved(new LumaSyncRun
        {
            Trigger = LumaSyncTrigger.Admin, CalendarSlug = "frutero-club", Status = LumaSyncStatus.Partial, Seen = 3, Created = 1, Failed = 1,
            ErrorMessages = ["evt-1: bad date", "evt-2: título demasiado largo"], FinishedAt = Rows.At,
        });
        await rows.Saved(new DemoCounter { Name = "visits", Value = -3 });
        // A stored file's row (its bytes live in the blob store, not in snapshots) and its attachment.
        var file = await rows.Saved(new Poktapok.Engine.Storage.StoredFile
        {
            Id = Guid.Parse("0199aaaa-0000-7000-8000-00000000f11e"), CreatedAt = Rows.At, Size = 5 * 1024 * 1024, ContentType = "image/webp",
            Sha256 = Convert.ToBase64String(new byte[32]), UploadedBy = "privy.io|did:privy:ñ",
        });
        await rows.Saved(new FileAttachment { StorageId = file.Id, Use = FileUse.Avatar, OwnerId = admin.Id, CreatedAt = Rows.At });
    }

    public static TransactionRunner<AppDb> Runner(DatabaseTarget target) => new(clock => AppDb.Open(target, clock), target.Provider);

    public static async Task<byte[]> ExportAsync(DatabaseTarget target, int pageSize = 1000)
    {
        using var zip = new MemoryStream();
        await new SnapshotWriter(Runner(target), AppFunctions.CreateValueMapper(), target.Provider) { PageSize = pageSize }
            .WriteAsync(zip, TextWriter.Null);
        return zip.ToArray();
    }

    public static async Task<SnapshotImport> ImportAsync(DatabaseTarget target, byte[] snapshot, bool replace = false, int batchSize = 500)
    {
        using var zip = new MemoryStream(snapshot);
        return await new SnapshotReader(Runner(target), AppFunctions.CreateValueMapper()) { BatchSize = batchSize }
            .ImportAsync(zip, replace, TextWriter.Null);
    }

    /// <summary>Every entry's content by name (the container's own timestamps left out).</summary>
    public static SortedDictionary<string, string> Entries(byte[] snapshot)
    {
        using var zip = new ZipArchive(new MemoryStream(snapshot), ZipArchiveMode.Read);
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            entries[entry.FullName] = reader.ReadToEnd();
        }

        return entries;
    }

    /// <summary>A copy of <paramref name="snapshot"/> with <paramref name="change"/> applied to one entry's text.</summary>
    public static byte[] Edited(byte[] snapshot, string entryName, Func<string, string> change)
    {
        var entries = Entries(snapshot);
        entries[entryName] = change(entries.GetValueOrDefault(entryName, ""));
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }
        }

        return output.ToArray();
    }

    /// <summary>Row counts of every app table, soft-deleted rows included.</summary>
    public static async Task<SortedDictionary<string, long>> CountsAsync(DatabaseTarget target)
    {
        await using var db = AppDb.Open(target);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in db.Model.GetEntityTypes().Select(t => t.GetTableName()!).Where(t => !PoktapokDbContext.IsSystemTable(t)).Distinct())
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {SqlDialect.Quote(table)}";
            await db.Database.OpenConnectionAsync();
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync());
        }

        return counts;
    }

    private static T With<T>(T row, Action<T> change)
    {
        change(row);
        return row;
    }
}
