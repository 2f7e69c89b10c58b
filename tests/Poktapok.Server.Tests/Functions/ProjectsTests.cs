using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Poktapok.App;
using Poktapok.App.Data;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary><c>projects:*</c> (FUNCTIONS.md §3.3) and the skill counters they keep, on the provider under test.</summary>
public sealed class ProjectsTests : AccountTest
{
    private static readonly HttpClient s_noHttp = new();
    private static readonly DateTimeOffset s_t0 = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static Guid Skill(string slug) => SeedData.Skills.Single(s => s.Slug == slug).Id;

    private static object Page(int numItems = 20, string? cursor = null) => new { numItems, cursor };

    private static List<string> Titles(JsonNode page) => [.. page["page"]!.AsArray().Select(p => Str(p!["title"]))];

    private static object Valid(string title = "Fruit Market", string status = "wip", params string[] skills) => new
    {
        title,
        description = "A marketplace for community fruit.",
        projectType = "personal",
        projectStatus = status,
        repositoryUrl = "https://github.com/example/fruit",
        skillIds = (skills.Length == 0 ? ["rust"] : skills).Select(Skill).ToArray(),
    };

    private static async Task<Guid> Create(TestServer s, User owner, string title = "Fruit Market", string status = "wip", params string[] skills) =>
        Guid.Parse(Str((await Call(s, As(owner), "projects:create", Valid(title, status, skills))).Ok()!["project"]!["_id"]));

    private FunctionRunner<AppDb> RuntimeAt(ManualClock clock)
    {
        var values = AppFunctions.CreateValueMapper();
        var transactions = new TransactionRunner<AppDb>(c => AppDb.Open(Database.Target, c), Database.Target.Provider, clock);
        return new FunctionRunner<AppDb>(AppFunctions.CreateRegistry(values), values, transactions, s_noHttp, NullLogger.Instance);
    }

    // A project of a new owner on a runtime whose clock the test moves, and a recordView call on it (counted or not).
    private async Task<(ManualClock Clock, FunctionRunner<AppDb> Runtime, User Owner, Func<Caller, Task<bool>> View, Guid Id)> ViewedProjectAsync()
    {
        var clock = new ManualClock(s_t0);
        var runtime = RuntimeAt(clock);
        var owner = await SaveUser();
        var id = Str((await Call(runtime, As(owner), "projects:create", Valid())).Ok()!["project"]!["_id"]);
        async Task<bool> View(Caller caller) =>
            (await Call(runtime, caller, "projects:recordView", new { projectId = id })).Ok()!["counted"]!.GetValue<bool>();
        return (clock, runtime, owner, View, Guid.Parse(id));
    }

    private async Task<Dictionary<string, int>> Usage(params string[] slugs)
    {
        await using var db = Database.Open();
        var ids = slugs.Select(Skill).ToList();
        var rows = await db.Skills.Where(s => ids.Contains(s.Id)).ToListAsync();
        return rows.ToDictionary(s => s.Slug, s => s.UsageCount);
    }

    private async Task<Dictionary<string, int>> UserSkills(Guid userId)
    {
        await using var db = Database.Open();
        var rows = await db.UserSkills.Where(s => s.UserId == userId).ToListAsync();
        return rows.ToDictionary(r => SeedData.Skills.Single(s => s.Id == r.SkillId).Slug, r => r.ProjectCount);
    }

    private async Task<Project> Stored(Guid id)
    {
        await using var db = Database.Open();
        return await db.Projects.IgnoreQueryFilters().SingleAsync(p => p.Id == id);
    }

    private Task<Project> SaveProject(User owner, Action<Project>? change = null) =>
        Save(With(Rows.MinimalProject(owner.Id), p => change?.Invoke(p)));

    // ---------------------------------------------------------------- create

