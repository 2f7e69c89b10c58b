using System.Text.Json.Nodes;
using Poktapok.App.Data;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;

namespace Poktapok.Server.Tests.Infrastructure;

/// <summary>
/// Builds valid rows of every table: <c>Minimal</c> sets only what is required, <c>Full</c> sets every
/// column. <see cref="Saved{T}"/> writes a prerequisite (the owner of a project, the activity of a
/// submission) and returns it, so each test states only the row it is about.
/// </summary>
public sealed class Rows(AppDb db)
{
    /// <summary>An instant with the precision both providers keep (microseconds), in UTC.</summary>
    public static readonly DateTimeOffset At = new(2026, 3, 14, 15, 9, 26, 535, 897, TimeSpan.Zero);

    private static int s_counter;

    public static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref s_counter)}_{Guid.NewGuid().ToString("N")[..8]}";

    public async Task<T> Saved<T>(T row) where T : class
    {
        db.Add(row);
        await db.SaveChangesAsync();
        return row;
    }

    public static User MinimalUser() => new() { PrivyDid = Unique("did:privy:"), PrimaryAuthMethod = AuthMethod.Email };

    public static User FullUser() => new()
    {
        PrivyDid = Unique("did:privy:"),
        Email = Unique("member") + "@example.org",
        Username = Unique("user_"),
        DisplayName = "Ana Frutera",
        Bio = "Builds things on Optimism.",
        AvatarUrl = "https://cdn.example.org/avatars/ana.png",
        ExtWallet = "0x" + new string('a', 40),
        AppWallet = "0x" + new string('B', 40),
        PrimaryAuthMethod = AuthMethod.Wallet,
        Role = UserRole.Admin,
        AccountStatus = AccountStatus.Active,
        CreatedAt = At,
        UpdatedAt = At.AddMinutes(1),
        LastLoginAt = At.AddMinutes(2),
        PrivyMetadata = new JsonObject { ["linkedAccounts"] = new JsonArray("email", "wallet") },
        Metadata = new JsonObject { ["source"] = "test", ["nested"] = new JsonObject { ["n"] = 1 } },
    };

    public Task<User> SavedUser() => Saved(MinimalUser());

    public Task<Activity> SavedActivity(Guid creator) => Saved(MinimalActivity(creator));

    public static Activity MinimalActivity(Guid creator) => new()
    {
        Title = "Write a thread",
        Description = "Share what you learned this week.",
        ActivityType = ActivityType.XPost,
        Difficulty = Difficulty.Beginner,
        RewardPulpaAmount = 10m,
        CreatedByUserId = creator,
    };

    public static Project MinimalProject(Guid owner) => new()
    {
        UserId = owner,
        Title = "Fruit Market",
        Description = "A marketplace for community fruit.",
        RepositoryUrl = "https://github.com/example/fruit",
        ProjectType = ProjectType.Personal,
    };

    public static TrainingProgram MinimalProgram() => new()
    {
        Name = Unique("Program "),
        Description = "A program.",
        ProgramType = ProgramType.Cohort,
    };

    public static Session MinimalSession(Guid? program = null) => new()
    {
        ProgramId = program,
        Title = "Kick-off",
        SessionDate = At,
    };

    public static Event MinimalEvent() => new()
    {
        Title = "Frutero Meetup",
        LumaUrl = "https://lu.ma/" + Unique("meetup"),
        StartDate = At,
    };

    public static Invitation MinimalInvitation(Guid inviter) => new()
    {
        InviterUserId = inviter,
        InviteCode = InviteCode(),
        ExpiresAt = At.AddDays(7),
    };

    public static string InviteCode()
    {
        var code = Unique("INVITE-code_");
        return code.Length > 32 ? code[..32] : code.PadRight(16, 'x');
    }

    public static Application MinimalApplication(Guid user) => new() { UserId = user, MotivationText = "I want to build." };

    public static ActivitySubmission MinimalSubmission(Guid activity, Guid user) => new() { ActivityId = activity, UserId = user };

    public static Skill NewSkill() => new()
    {
        Name = Unique("Skill "),
        Slug = Unique("skill-"),
        Category = SkillCategory.Tool,
    };

    public static readonly Guid SeededSkillId = SeedData.Skills[0].Id;

    public static readonly string Wallet = "0x" + new string('1', 40);

    public static EventHost Host => new("Frutero Club", "https://cdn.example.org/frutero.png", "fruteroclub");

    public static SessionMaterial Slides => new("Slides", "https://example.org/slides.pdf", "pdf");
}
