using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

// The rows of profiles:*, projects:* and skills:* (FUNCTIONS.md §3.2–3.4) and users:recomputeSkills (§5).
public sealed partial class AccessMatrixTests
{
    // Columns:                 Anonymous, NoRow,    Incomplete, Pending, Active, Suspended, Banned, Moderator, Admin, Closed, Operator
    private static readonly string[] s_public = [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok];
    private static readonly string[] s_signedInWrite = [Unauth, NoAccount, Ok, Ok, Ok, Suspended, Banned, Ok, Ok, Closed, Unauth];
    private static readonly string[] s_signedInRead = [Unauth, NoAccount, Ok, Ok, Ok, Ok, Banned, Ok, Ok, Closed, Unauth];
    private static readonly string[] s_internal = [Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Ok];

    // A change to someone else's (published) project: every caller that passes signedIn is refused as not the owner.
    private const string NotOwner = "FORBIDDEN NOT_OWNER";
    private static readonly string[] s_othersProject = [Unauth, NoAccount, NotOwner, NotOwner, NotOwner, Suspended, Banned, NotOwner, NotOwner, Closed, Unauth];

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
            s_signedInWrite),
        ["profiles:getByUsername"] = (async t => new { username = (await t.SaveListedMember()).Username }, s_public),
        ["profiles:directory"] = (_ => Task.FromResult(Paged), s_public),
        ["profiles:directoryCountries"] = (_ => Task.FromResult<object>(new { }), s_public),
        ["projects:create"] = (_ => Task.FromResult<object>(new
            {
                title = "Fruit Market", description = "A marketplace for community fruit.", projectType = "personal",
                repositoryUrl = "https://github.com/example/fruit", skillIds = new[] { SkillId("rust") },
            }),
            s_signedInWrite),
        ["projects:list"] = (_ => Task.FromResult(Paged), s_public),
        ["projects:listMine"] = (_ => Task.FromResult(Paged), s_signedInRead),
        ["projects:get"] = (async t => new { projectId = (await t.SavePublishedProject()).Id }, s_public),
        ["projects:update"] = (async t => new { projectId = (await t.SavePublishedProject()).Id, title = "Renamed project" }, s_othersProject),
        ["projects:remove"] = (async t => new { projectId = (await t.SavePublishedProject()).Id }, s_othersProject),
        ["projects:recordView"] = (async t => new { projectId = (await t.SavePublishedProject()).Id }, s_public),
        ["projects:addSkill"] = (async t => new { projectId = (await t.SavePublishedProject()).Id, skillId = SkillId("go") }, s_othersProject),
        ["projects:removeSkill"] = (async t => new { projectId = (await t.SavePublishedProject()).Id, skillId = SkillId("rust") }, s_othersProject),
        ["skills:list"] = (_ => Task.FromResult<object>(new { }), s_public),
        ["skills:getBySlug"] = (_ => Task.FromResult<object>(new { slug = "rust" }), s_public),
        ["skills:listForUser"] = (async t => new { userId = (await t.SaveUser()).Id }, s_public),
        ["skills:listForProject"] = (async t => new { projectId = (await t.SavePublishedProject()).Id }, s_public),
        ["skills:recomputeUsage"] = (_ => Task.FromResult<object>(new { }), s_internal),
        ["users:recomputeSkills"] = (_ => Task.FromResult<object>(new { }), s_internal),
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
