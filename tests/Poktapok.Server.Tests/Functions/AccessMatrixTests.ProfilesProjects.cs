using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

// The rows of profiles:*, projects:* and skills:* (FUNCTIONS.md §3.2–3.4) and users:recomputeSkills (§5).
public sealed partial class AccessMatrixTests
{
    // Columns:                 Anonymous, NoRow,    Incomplete, Pending, Active, Suspended, Banned, Moderator, Admin, Closed, Operator

    // A change to someone else's (published) project: every caller that passes signedIn is refused as not the owner.

    private static object Paged => new { paginationOpts = new { numItems = 5, cursor = (string?)null } };

    private static Guid SkillId(string slug) => SeedData.Skills.Single(s => s.Slug == slug).Id;

    private static readonly MatrixRows s_profilesProjectsRows = new()
    {
        ["profiles:getMine"] = (_ => Task.FromResult<object>(new { }),
            [Unauth, NoAccount, Null, Null, Null, Null, Banned, Null, Null, Closed, Unauth]),
        ["profiles:upsertMine"] = (_ => Task.FromResult<object>(new
            {
                city = "Lima", country = "Peru", countryCode = "PE", learningTracks = new[] { "ai" }, availabilityStatus = "available",
            }),
            SignedInMutation),
        ["profiles:getByUsername"] = (async t => new { username = (await t.SaveListedMember()).Username }, Public),
        ["profiles:directory"] = (_ => Task.FromResult(Paged), Public),
        ["profiles:directoryCountries"] = (_ => Task.FromResult<object>(new { }), Public),
        ["projects:create"] = (_ => Task.FromResult<object>(new
            {
                title = "Fruit Market", description = "A marketplace for community fruit.", projectType = "personal",
                repositoryUrl = "https://github.com/example/fruit", skillIds = new[] { SkillId("rust") },
            }),
            SignedInMutation),
        ["projects:list"] = (_ => Task.FromResult(Paged), Public),
        ["projects:listMine"] = (_ => Task.FromResult(Paged), SignedInQuery),
        ["projects:get"] = (async t => new { projectId = (await t.SavePublishedProject()).Id }, Public),
        ["projects:update"] = (async t => new { projectId = (await t.SavePublishedProject()).Id, title = "Renamed project" }, OthersProject),
        ["projects:remove"] = (async t => new { projectId = (await t.SavePublishedProject()).Id }, OthersProject),
        ["projects:recordView"] = (async t => new { projectId = (await t.SavePublishedProject()).Id }, Public),
        ["projects:forgetViews"] = (_ => Task.FromResult<object>(new { }), Internal),
        ["projects:addSkill"] = (async t => new { projectId = (await t.SavePublishedProject()).Id, skillId = SkillId("go") }, OthersProject),
        ["projects:removeSkill"] = (async t => new { projectId = (await t.SavePublishedProject()).Id, skillId = SkillId("rust") }, OthersProject),
        ["skills:list"] = (_ => Task.FromResult<object>(new { }), Public),
        ["skills:getBySlug"] = (_ => Task.FromResult<object>(new { slug = "rust" }), Public),
        ["skills:listForUser"] = (async t => new { userId = (await t.SaveUser()).Id }, Public),
        ["skills:listForProject"] = (async t => new { projectId = (await t.SavePublishedProject()).Id }, Public),
        ["skills:recomputeUsage"] = (_ => Task.FromResult<object>(new { }), Internal),
        ["users:recomputeSkills"] = (_ => Task.FromResult<object>(new { }), Internal),
    };

    private async Task<User> SaveListedMember()
    {
        var user = await SaveUser();
        await Save(new Profile { UserId = user.Id, City = "Lima", Country = "Peru", CountryCode = "PE" });
        return user;
    }

    // A published project of another member with two skills (so that removing one is allowed for its owner).
    private async Task<Project> SavePublishedProject()
    {
        var owner = await SaveUser();
        var project = await Save(With(Rows.MinimalProject(owner.Id), p =>
        {
            p.ProjectStatus = ProjectStatus.Wip;
            p.PublishedAt = Rows.At;
        }));
        await Save(new ProjectSkill { ProjectId = project.Id, SkillId = SkillId("rust") });
        await Save(new ProjectSkill { ProjectId = project.Id, SkillId = SkillId("docker") });
        return project;
    }
}