    [Fact]
    public Task create_returns_the_project_with_its_skills_and_owner_and_counts_them() => WithServer(async s =>
    {
        var owner = await SaveUser(AccountStatus.Incomplete);

        var project = (await Call(s, As(owner), "projects:create", Valid("  Fruit Market  ", "draft", "rust", "go"))).Ok()!["project"]!;

        Str(project["title"]).ShouldBe("Fruit Market");
        Str(project["projectStatus"]).ShouldBe("draft");
        project["publishedAt"].ShouldBeNull();
        project["imageUrls"]!.AsArray().Count.ShouldBe(0);
        project["viewCount"]!.GetValue<double>().ShouldBe(0);
        project["skills"]!.AsArray().Select(k => Str(k!["slug"])).ShouldBe(["go", "rust"]);
        project["skills"]!.AsArray().Select(k => k!["usageCount"]!.GetValue<double>()).ShouldBe([1, 1]);
        Str(project["owner"]!["username"]).ShouldBe(owner.Username);
        project.AsObject().Select(p => p.Key).ShouldNotContain("listOrder");
        (await Usage("rust", "go")).ShouldBe(new Dictionary<string, int> { ["rust"] = 1, ["go"] = 1 }, ignoreOrder: true);
        (await UserSkills(owner.Id)).ShouldBe(new Dictionary<string, int> { ["rust"] = 1, ["go"] = 1 }, ignoreOrder: true);
    });

    [Fact]
    public Task create_refuses_every_broken_field_at_once() => WithServer(async s =>
    {
        var owner = await SaveUser();

        (await Call(s, As(owner), "projects:create", new
        {
            title = "abc", description = "too short", projectType = "hackathon", repositoryUrl = "ftp://example.org/x",
            imageUrls = Enumerable.Range(0, 6).Select(i => $"https://cdn.example.org/{i}.png").ToArray(), skillIds = Array.Empty<Guid>(),
        })).FailsOnFields("title", "description", "repositoryUrl", "imageUrls", "skillIds");
        (await Call(s, As(owner), "projects:create", new
        {
            title = "Fruit Market", description = "A marketplace for community fruit.", projectType = "bounty",
            logoUrl = "https://cdn.example.org/logo.png", skillIds = new[] { Skill("rust") },
        })).FailsOnFields("urls");
        (await Call(s, As(owner), "projects:create", new
        {
            title = "Fruit Market", description = "A marketplace for community fruit.", projectType = "freelance",
            liveUrl = "https://fruit.example.org", imageUrls = new[] { "not a url" }, skillIds = new[] { Skill("rust") },
        })).FailsOnFields("imageUrls[0]");

        await using var db = Database.Open();
        (await db.Projects.CountAsync()).ShouldBe(0);
    });

