using Microsoft.EntityFrameworkCore;
using Poktapok.App.Data;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Data;

/// <summary>
/// Every CHECK rule of the legacy schema is refused twice: by validation before the write (all broken
/// fields at once, named), and by the database itself when a write goes around validation (plain SQL).
/// </summary>
public sealed class RulesTests : DatabaseTest
{
    private sealed record Broken(Func<Rows, Task<object>> Build, string Field, string Code);

    private static Func<Rows, Task<object>> User(Action<User> change) =>
        _ => Task.FromResult<object>(With(Rows.MinimalUser(), change));

    private static readonly Dictionary<string, Broken> s_validation = new()
    {
        ["username of two letters"] = new(User(u => u.Username = "Ab"), "username", FieldErrorCodes.Format),
        ["username with a space"] = new(User(u => u.Username = "ana maria"), "username", FieldErrorCodes.Format),
        ["email without a domain"] = new(User(u => u.Email = "ana@localhost"), "email", FieldErrorCodes.Format),
        ["short wallet"] = new(User(u => u.ExtWallet = "0x12"), "extWallet", FieldErrorCodes.Format),
        ["wallet with non-hex digits"] = new(User(u => u.AppWallet = "0x" + new string('g', 40)), "appWallet", FieldErrorCodes.Format),
        ["display name over 100"] = new(User(u => u.DisplayName = new string('a', 101)), "displayName", FieldErrorCodes.TooLong),
        ["role outside the set"] = new(User(u => u.Role = (UserRole)7), "role", FieldErrorCodes.NotInSet),
        ["country code with a digit"] = new(
            async r => new Profile { UserId = (await r.SavedUser()).Id, CountryCode = "M1" }, "countryCode", FieldErrorCodes.Format),
        ["negative profile views"] = new(
            async r => new Profile { UserId = (await r.SavedUser()).Id, ProfileViews = -1 }, "profileViews", FieldErrorCodes.OutOfRange),
        ["negative PULPA earned"] = new(
            async r => new Profile { UserId = (await r.SavedUser()).Id, TotalPulpaEarned = -0.5m }, "totalPulpaEarned", FieldErrorCodes.OutOfRange),
        ["PULPA with nine decimals"] = new(
            async r => new Profile { UserId = (await r.SavedUser()).Id, TotalPulpaEarned = 1.123456789m }, "totalPulpaEarned", FieldErrorCodes.Precision),
        ["PULPA over numeric(18,8)"] = new(
            async r => new Profile { UserId = (await r.SavedUser()).Id, TotalPulpaEarned = 10_000_000_000m }, "totalPulpaEarned", FieldErrorCodes.OutOfRange),
        ["learning track outside the set"] = new(
            async r => new Profile { UserId = (await r.SavedUser()).Id, LearningTracks = [(LearningTrack)9] }, "learningTracks", FieldErrorCodes.NotInSet),
        ["invite code of 8 characters"] = new(
            async r => With(Rows.MinimalInvitation((await r.SavedUser()).Id), i => i.InviteCode = "ABCD1234"), "inviteCode", FieldErrorCodes.Format),
        ["project title of 3 characters"] = new(
            async r => With(Rows.MinimalProject((await r.SavedUser()).Id), p => p.Title = "abc"), "title", FieldErrorCodes.TooShort),
        ["project description of 10 characters"] = new(
            async r => With(Rows.MinimalProject((await r.SavedUser()).Id), p => p.Description = "too short."), "description", FieldErrorCodes.TooShort),
        ["project ftp url"] = new(
            async r => With(Rows.MinimalProject((await r.SavedUser()).Id), p => p.LiveUrl = "ftp://fruit.example.org"), "liveUrl", FieldErrorCodes.Format),
        ["project without any url"] = new(
            async r => With(Rows.MinimalProject((await r.SavedUser()).Id), p => p.RepositoryUrl = null), "repositoryUrl", FieldErrorCodes.Required),
        ["negative view count"] = new(
            async r => With(Rows.MinimalProject((await r.SavedUser()).Id), p => p.ViewCount = -1), "viewCount", FieldErrorCodes.OutOfRange),
        ["negative skill usage"] = new(
            _ => Task.FromResult<object>(With(Rows.NewSkill(), s => s.UsageCount = -1)), "usageCount", FieldErrorCodes.OutOfRange),
        ["activity reward of zero"] = new(
            async r => With(Rows.MinimalActivity((await r.SavedUser()).Id), a => a.RewardPulpaAmount = 0), "rewardPulpaAmount", FieldErrorCodes.OutOfRange),
        ["activity with zero slots"] = new(
            async r => With(Rows.MinimalActivity((await r.SavedUser()).Id), a => a.TotalAvailableSlots = 0), "totalAvailableSlots", FieldErrorCodes.OutOfRange),
        ["submission text over 1000"] = new(
            async r => With(Rows.MinimalSubmission((await r.SavedActivity((await r.SavedUser()).Id)).Id, (await r.SavedUser()).Id),
                s => s.SubmissionText = new string('x', 1001)), "submissionText", FieldErrorCodes.TooLong),
        ["distribution to a bad wallet"] = new(async r => await Distribution(r, d => d.RecipientWallet = "0xabc"), "recipientWallet", FieldErrorCodes.Format),
        ["distribution with a short tx hash"] = new(async r => await Distribution(r, d => d.TransactionHash = "0x" + new string('a', 63)), "transactionHash", FieldErrorCodes.Format),
        ["distribution with negative retries"] = new(async r => await Distribution(r, d => d.RetryCount = -1), "retryCount", FieldErrorCodes.OutOfRange),
        ["event with negative registrations"] = new(
            _ => Task.FromResult<object>(With(Rows.MinimalEvent(), e => e.RegistrationCount = -1)), "registrationCount", FieldErrorCodes.OutOfRange),
        ["event type outside the set"] = new(
            _ => Task.FromResult<object>(With(Rows.MinimalEvent(), e => e.EventType = (EventType)5)), "eventType", FieldErrorCodes.NotInSet),
        ["event at latitude 91"] = new(
            _ => Task.FromResult<object>(With(Rows.MinimalEvent(), e => e.Coordinates = new(91, 0))), "coordinates", FieldErrorCodes.OutOfRange),
        ["required text missing"] = new(
            _ => Task.FromResult<object>(With(Rows.MinimalEvent(), e => e.Title = null!)), "title", FieldErrorCodes.Required),
    };

