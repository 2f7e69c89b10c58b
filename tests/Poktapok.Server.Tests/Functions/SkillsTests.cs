using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary><c>skills:*</c> (FUNCTIONS.md §3.4) on the provider under test, through the function runtime.</summary>
public sealed class SkillsTests : AccountTest
{
    private static Guid Skill(string slug) => SeedData.Skills.Single(s => s.Slug == slug).Id;

    private static List<string> Slugs(JsonNode list) => [.. list["skills"]!.AsArray().Select(k => Str(k!["slug"] ?? k!["skill"]!["slug"]))];

    private async Task SetUsage(string slug, int count)
    {
        await using var db = Database.Open();
        await db.Skills.Where(k => k.Slug == slug).ExecuteUpdateAsync(u => u.SetProperty(k => k.UsageCount, count));
    }

    [Fact]
    public Task list_filters_counts_the_filtered_set_and_orders_by_usage_then_name() => WithServer(async s =>
    {
        await SetUsage("go", 5);
        await SetUsage("rust", 5);
        await SetUsage("python", 9);

        var all = (await Call(s, Caller.Anonymous, "skills:list")).Ok()!;
        all["total"]!.GetValue<double>().ShouldBe(43);
        Slugs(all).Take(3).ShouldBe(["python", "go", "rust"]);

        var languages = (await Call(s, Caller.Anonymous, "skills:list", new { category = "language", limit = 2 })).Ok()!;
        Slugs(languages).ShouldBe(["python", "go"]);
        languages["total"]!.GetValue<double>().ShouldBe(7); // fix C11: the filtered set, not every skill

        Slugs((await Call(s, Caller.Anonymous, "skills:list", new { search = "SCRIPT" })).Ok()!).ShouldBe(["javascript", "typescript"]);
        var none = (await Call(s, Caller.Anonymous, "skills:list", new { search = "cobol" })).Ok()!; // fix C11: no crash
        Slugs(none).ShouldBeEmpty();
        none["total"]!.GetValue<double>().ShouldBe(0);
        (await Call(s, Caller.Anonymous, "skills:list", new { limit = 101 })).FailsOnFields("limit");
    });

    [Fact]
    public Task get_by_slug_finds_a_skill_or_null() => WithServer(async s =>
    {
        Str((await Call(s, Caller.Anonymous, "skills:getBySlug", new { slug = " NextJS " })).Ok()!["name"]).ShouldBe("Next.js");
        (await Call(s, Caller.Anonymous, "skills:getBySlug", new { slug = "cobol" })).Ok().ShouldBeNull();
    });

    [Fact]
    public Task list_for_user_orders_by_projects_and_hides_inactive_users_from_non_admins() => WithServer(async s =>
    {
        var member = await SaveUser();
        var pending = await SaveUser(AccountStatus.Pending);
        var admin = await SaveUser(role: UserRole.Admin);
        await using (var db = Database.Open())
        {
            db.UserSkills.AddRange(
                new UserSkill { UserId = member.Id, SkillId = Skill("rust"), ProjectCount = 1 },
                new UserSkill { UserId = member.Id, SkillId = Skill("go"), ProjectCount = 3 },
                new UserSkill { UserId = member.Id, SkillId = Skill("docker"), ProjectCount = 1 },
                new UserSkill { UserId = pending.Id, SkillId = Skill("go"), ProjectCount = 1 });
            await db.SaveChangesAsync();
        }

        var list = (await Call(s, Caller.Anonymous, "skills:listForUser", new { userId = member.Id })).Ok()!;
        Slugs(list).ShouldBe(["go", "docker", "rust"]);
        list["total"]!.GetValue<double>().ShouldBe(3);
        list["skills"]![0]!["projectCount"]!.GetValue<double>().ShouldBe(3);
        Str(list["skills"]![0]!["proficiencyLevel"]).ShouldBe("intermediate");
        var limited = (await Call(s, Caller.Anonymous, "skills:listForUser", new { userId = member.Id, limit = 1 })).Ok()!;
        Slugs(limited).ShouldBe(["go"]);
        limited["total"]!.GetValue<double>().ShouldBe(3);

        (await Call(s, Caller.Anonymous, "skills:listForUser", new { userId = pending.Id })).Ok()!["total"]!.GetValue<double>().ShouldBe(0);
        Slugs((await Call(s, As(admin), "skills:listForUser", new { userId = pending.Id })).Ok()!).ShouldBe(["go"]);
        Slugs((await Call(s, Caller.Admin, "skills:listForUser", new { userId = pending.Id })).Ok()!).ShouldBe(["go"]);
        (await Call(s, Caller.Anonymous, "skills:listForUser", new { userId = Guid.NewGuid() })).Ok()!["total"]!.GetValue<double>().ShouldBe(0);
    });

    [Fact]
    public Task list_for_project_gives_its_skills_by_name() => WithServer(async s =>
    {
        var owner = await SaveUser();
        var id = Str((await Call(s, As(owner), "projects:create", new
        {
            title = "Fruit Market", description = "A marketplace for community fruit.", projectType = "personal", projectStatus = "wip",
            liveUrl = "https://fruit.example.org", skillIds = new[] { Skill("rust"), Skill("docker") },
        })).Ok()!["project"]!["_id"]);

        var list = (await Call(s, Caller.Anonymous, "skills:listForProject", new { projectId = id })).Ok()!;
        Slugs(list).ShouldBe(["docker", "rust"]);
        list["total"]!.GetValue<double>().ShouldBe(2);
        (await Call(s, Caller.Anonymous, "skills:listForProject", new { projectId = Guid.NewGuid() })).Fails("NOT_FOUND");
    });
}