    [Fact]
    public Task create_refuses_unknown_or_repeated_skills_and_writes_nothing() => WithServer(async s =>
    {
        var owner = await SaveUser();
        var unknown = With((JsonObject)JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Valid()))!, o =>
            o["skillIds"] = new JsonArray(Skill("rust").ToString(), Guid.NewGuid().ToString()));
        var repeated = With((JsonObject)JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Valid()))!, o =>
            o["skillIds"] = new JsonArray(Skill("rust").ToString(), Skill("rust").ToString()));

        (await Call(s, As(owner), "projects:create", unknown)).Fails("INVALID_ARGUMENT", "INVALID_SKILLS")["details"]!["fields"]!["skillIds"]
            .ShouldNotBeNull();
        (await Call(s, As(owner), "projects:create", repeated)).Fails("INVALID_ARGUMENT", "INVALID_SKILLS");

        (await Usage("rust"))["rust"].ShouldBe(0);
        (await UserSkills(owner.Id)).ShouldBeEmpty();
    });

    // ---------------------------------------------------------------- update (C8, C9)

    [Fact]
    public async Task Issue_C8_published_at_is_set_the_first_time_a_project_leaves_draft_and_kept()
    {
        var clock = new ManualClock(s_t0);
        var runtime = RuntimeAt(clock);
        var owner = await SaveUser();
        var id = Str((await Call(runtime, As(owner), "projects:create", Valid(status: "draft"))).Ok()!["project"]!["_id"]);

        clock.Now = s_t0.AddHours(1);
        var published = (await Call(runtime, As(owner), "projects:update", new { projectId = id, projectStatus = "wip" })).Ok()!["project"]!;
        published["publishedAt"]!.GetValue<double>().ShouldBe(s_t0.AddHours(1).ToUnixTimeMilliseconds());

        clock.Now = s_t0.AddHours(2);
        await Call(runtime, As(owner), "projects:update", new { projectId = id, projectStatus = "draft" });
        var again = (await Call(runtime, As(owner), "projects:update", new { projectId = id, projectStatus = "completed" })).Ok()!["project"]!;
        again["publishedAt"]!.GetValue<double>().ShouldBe(s_t0.AddHours(1).ToUnixTimeMilliseconds());
        Str(again["projectStatus"]).ShouldBe("completed");
    }

    [Fact]
    public Task Issue_C8_update_changes_only_the_fields_given() => WithServer(async s =>
    {
        var owner = await SaveUser();
        var id = Str((await Call(s, As(owner), "projects:create", new
        {
            title = "Fruit Market", description = "A marketplace for community fruit.", projectType = "work-related", projectStatus = "wip",
            repositoryUrl = "https://github.com/example/fruit", liveUrl = "https://fruit.example.org",
            imageUrls = new[] { "https://cdn.example.org/1.png" }, skillIds = new[] { Skill("rust") },
        })).Ok()!["project"]!["_id"]);

        var renamed = (await Call(s, As(owner), "projects:update", new { projectId = id, title = "Fruit Market 2" })).Ok()!["project"]!;

        Str(renamed["title"]).ShouldBe("Fruit Market 2");
        Str(renamed["repositoryUrl"]).ShouldBe("https://github.com/example/fruit");
        Str(renamed["liveUrl"]).ShouldBe("https://fruit.example.org");
        renamed["imageUrls"]!.AsArray().Select(Str).ShouldBe(["https://cdn.example.org/1.png"]);
        Str(renamed["projectStatus"]).ShouldBe("wip");
        Str(renamed["projectType"]).ShouldBe("work-related");
        renamed["skills"]!.AsArray().Count.ShouldBe(1);

        (await Call(s, As(owner), "projects:update", new { projectId = id, liveUrl = (string?)null })).Ok();
        (await Call(s, As(owner), "projects:update", new { projectId = id, repositoryUrl = "" })).FailsOnFields("urls");
        (await Stored(Guid.Parse(id))).RepositoryUrl.ShouldBe("https://github.com/example/fruit");
    });

    [Fact]
    public Task Issue_C9_replacing_skills_moves_the_counters_and_a_refused_update_changes_nothing() => WithServer(async s =>
    {
        var owner = await SaveUser();
        var id = await Create(s, owner, "Fruit Market", "wip", "rust", "go");

        var updated = (await Call(s, As(owner), "projects:update", new { projectId = id, skillIds = new[] { Skill("go"), Skill("python") } })).Ok()!;

        updated["project"]!["skills"]!.AsArray().Select(k => Str(k!["slug"])).ShouldBe(["go", "python"]);
        (await Usage("rust", "go", "python")).ShouldBe(new Dictionary<string, int> { ["rust"] = 0, ["go"] = 1, ["python"] = 1 }, ignoreOrder: true);
        (await UserSkills(owner.Id)).ShouldBe(new Dictionary<string, int> { ["go"] = 1, ["python"] = 1 }, ignoreOrder: true);

        // Legacy updated the row before it checked the skills (C9): here it is all or nothing.
        (await Call(s, As(owner), "projects:update", new { projectId = id, title = "Renamed project", skillIds = new[] { Guid.NewGuid() } }))
            .Fails("INVALID_ARGUMENT", "INVALID_SKILLS");
        (await Stored(id)).Title.ShouldBe("Fruit Market");
        (await Usage("go", "python")).ShouldBe(new Dictionary<string, int> { ["go"] = 1, ["python"] = 1 }, ignoreOrder: true);
    });

    [Fact]
    public Task Issue_C9_deleting_a_project_takes_it_out_of_the_counters() => WithServer(async s =>
    {
        var owner = await SaveUser();
        var first = await Create(s, owner, "First project", "wip", "rust", "go");
        var second = await Create(s, owner, "Second project", "draft", "rust");
        (await UserSkills(owner.Id)).ShouldBe(new Dictionary<string, int> { ["rust"] = 2, ["go"] = 1 }, ignoreOrder: true);

        Str((await Call(s, As(owner), "projects:remove", new { projectId = first })).Ok()!["projectId"]).ShouldBe(first.ToString());

        (await Stored(first)).DeletedAt.ShouldNotBeNull();
        (await Usage("rust", "go")).ShouldBe(new Dictionary<string, int> { ["rust"] = 1, ["go"] = 0 }, ignoreOrder: true);
        (await UserSkills(owner.Id)).ShouldBe(new Dictionary<string, int> { ["rust"] = 1 });
        (await Call(s, As(owner), "projects:get", new { projectId = first })).Fails("NOT_FOUND");
        (await Call(s, As(owner), "projects:remove", new { projectId = first })).Fails("NOT_FOUND");

        (await Call(s, As(owner), "projects:remove", new { projectId = second })).Ok();
        (await Usage("rust"))["rust"].ShouldBe(0);
        (await UserSkills(owner.Id)).ShouldBeEmpty();
    });

    [Fact]
    public Task usage_count_never_goes_below_zero() => WithServer(async s =>
    {
        var owner = await SaveUser();
        var id = await Create(s, owner, "Fruit Market", "wip", "rust", "go");
        await using (var db = Database.Open())
        {
            // Drift as the legacy database has it: a counter that missed increments.
            await db.Skills.Where(k => k.Slug == "rust").ExecuteUpdateAsync(u => u.SetProperty(k => k.UsageCount, 0));
        }

        (await Call(s, As(owner), "projects:remove", new { projectId = id })).Ok();

        (await Usage("rust", "go")).ShouldBe(new Dictionary<string, int> { ["rust"] = 0, ["go"] = 0 }, ignoreOrder: true);
    });

    [Fact]
    public Task only_the_owner_changes_a_project_and_others_drafts_are_not_found() => WithServer(async s =>
    {
        var owner = await SaveUser();
        var other = await SaveUser();
        var admin = await SaveUser(role: UserRole.Admin);
        var published = await Create(s, owner, "Published one", "wip");
        var draft = await Create(s, owner, "Draft project", "draft");

        foreach (var caller in new[] { other, admin })
        {
            (await Call(s, As(caller), "projects:update", new { projectId = published, title = "Hijacked title" })).Fails("FORBIDDEN", "NOT_OWNER");
            (await Call(s, As(caller), "projects:remove", new { projectId = published })).Fails("FORBIDDEN", "NOT_OWNER");
            (await Call(s, As(caller), "projects:addSkill", new { projectId = published, skillId = Skill("go") })).Fails("FORBIDDEN", "NOT_OWNER");
            (await Call(s, As(caller), "projects:update", new { projectId = draft, title = "Hijacked title" })).Fails("NOT_FOUND");
        }

        (await Call(s, As(other), "projects:update", new { projectId = Guid.NewGuid(), title = "Nobody's title" })).Fails("NOT_FOUND");
        (await Stored(published)).Title.ShouldBe("Published one");
    });

    // ---------------------------------------------------------------- skills links

    [Fact]
    public Task add_and_remove_skill_keep_the_counters_and_the_limits() => WithServer(async s =>
    {
        var owner = await SaveUser();
        var id = await Create(s, owner, "Fruit Market", "wip", "rust");

        var link = (await Call(s, As(owner), "projects:addSkill", new { projectId = id, skillId = Skill("go") })).Ok()!;
        Str(link["skillId"]).ShouldBe(Skill("go").ToString());
        link["createdAt"].ShouldNotBeNull();
        (await Call(s, As(owner), "projects:addSkill", new { projectId = id, skillId = Skill("go") })).Fails("CONFLICT", "ALREADY_LINKED");
        (await Call(s, As(owner), "projects:addSkill", new { projectId = id, skillId = Guid.NewGuid() })).Fails("NOT_FOUND");
        (await Usage("rust", "go")).ShouldBe(new Dictionary<string, int> { ["rust"] = 1, ["go"] = 1 }, ignoreOrder: true);
        (await UserSkills(owner.Id)).ShouldBe(new Dictionary<string, int> { ["rust"] = 1, ["go"] = 1 }, ignoreOrder: true);

        (await Call(s, As(owner), "projects:removeSkill", new { projectId = id, skillId = Skill("rust") })).Ok();
        (await Call(s, As(owner), "projects:removeSkill", new { projectId = id, skillId = Skill("rust") })).Fails("NOT_FOUND");
        (await Call(s, As(owner), "projects:removeSkill", new { projectId = id, skillId = Skill("go") })).Fails("FAILED_PRECONDITION", "INVALID_STATUS");
        (await Usage("rust", "go")).ShouldBe(new Dictionary<string, int> { ["rust"] = 0, ["go"] = 1 }, ignoreOrder: true);
        (await UserSkills(owner.Id)).ShouldBe(new Dictionary<string, int> { ["go"] = 1 });

        foreach (var slug in new[] { "python", "java", "typescript", "javascript", "solidity", "react", "vuejs", "angular", "svelte" })
        {
            (await Call(s, As(owner), "projects:addSkill", new { projectId = id, skillId = Skill(slug) })).Ok();
        }

        (await Call(s, As(owner), "projects:addSkill", new { projectId = id, skillId = Skill("docker") })).FailsOnFields("skillId");
    });

    // ---------------------------------------------------------------- lists

    [Fact]
    public Task Issue_C10_pages_are_projects_not_project_skill_rows() => WithServer(async s =>
    {
        var owner = await SaveUser();
        for (var i = 0; i < 5; i++)
        {
            await Create(s, owner, $"Project number {i}", "wip", "rust", "go", "python");
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        while (true)
        {
            var page = (await Call(s, Caller.Anonymous, "projects:list", new { paginationOpts = Page(2, cursor) })).Ok()!;
            var items = page["page"]!.AsArray();
            items.ShouldAllBe(p => p!["skills"]!.AsArray().Count == 3);
            seen.AddRange(items.Select(p => Str(p!["_id"])));
            pages++;
            if (page["isDone"]!.GetValue<bool>())
            {
                break;
            }

            items.Count.ShouldBe(2);
            cursor = Str(page["continueCursor"]);
        }

        seen.Count.ShouldBe(5);
        seen.Distinct().Count().ShouldBe(5);
        pages.ShouldBe(3);
    });

    [Fact]
    public Task lists_put_featured_first_then_the_latest_published_then_never_published_then_the_newest() => WithServer(async s =>
    {
        var owner = await SaveUser();
        await SaveProject(owner, p => { p.Title = "Old published"; p.ProjectStatus = ProjectStatus.Wip; p.PublishedAt = s_t0; p.CreatedAt = s_t0.AddDays(-10); });
        await SaveProject(owner, p => { p.Title = "New published"; p.ProjectStatus = ProjectStatus.Completed; p.PublishedAt = s_t0.AddDays(1); p.CreatedAt = s_t0.AddDays(-9); });
        await SaveProject(owner, p => { p.Title = "Featured old"; p.ProjectStatus = ProjectStatus.Wip; p.Featured = true; p.PublishedAt = s_t0.AddDays(-5); p.CreatedAt = s_t0.AddDays(-8); });
        await SaveProject(owner, p => { p.Title = "Unpublished new"; p.ProjectStatus = ProjectStatus.Wip; p.CreatedAt = s_t0.AddDays(3); });
        await SaveProject(owner, p => { p.Title = "Unpublished old"; p.ProjectStatus = ProjectStatus.Archived; p.CreatedAt = s_t0.AddDays(2); });
        await SaveProject(owner, p => { p.Title = "Pre-epoch"; p.ProjectStatus = ProjectStatus.Wip; p.PublishedAt = new DateTimeOffset(1969, 7, 20, 20, 17, 0, TimeSpan.Zero); p.CreatedAt = new DateTimeOffset(1969, 7, 20, 0, 0, 0, TimeSpan.Zero); });

        Titles((await Call(s, Caller.Anonymous, "projects:list", new { paginationOpts = Page() })).Ok()!)
            .ShouldBe(["Featured old", "New published", "Old published", "Pre-epoch", "Unpublished new", "Unpublished old"]);
        Titles((await Call(s, Caller.Anonymous, "projects:list", new { paginationOpts = Page(), featured = false, status = "wip" })).Ok()!)
            .ShouldBe(["Old published", "Pre-epoch", "Unpublished new"]);
        Titles((await Call(s, As(owner), "projects:listMine", new { paginationOpts = Page(), status = "archived" })).Ok()!)
            .ShouldBe(["Unpublished old"]);
    });

    [Fact]
    public Task Issue_S21_drafts_are_listed_only_for_their_owner_and_admins() => WithServer(async s =>
    {
        var owner = await SaveUser();
        var other = await SaveUser();
        var admin = await SaveUser(role: UserRole.Admin);
        await Create(s, owner, "Owner public", "wip");
        var draft = await Create(s, owner, "Owner draft", "draft");
        await Create(s, other, "Other draft", "draft");

        async Task<List<string>> List(Caller caller, object args) => Titles((await Call(s, caller, "projects:list", args)).Ok()!);

        (await List(Caller.Anonymous, new { paginationOpts = Page(), status = "draft" })).ShouldBeEmpty();
        (await List(As(other), new { paginationOpts = Page(), status = "draft", userId = owner.Id })).ShouldBeEmpty();
        (await List(As(other), new { paginationOpts = Page(), userId = owner.Id })).ShouldBe(["Owner public"]);
        (await List(Caller.Anonymous, new { paginationOpts = Page() })).ShouldBe(["Owner public"]);
        (await List(As(owner), new { paginationOpts = Page() })).ShouldBe(["Owner public"]);
        (await List(As(owner), new { paginationOpts = Page(), status = "draft" })).ShouldBe(["Owner draft"]);
        (await List(As(owner), new { paginationOpts = Page(), userId = owner.Id })).ShouldBe(["Owner draft", "Owner public"], ignoreOrder: true);
        (await List(As(admin), new { paginationOpts = Page(), status = "draft" })).ShouldBe(["Owner draft", "Other draft"], ignoreOrder: true);
        (await List(Caller.Admin, new { paginationOpts = Page(), userId = owner.Id })).Count.ShouldBe(2);

        (await Call(s, As(other), "projects:get", new { projectId = draft })).Fails("NOT_FOUND");
        (await Call(s, Caller.Anonymous, "skills:listForProject", new { projectId = draft })).Fails("NOT_FOUND");
        var mine = (await Call(s, As(owner), "projects:get", new { projectId = draft })).Ok()!;
        mine["isOwner"]!.GetValue<bool>().ShouldBeTrue();
        (await Call(s, As(admin), "projects:get", new { projectId = draft })).Ok()!["isOwner"]!.GetValue<bool>().ShouldBeFalse();
        Titles((await Call(s, As(owner), "projects:listMine", new { paginationOpts = Page() })).Ok()!).ShouldBe(["Owner draft", "Owner public"], ignoreOrder: true);
    });

    [Fact]
    public Task projects_of_closed_accounts_are_hidden() => WithServer(async s =>
    {
        var owner = await SaveUser();
        var id = await Create(s, owner, "Soon hidden", "wip");
        await using (var db = Database.Open())
        {
            await db.Users.Where(u => u.Id == owner.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DeletedAt, Rows.At));
        }

        Titles((await Call(s, Caller.Anonymous, "projects:list", new { paginationOpts = Page() })).Ok()!).ShouldBeEmpty();
        (await Call(s, Caller.Anonymous, "projects:get", new { projectId = id })).Fails("NOT_FOUND");
        (await Call(s, Caller.Anonymous, "projects:recordView", new { projectId = id })).Fails("NOT_FOUND");
    });

    // ---------------------------------------------------------------- views (C19)

    [Fact]
    public Task Issue_C19_get_never_counts_a_view() => WithServer(async s =>
    {
        var owner = await SaveUser();
        var viewer = await SaveUser();
        var id = await Create(s, owner);

        for (var i = 0; i < 3; i++)
        {
            (await Call(s, As(viewer), "projects:get", new { projectId = id })).Ok()!["isOwner"]!.GetValue<bool>().ShouldBeFalse();
            await Call(s, Caller.Anonymous, "projects:get", new { projectId = id });
        }

        (await Stored(id)).ViewCount.ShouldBe(0);
    });

    [Fact]
    public async Task Issue_C19_a_viewer_counts_once_per_project_in_30_minutes_and_the_owner_never()
    {
        var (clock, runtime, owner, view, id) = await ViewedProjectAsync();
        var viewer = await SaveUser();

        (await view(As(viewer))).ShouldBeTrue();
        (await view(As(viewer))).ShouldBeFalse();
        (await view(As(owner))).ShouldBeFalse();
        (await view(Caller.Anonymous)).ShouldBeTrue();
        (await view(Caller.Anonymous)).ShouldBeFalse();
        (await view(Token(NewDid()))).ShouldBeTrue();
        clock.Now = s_t0.AddMinutes(29);
        (await view(As(viewer))).ShouldBeFalse();
        clock.Now = s_t0.AddMinutes(30);
        (await view(As(viewer))).ShouldBeTrue();
        (await view(Caller.Anonymous)).ShouldBeTrue();

        (await Stored(id)).ViewCount.ShouldBe(5);
        (await Call(runtime, Caller.Anonymous, "projects:recordView", new { projectId = Guid.NewGuid() })).Fails("NOT_FOUND");
    }

    [Fact]
    public async Task signed_out_viewers_count_once_per_connection()
    {
        var (_, _, _, view, id) = await ViewedProjectAsync();
        var first = Caller.Anonymous with { Connection = "sync:1" };
        var second = Caller.Anonymous with { Connection = "sync:2" };
        var overHttp = Caller.Anonymous with { Connection = "http:203.0.113.7" };

        (await view(first)).ShouldBeTrue();
        (await view(first)).ShouldBeFalse();
        (await view(second)).ShouldBeTrue();
        (await view(overHttp)).ShouldBeTrue();
        (await view(overHttp)).ShouldBeFalse();
        (await Stored(id)).ViewCount.ShouldBe(3);

        // Marks hold no address in the clear.
        await using var db = Database.Open();
        var keys = await db.ProjectViewers.Select(v => v.ViewerKey).ToListAsync();
        keys.Count.ShouldBe(3);
        keys.ShouldAllBe(k => k.StartsWith("connection:") && !k.Contains("203.0.113.7"));
    }

    [Fact]
    public async Task forget_views_drops_only_marks_past_the_window_and_changes_no_count()
    {
        var (clock, runtime, _, view, id) = await ViewedProjectAsync();
        var viewer = await SaveUser();

        (await view(As(viewer))).ShouldBeTrue();
        clock.Now = s_t0.AddMinutes(20);
        (await view(Caller.Anonymous with { Connection = "sync:7" })).ShouldBeTrue();
        clock.Now = s_t0.AddMinutes(31);

        (await Call(runtime, Caller.Admin, "projects:forgetViews")).Ok()!.ToJsonString().ShouldBe("""{"deleted":1,"more":false}""");
        await using (var db = Database.Open())
        {
            (await db.ProjectViewers.CountAsync()).ShouldBe(1);
        }

        // The signed-out mark is still inside its window; the viewer's was past it and counts again either way.
        (await view(Caller.Anonymous with { Connection = "sync:7" })).ShouldBeFalse();
        (await view(As(viewer))).ShouldBeTrue();
        (await Stored(id)).ViewCount.ShouldBe(3);
        (await Call(runtime, As(viewer), "projects:forgetViews")).Message.ShouldNotBeNull().ShouldStartWith("Could not find public function");
    }

    [Fact]
    public void forget_views_runs_hourly_from_the_crons()
    {
        var cron = Crons.Declare(new CronSettings()).Definitions.Single(d => d.Name == Crons.ViewMarks);

        cron.Function.Method.ShouldBe(typeof(App.Functions.Projects).GetMethod(nameof(App.Functions.Projects.ForgetViews)));
        var start = new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);
        (cron.Schedule.Next(start) - start).ShouldBe(TimeSpan.FromHours(1));
    }

    [Fact]
    public Task concurrent_views_by_distinct_viewers_are_all_counted() => WithServer(async s =>
    {
        var owner = await SaveUser();
        var id = await Create(s, owner);
        var viewers = new List<User>();
        for (var i = 0; i < 24; i++)
        {
            viewers.Add(await SaveUser());
        }

        var results = await Task.WhenAll(viewers.Select(v => Call(s, As(v), "projects:recordView", new { projectId = id })));

        results.ShouldAllBe(r => r.Success && r.Value!["counted"]!.GetValue<bool>());
        (await Stored(id)).ViewCount.ShouldBe(24);
    });

    // ---------------------------------------------------------------- counters under concurrency

    [Fact]
    public Task concurrent_creates_and_deletes_with_shared_skills_keep_the_counters_exact() => WithServer(async s =>
    {
        var owners = new List<User>();
        for (var i = 0; i < 4; i++)
        {
            owners.Add(await SaveUser());
        }

        var creates = Enumerable.Range(0, 24).Select(i =>
        {
            var skills = i % 2 == 0 ? new[] { "rust", "go" } : new[] { "rust", "python" };
            return Call(s, As(owners[i % 4]), "projects:create", Valid($"Concurrent project {i}", "wip", skills));
        });
        var created = await Task.WhenAll(creates);
        created.ShouldAllBe(r => r.Success, string.Join("\n", created.Where(r => !r.Success).Select(r => r.Message + r.Error?.ToJsonString())));
        (await Usage("rust", "go", "python")).ShouldBe(new Dictionary<string, int> { ["rust"] = 24, ["go"] = 12, ["python"] = 12 }, ignoreOrder: true);

        // Delete every project whose number is a multiple of 3 (8 of them: 4 with go, 4 with python), concurrently.
        var doomed = created.Select((r, i) => (i, id: Str(r.Value!["project"]!["_id"]))).Where(x => x.i % 3 == 0).ToList();
        var removed = await Task.WhenAll(doomed.Select(x => Call(s, As(owners[x.i % 4]), "projects:remove", new { projectId = x.id })));
        removed.ShouldAllBe(r => r.Success);

        (await Usage("rust", "go", "python")).ShouldBe(new Dictionary<string, int> { ["rust"] = 16, ["go"] = 8, ["python"] = 8 }, ignoreOrder: true);
        for (var o = 0; o < 4; o++)
        {
            var alive = Enumerable.Range(0, 24).Where(i => i % 4 == o && i % 3 != 0).ToList();
            var expected = new Dictionary<string, int> { ["rust"] = alive.Count };
            if (alive.Any(i => i % 2 == 0))
            {
                expected["go"] = alive.Count(i => i % 2 == 0);
            }

            if (alive.Any(i => i % 2 == 1))
            {
                expected["python"] = alive.Count(i => i % 2 == 1);
            }

            (await UserSkills(owners[o].Id)).ShouldBe(expected, ignoreOrder: true);
        }
    });

    // ---------------------------------------------------------------- repair and the list order column

    [Fact]
    public Task the_repair_functions_recount_drifted_counters() => WithServer(async s =>
    {
        var owner = await SaveUser();
        var kept = await Create(s, owner, "Kept project", "wip", "rust", "go");
        var gone = await Create(s, owner, "Gone project", "wip", "rust");
        await Call(s, As(owner), "projects:remove", new { projectId = gone });
        await using (var db = Database.Open())
        {
            // Drift as legacy left it: counters never decremented, a user skill without a project.
            await db.Skills.ExecuteUpdateAsync(u => u.SetProperty(k => k.UsageCount, 7));
            await db.UserSkills.Where(x => x.UserId == owner.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.ProjectCount, 9));
            db.UserSkills.Add(new UserSkill { UserId = owner.Id, SkillId = Skill("docker"), ProjectCount = 1 });
            await db.SaveChangesAsync();
        }

        var usage = (await Call(s, Caller.Admin, "skills:recomputeUsage")).Ok()!;
        usage["scanned"]!.GetValue<double>().ShouldBe(43);
        usage["more"]!.GetValue<bool>().ShouldBeFalse();
        var skills = (await Call(s, Caller.Admin, "users:recomputeSkills", new { userId = owner.Id })).Ok()!;
        skills["updated"]!.GetValue<double>().ShouldBe(3);

        (await Usage("rust", "go", "docker")).ShouldBe(new Dictionary<string, int> { ["rust"] = 1, ["go"] = 1, ["docker"] = 0 }, ignoreOrder: true);
        (await UserSkills(owner.Id)).ShouldBe(new Dictionary<string, int> { ["rust"] = 1, ["go"] = 1 }, ignoreOrder: true);
        (await Call(s, As(owner), "skills:recomputeUsage")).Success.ShouldBeFalse();
        kept.ShouldNotBe(Guid.Empty);
    });

    [Fact]
    public async Task the_migrations_backfill_sql_gives_the_list_order_the_rule_gives()
    {
        var owner = await SaveUser();
        var rows = new[]
        {
            await SaveProject(owner, p => { p.Featured = true; p.PublishedAt = new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero); p.CreatedAt = Rows.At; }),
            await SaveProject(owner, p => { p.PublishedAt = null; p.CreatedAt = new DateTimeOffset(1969, 12, 31, 23, 59, 59, 999, 999, TimeSpan.Zero); }),
            await SaveProject(owner, p => { p.PublishedAt = Rows.At; p.CreatedAt = DateTimeOffset.UnixEpoch.AddTicks(10); }),
        };
        await using var db = Database.Open();
        await db.Database.ExecuteSqlRawAsync("""UPDATE "projects" SET "list_order" = '' """);
        await db.Database.ExecuteSqlRawAsync(ProjectRules.ListOrderBackfillSql(Database.Target.Provider == DatabaseProvider.Postgres));

        var stored = await db.Database.SqlQueryRaw<string>("""SELECT "list_order" AS "Value" FROM "projects" """).ToListAsync();
        stored.Order(StringComparer.Ordinal).ShouldBe(
            rows.Select(r => ProjectRules.ListOrder(r.Featured, r.PublishedAt, r.CreatedAt)).Order(StringComparer.Ordinal));
    }
}