    public static TheoryData<string> ValidationCases => [.. s_validation.Keys];

    [Theory]
    [MemberData(nameof(ValidationCases))]
    public async Task a_broken_rule_is_refused_before_the_write_naming_the_field(string name)
    {
        var broken = s_validation[name];
        await using var db = Database.Open();
        var row = await broken.Build(new Rows(db));
        db.Add(row);

        var error = await Should.ThrowAsync<DataValidationException>(() => db.SaveChangesAsync());

        error.Errors.ShouldContain(e => e.Field == broken.Field && e.Code == broken.Code, error.Message);
        error.Message.ShouldContain(broken.Field);
        db.ChangeTracker.Clear();
        (await db.FindAsync(row.GetType(), row.GetType().GetProperty("Id")!.GetValue(row))).ShouldBeNull("nothing is written");
    }

    [Fact]
    public async Task every_broken_field_is_reported_at_once()
    {
        await using var db = Database.Open();
        db.Add(With(Rows.MinimalUser(), u => { u.Username = "x"; u.Email = "nope"; u.ExtWallet = "0x1"; }));

        var error = await Should.ThrowAsync<DataValidationException>(() => db.SaveChangesAsync());

        error.Table.ShouldBe("users");
        error.Errors.Select(e => e.Field).ShouldBe(["email", "username", "extWallet"], ignoreOrder: true);
    }

    [Fact]
    public async Task the_legacy_rules_ignore_letter_case()
    {
        // The legacy CHECKs used ~* (case-insensitive): these passed there and must pass here on both providers.
        await using var db = Database.Open();
        db.Add(With(Rows.MinimalUser(), u =>
        {
            u.Username = "Alice_1";
            u.Email = "Ana.Maria+club@Example.COM";
            u.ExtWallet = "0X" + new string('A', 40);
        }));
        db.Add(new Profile { UserId = (await new Rows(db).SavedUser()).Id, CountryCode = "mx" });

        await db.SaveChangesAsync();
    }

    private sealed record RawBreak(string Table, string Column, object? Value, string Field);

