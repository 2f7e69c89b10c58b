using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary><c>profiles:*</c> (FUNCTIONS.md §3.2) on the provider under test, through the function runtime.</summary>
public sealed class ProfilesTests : AccountTest
{
    private static object Page(int numItems = 20, string? cursor = null) => new { numItems, cursor };

    private static List<string> Usernames(JsonNode page) => [.. page["page"]!.AsArray().Select(p => Str(p!["username"]))];

    private static object Valid(object? socialLinks = null, string? visibility = null) => new
    {
        city = " Oaxaca ",
        country = "Mexico",
        countryCode = "MX",
        learningTracks = new[] { "ai", "crypto" },
        availabilityStatus = "open_to_offers",
        profileVisibility = visibility,
        socialLinks,
    };

    private async Task<User> Member(string username, ProfileVisibility visibility = ProfileVisibility.Public, AccountStatus status = AccountStatus.Active,
        Action<Profile>? change = null)
    {
        var user = await SaveUser(status, change: u => { u.Username = username; u.Bio = "Bio of " + username; });
        await Save(With(new Profile
        {
            UserId = user.Id, City = "Lima", Country = "Peru", CountryCode = "PE", LearningTracks = [LearningTrack.Ai], ProfileVisibility = visibility,
            GithubUsername = "gh-" + username.Replace('_', '-'), CompletedBounties = 3, TotalPulpaEarned = 12.5m,
        }, p => change?.Invoke(p)));
        return user;
    }

    // ---------------------------------------------------------------- upsertMine, getMine

    [Fact]
    public Task upsert_creates_then_changes_only_what_is_given_and_stores_social_links() => WithServer(async s =>
    {
        var me = await SaveUser(AccountStatus.Incomplete);
        (await Call(s, As(me), "profiles:getMine")).Ok().ShouldBeNull();

        var created = (await Call(s, As(me), "profiles:upsertMine", Valid(new { github = "ana-dev", twitter = "@ana_x", linkedin = "ana-l", telegram = "@ana_t" })))
            .Ok()!["profile"]!;

        Str(created["city"]).ShouldBe("Oaxaca");
        Str(created["profileVisibility"]).ShouldBe("public");
        Str(created["availabilityStatus"]).ShouldBe("open_to_offers");
        created["learningTracks"]!.AsArray().Select(Str).ShouldBe(["ai", "crypto"]);
        Str(created["githubUsername"]).ShouldBe("ana-dev");
        Str(created["twitterUsername"]).ShouldBe("ana_x");
        Str(created["linkedinUrl"]).ShouldBe("https://linkedin.com/in/ana-l");
        Str(created["telegramUsername"]).ShouldBe("ana_t");

        await using (var db = Database.Open())
        {
            await db.Profiles.Where(p => p.UserId == me.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.CompletedBounties, 4));
        }

        var changed = (await Call(s, As(me), "profiles:upsertMine", Valid(new { twitter = (string?)null }, "members"))).Ok()!["profile"]!;
        Str(changed["githubUsername"]).ShouldBe("ana-dev");
        changed["twitterUsername"].ShouldBeNull();
        Str(changed["profileVisibility"]).ShouldBe("members");
        changed["completedBounties"]!.GetValue<double>().ShouldBe(4);

        var again = (await Call(s, As(me), "profiles:upsertMine", Valid())).Ok()!["profile"]!;
        Str(again["profileVisibility"]).ShouldBe("members");
        Str(again["linkedinUrl"]).ShouldBe("https://linkedin.com/in/ana-l");
        Str((await Call(s, As(me), "profiles:getMine")).Ok()!["_id"]).ShouldBe(Str(created["_id"]));
        await using var check = Database.Open();
        (await check.Profiles.CountAsync(p => p.UserId == me.Id)).ShouldBe(1);
    });

    [Fact]
    public Task upsert_refuses_every_broken_field_at_once() => WithServer(async s =>
    {
        var me = await SaveUser();

        (await Call(s, As(me), "profiles:upsertMine", new
        {
            city = " ", country = "M", countryCode = "mx", learningTracks = new[] { "ai", "ai" }, availabilityStatus = "available",
            socialLinks = new { github = "-bad-", twitter = "no spaces", linkedin = "ftp://x", telegram = "@ok_handle" },
        })).FailsOnFields("city", "country", "countryCode", "learningTracks", "socialLinks.github", "socialLinks.twitter", "socialLinks.linkedin");
        (await Call(s, As(me), "profiles:upsertMine", new
        {
            city = "Lima", country = "Peru", countryCode = "PE", learningTracks = Array.Empty<string>(), availabilityStatus = "available",
        })).FailsOnFields("learningTracks");
        (await Call(s, As(me), "profiles:getMine")).Ok().ShouldBeNull();
    });

    // ---------------------------------------------------------------- getByUsername

    [Fact]
    public Task get_by_username_shows_details_per_visibility_and_members_see_members_profiles() => WithServer(async s =>
    {
        var pub = await Member("pub_user");
        var mem = await Member("mem_user", ProfileVisibility.Members);
        var prv = await Member("prv_user", ProfileVisibility.Private);
        var active = await SaveUser();
        var pending = await SaveUser(AccountStatus.Pending);
        var suspended = await SaveUser(AccountStatus.Suspended);
        var admin = await SaveUser(role: UserRole.Admin);

        async Task<bool> SeesDetails(Caller caller, string username)
        {
            var page = (await Call(s, caller, "profiles:getByUsername", new { username })).Ok()!;
            var all = page["meta"]!["canViewSocials"]!.GetValue<bool>();
            (page["profile"]!["city"] is not null).ShouldBe(all);
            (page["profile"]!["githubUsername"] is not null).ShouldBe(all);
            (page["profile"]!["totalPulpaEarned"] is not null).ShouldBe(all);
            page["meta"]!["canViewLocation"]!.GetValue<bool>().ShouldBe(all);
            Str(page["profile"]!["username"]).ShouldBe(username.ToLowerInvariant());
            return all;
        }

        (await SeesDetails(Caller.Anonymous, "PUB_USER")).ShouldBeTrue();
        (await SeesDetails(Caller.Anonymous, "mem_user")).ShouldBeFalse();
        (await SeesDetails(As(pending), "mem_user")).ShouldBeFalse();
        (await SeesDetails(As(suspended), "mem_user")).ShouldBeFalse();
        (await SeesDetails(As(active), "mem_user")).ShouldBeTrue(); // fix C31: legacy hid it from members too
        (await SeesDetails(As(active), "prv_user")).ShouldBeFalse();
        (await SeesDetails(As(prv), "prv_user")).ShouldBeTrue();
        (await SeesDetails(As(admin), "prv_user")).ShouldBeTrue();
        (await SeesDetails(Caller.Admin, "prv_user")).ShouldBeTrue();

        var own = (await Call(s, As(prv), "profiles:getByUsername", new { username = "prv_user" })).Ok()!["meta"]!;
        own["isOwner"]!.GetValue<bool>().ShouldBeTrue();
        own["isPrivate"]!.GetValue<bool>().ShouldBeTrue();
        (await Call(s, As(mem), "profiles:getByUsername", new { username = "pub_user" })).Ok()!["meta"]!["isOwner"]!.GetValue<bool>().ShouldBeFalse();
        pub.Id.ShouldNotBe(Guid.Empty);
    });

    [Fact]
    public Task get_by_username_finds_only_active_accounts_with_a_profile() => WithServer(async s =>
    {
        await Member("pending_one", status: AccountStatus.Pending);
        var closed = await Member("closed_one");
        await using (var db = Database.Open())
        {
            await db.Users.Where(u => u.Id == closed.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DeletedAt, Rows.At));
        }

        await SaveUser(change: u => u.Username = "no_profile");

        foreach (var username in new[] { "pending_one", "closed_one", "no_profile", "nobody_here" })
        {
            (await Call(s, Caller.Anonymous, "profiles:getByUsername", new { username })).Fails("NOT_FOUND");
        }
    });

    // ---------------------------------------------------------------- directory

    [Fact]
    public Task the_directory_lists_public_profiles_of_active_accounts_with_filters() => WithServer(async s =>
    {
        var ana = await Member("ana_fruta", change: p => { p.LearningTracks = [LearningTrack.Crypto, LearningTrack.Ai]; p.Country = "Mexico"; p.CountryCode = "MX"; });
        await Member("beto_mango", change: p => p.AvailabilityStatus = AvailabilityStatus.Unavailable);
        await Member("carla_kiwi", ProfileVisibility.Members);
        await Member("dora_pending", status: AccountStatus.Pending);
        await using (var db = Database.Open())
        {
            db.UserSkills.Add(new UserSkill { UserId = ana.Id, SkillId = SeedData.Skills.Single(k => k.Slug == "rust").Id, ProjectCount = 1 });
            await db.SaveChangesAsync();
        }

        async Task<List<string>> Dir(object args) => Usernames((await Call(s, Caller.Anonymous, "profiles:directory", args)).Ok()!);

        (await Dir(new { paginationOpts = Page() })).ShouldBe(["beto_mango", "ana_fruta"]);
        (await Dir(new { paginationOpts = Page(), search = "FRUT" })).ShouldBe(["ana_fruta"]);
        (await Dir(new { paginationOpts = Page(), search = "bio of beto" })).ShouldBe(["beto_mango"]);
        (await Dir(new { paginationOpts = Page(), track = "crypto" })).ShouldBe(["ana_fruta"]);
        (await Dir(new { paginationOpts = Page(), availability = "unavailable" })).ShouldBe(["beto_mango"]);
        (await Dir(new { paginationOpts = Page(), country = "Mexico" })).ShouldBe(["ana_fruta"]);
        (await Dir(new { paginationOpts = Page(), skillIds = new[] { SeedData.Skills.Single(k => k.Slug == "rust").Id, Guid.NewGuid() } })).ShouldBe(["ana_fruta"]);
        (await Call(s, Caller.Anonymous, "profiles:directory", new { paginationOpts = Page(), search = "a" })).FailsOnFields("search");
        (await Call(s, Caller.Anonymous, "profiles:directory", new { paginationOpts = Page(), skillIds = Enumerable.Range(0, 11).Select(_ => Guid.NewGuid()) }))
            .FailsOnFields("skillIds");

        var first = (await Call(s, Caller.Anonymous, "profiles:directory", new { paginationOpts = Page(1) })).Ok()!;
        Usernames(first).ShouldBe(["beto_mango"]);
        var entry = first["page"]![0]!.AsObject();
        entry.Select(p => p.Key).ShouldBe(
        [
            "_id", "userId", "username", "displayName", "bio", "avatarUrl", "city", "country", "countryCode", "learningTracks", "availabilityStatus",
            "completedBounties", "totalEarningsUsd", "totalPulpaEarned", "githubUsername", "twitterUsername", "linkedinUrl", "telegramUsername", "createdAt",
        ], ignoreOrder: true);
        Usernames((await Call(s, Caller.Anonymous, "profiles:directory", new { paginationOpts = Page(1, Str(first["continueCursor"])) })).Ok()!)
            .ShouldBe(["ana_fruta"]);
    });

    [Fact]
    public Task directory_countries_count_listed_profiles_per_country() => WithServer(async s =>
    {
        await Member("p_one", change: p => { p.Country = "Mexico"; p.CountryCode = "MX"; });
        await Member("p_two", change: p => { p.Country = "Mexico"; p.CountryCode = "MX"; });
        await Member("p_three");
        await Member("p_hidden", ProfileVisibility.Private, change: p => { p.Country = "Chile"; p.CountryCode = "CL"; });
        await Member("p_nocountry", change: p => { p.Country = null; p.CountryCode = null; });

        var countries = (await Call(s, Caller.Anonymous, "profiles:directoryCountries")).Ok()!["countries"]!.AsArray();
        countries.Select(c => (Str(c!["country"]), Str(c!["countryCode"]), c!["count"]!.GetValue<double>()))
            .ShouldBe([("Mexico", "MX", 2.0), ("Peru", "PE", 1.0)]);
        (await Call(s, Caller.Anonymous, "profiles:directoryCountries", new { limit = 1 })).Ok()!["countries"]!.AsArray().Count.ShouldBe(1);
        (await Call(s, Caller.Anonymous, "profiles:directoryCountries", new { limit = 301 })).FailsOnFields("limit");
    });
}