    private static readonly Dictionary<string, RawBreak> s_database = new()
    {
        ["username of two letters"] = new("users", "username", "Ab", "username"),
        ["username with a hyphen"] = new("users", "username", "ana-maria", "username"),
        ["email without a dot"] = new("users", "email", "ana@localhost", "email"),
        ["email with a one-letter TLD"] = new("users", "email", "ana@example.c", "email"),
        ["email with two @"] = new("users", "email", "ana@@example.com", "email"),
        ["email without a local part"] = new("users", "email", "@example.com", "email"),
        ["short wallet"] = new("users", "ext_wallet", "0x12", "extWallet"),
        ["wallet without 0x"] = new("users", "app_wallet", "1x" + new string('a', 40), "appWallet"),
        ["role outside the set"] = new("users", "role", "owner", "role"),
        ["status outside the set"] = new("users", "account_status", "guest", "accountStatus"),
        ["country code with a digit"] = new("profiles", "country_code", "M1", "countryCode"),
        ["negative profile views"] = new("profiles", "profile_views", -1, "profileViews"),
        ["negative PULPA earned"] = new("profiles", "total_pulpa_earned", -1m, "totalPulpaEarned"),
        ["short invite code"] = new("invitations", "invite_code", "short", "inviteCode"),
        ["invite code with a space"] = new("invitations", "invite_code", "abcdefgh ijklmnopq", "inviteCode"),
        ["project title of 3 characters"] = new("projects", "title", "abc", "title"),
        ["project ftp url"] = new("projects", "live_url", "ftp://x.org", "liveUrl"),
        ["project url in capitals"] = new("projects", "video_url", "HTTPS://X.ORG", "videoUrl"),
        ["project without any url"] = new("projects", "repository_url", null, "repositoryUrl"),
        ["negative display order"] = new("projects", "display_order", -1, "displayOrder"),
        ["project type outside the set"] = new("projects", "project_type", "startup", "projectType"),
        ["negative skill usage"] = new("skills", "usage_count", -1, "usageCount"),
        ["activity reward of zero"] = new("activities", "reward_pulpa_amount", 0m, "rewardPulpaAmount"),
        ["activity description too short"] = new("activities", "description", "short", "description"),
        ["activity with negative count"] = new("activities", "current_submissions_count", -1, "currentSubmissionsCount"),
        ["submission text over 1000"] = new("activity_submissions", "submission_text", new string('x', 1001), "submissionText"),
        ["submission reward of zero"] = new("activity_submissions", "reward_pulpa_amount", 0m, "rewardPulpaAmount"),
        ["distribution to a bad wallet"] = new("pulpa_distributions", "recipient_wallet", "0xabc", "recipientWallet"),
        ["distribution with a bad tx hash"] = new("pulpa_distributions", "transaction_hash", "0x12", "transactionHash"),
        ["distribution with negative retries"] = new("pulpa_distributions", "retry_count", -1, "retryCount"),
        ["enrollment status outside the set"] = new("program_enrollments", "status", "paused", "status"),
        ["event type outside the set"] = new("events", "event_type", "online", "eventType"),
        ["event with negative registrations"] = new("events", "registration_count", -1, "registrationCount"),
    };

    public static TheoryData<string> DatabaseCases => [.. s_database.Keys];

    [Theory]
    [MemberData(nameof(DatabaseCases))]
    public async Task the_database_refuses_a_write_that_goes_around_validation(string name)
    {
        var broken = s_database[name];
        await using var db = Database.Open();
        var id = await SaveValidRow(new Rows(db), broken.Table);
        var entity = db.Model.GetEntityTypes().Single(t => t.GetTableName() == broken.Table);
        var property = entity.GetProperties().Single(p => p.GetColumnName() == broken.Column);
        var value = broken.Value is not null && broken.Value.GetType() == property.ClrType
            ? property.GetTypeMapping().Converter?.ConvertToProvider(broken.Value) ?? broken.Value
            : broken.Value;
        var idValue = entity.FindPrimaryKey()!.Properties[0].GetTypeMapping().Converter?.ConvertToProvider(id) ?? id;

        var error = await Should.ThrowAsync<Exception>(() => db.Database.ExecuteSqlRawAsync(
            $"UPDATE {SqlDialect.Quote(broken.Table)} SET {SqlDialect.Quote(broken.Column)} = {(value is null ? "NULL" : "{1}")} WHERE \"id\" = {{0}}",
            idValue, value ?? 0));

        var translated = db.TranslateConstraintError(error);
        translated.ShouldNotBeNull(error.Message);
        translated.Errors.ShouldContain(e => e.Field == broken.Field, translated.Message);
    }

    private static async Task<Guid> SaveValidRow(Rows r, string table) => table switch
    {
        "users" => (await r.SavedUser()).Id,
        "profiles" => (await r.Saved(new Profile { UserId = (await r.SavedUser()).Id })).Id,
        "invitations" => (await r.Saved(Rows.MinimalInvitation((await r.SavedUser()).Id))).Id,
        "projects" => (await r.Saved(Rows.MinimalProject((await r.SavedUser()).Id))).Id,
        "skills" => (await r.Saved(Rows.NewSkill())).Id,
        "activities" => (await r.SavedActivity((await r.SavedUser()).Id)).Id,
        "activity_submissions" => (await r.Saved(Rows.MinimalSubmission((await r.SavedActivity((await r.SavedUser()).Id)).Id, (await r.SavedUser()).Id))).Id,
        "pulpa_distributions" => (await r.Saved((PulpaDistribution)await Distribution(r, _ => { }))).Id,
        "program_enrollments" => (await r.Saved(new ProgramEnrollment { UserId = (await r.SavedUser()).Id, ProgramId = SeedData.Programs[0].Id })).Id,
        "events" => (await r.Saved(Rows.MinimalEvent())).Id,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
    };

    private static async Task<object> Distribution(Rows r, Action<PulpaDistribution> change)
    {
        var member = await r.SavedUser();
        var activity = await r.SavedActivity(member.Id);
        var submission = await r.Saved(Rows.MinimalSubmission(activity.Id, member.Id));
        return With(new PulpaDistribution
        {
            SubmissionId = submission.Id, UserId = member.Id, ActivityId = activity.Id, PulpaAmount = 5m,
            RecipientWallet = Rows.Wallet, DistributionMethod = DistributionMethod.SmartContract, DistributedByUserId = member.Id,
        }, change);
    }
}
