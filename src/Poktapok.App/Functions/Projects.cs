using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using static Poktapok.App.Functions.Users;

namespace Poktapok.App.Functions;

/// <summary>
/// Portfolio projects (FUNCTIONS.md §3.3): public and own lists, reads, the owner's edits, skill links and the
/// view counter. The field rules are in <see cref="ProjectRules"/> and checked here; every write keeps
/// <c>project_skills</c>, <c>skills.usageCount</c> and the owner's <c>user_skills</c> in step in its one
/// transaction (<see cref="Skills.ApplyProjectChangeAsync"/>, fix C9). Drafts are seen only by their owner and
/// admins, whatever the filters (fix S21). File uploads (<c>setLogo</c>, <c>addImages</c>, <c>removeImage</c>)
/// are in <c>Projects.Files.cs</c>, skill links in <c>Projects.Skills.cs</c>, the view counter in
/// <c>Projects.ViewCounts.cs</c> and the field checks in <c>Projects.Fields.cs</c>. Projects of closed accounts are
/// hidden like deleted ones.
/// </summary>
public static partial class Projects
{
    /// <summary>The largest page the paginated lists serve; a larger <c>numItems</c> is served as this many.</summary>
    public const int MaxPageSize = 100;

    // ---------------------------------------------------------------- views, arguments, results

    /// <summary>The <c>Project</c> view: the projects document, its skills (by name) and its owner's card.</summary>
    public sealed record ProjectView(
        [IdOf("projects")] Guid _id,
        DateTimeOffset _creationTime,
        Guid UserId,
        string Title,
        string Description,
        string? LiveUrl,
        string? RepositoryUrl,
        string? VideoUrl,
        string? LogoUrl,
        List<string>? ImageUrls,
        ProjectType ProjectType,
        ProjectStatus ProjectStatus,
        int DisplayOrder,
        bool Featured,
        int ViewCount,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        DateTimeOffset? PublishedAt,
        DateTimeOffset? DeletedAt,
        JsonObject Metadata,
        List<Skill> Skills,
        UserCard Owner)
    {
        /// <summary>The view of <paramref name="p"/>.</summary>
        public static ProjectView Of(Project p, List<Skill> skills, UserCard owner) => new(p.Id, p.CreatedAt, p.UserId, p.Title,
            p.Description, p.LiveUrl, p.RepositoryUrl, p.VideoUrl, p.LogoUrl, p.ImageUrls, p.ProjectType, p.ProjectStatus, p.DisplayOrder,
            p.Featured, p.ViewCount, p.CreatedAt, p.UpdatedAt, p.PublishedAt, p.DeletedAt, p.Metadata, skills, owner);
    }

    /// <summary>The arguments of <see cref="Create"/>: the project fields of §3.3.</summary>
    public sealed record CreateArgs(
        string Title,
        string Description,
        ProjectType ProjectType,
        List<Guid> SkillIds,
        string? LiveUrl = null,
        string? RepositoryUrl = null,
        string? VideoUrl = null,
        string? LogoUrl = null,
        List<string>? ImageUrls = null,
        ProjectStatus ProjectStatus = ProjectStatus.Draft);

    /// <summary>The arguments of <see cref="Update"/>: a partial update (absent = unchanged; null clears a nullable field).</summary>
    public sealed record UpdateArgs(
        Guid ProjectId,
        Optional<string> Title = default,
        Optional<string> Description = default,
        Optional<string?> LiveUrl = default,
        Optional<string?> RepositoryUrl = default,
        Optional<string?> VideoUrl = default,
        Optional<string?> LogoUrl = default,
        Optional<List<string>?> ImageUrls = default,
        Optional<ProjectType> ProjectType = default,
        Optional<ProjectStatus> ProjectStatus = default,
        Optional<List<Guid>> SkillIds = default);

    /// <summary>The arguments of <see cref="List"/>.</summary>
    public sealed record ListArgs(
        PaginationOptions PaginationOpts,
        Guid? UserId = null,
        ProjectStatus? Status = null,
        ProjectType? Type = null,
        bool? Featured = null);

    /// <summary>The arguments of <see cref="ListMine"/>.</summary>
    public sealed record ListMineArgs(PaginationOptions PaginationOpts, ProjectStatus? Status = null);

    /// <summary><c>{project}</c>.</summary>
    public sealed record ProjectResult(ProjectView Project);

    /// <summary>The result of <see cref="Get"/>: <c>{project, isOwner}</c>.</summary>
    public sealed record GetResult(ProjectView Project, bool IsOwner);

    /// <summary>The result of <see cref="Remove"/>: <c>{projectId}</c>.</summary>
    public sealed record RemoveResult(Guid ProjectId);

    // ---------------------------------------------------------------- queries

    /// <summary>
    /// Projects, a page at a time (public*), by <c>userId</c>, <c>status</c>, <c>type</c> and <c>featured</c>;
    /// featured first, then most recently published (never-published last), then newest; pages are projects,
    /// not project×skill rows (fix C10). Drafts go only to their owner and admins (fix S21): without
    /// <c>status</c> a list has no drafts unless it is one user's (<c>userId</c>) and the caller is that user or
    /// an admin; <c>status: "draft"</c> lists the caller's own drafts (an admin's: everyone's), so anyone else gets
    /// an empty page. The caller is read only when drafts could be listed, so public lists are shared.
    /// </summary>
    [Query]
    public static async Task<PaginationResult<ProjectView>> List(QueryContext ctx, ListArgs args)
    {
        var projects = Listed(ctx);
        if (args.UserId is { } userId)
        {
            projects = projects.Where(p => p.UserId == userId);
        }

        if (args.Type is { } type)
        {
            projects = projects.Where(p => p.ProjectType == type);
        }

        if (args.Featured is { } featured)
        {
            projects = projects.Where(p => p.Featured == featured);
        }

        if (args.Status is { } status and not ProjectStatus.Draft)
        {
            projects = projects.Where(p => p.ProjectStatus == status);
        }
        else if (args.Status is ProjectStatus.Draft || args.UserId is not null)
        {
            var (all, own) = await DraftScopeAsync(ctx);
            var draftsOf = all ? null : own;
            var showDrafts = all || (own is not null && (args.Status is ProjectStatus.Draft || args.UserId == own));
            projects = (args.Status, showDrafts) switch
            {
                (ProjectStatus.Draft, false) => projects.Where(p => false),
                (ProjectStatus.Draft, true) => projects.Where(p => p.ProjectStatus == ProjectStatus.Draft && (draftsOf == null || p.UserId == draftsOf)),
                (_, true) => projects,
                _ => projects.Where(p => p.ProjectStatus != ProjectStatus.Draft),
            };
        }
        else
        {
            projects = projects.Where(p => p.ProjectStatus != ProjectStatus.Draft);
        }

        return await PageOfViewsAsync(ctx, projects, args.PaginationOpts);
    }

    /// <summary>
    /// The caller's own projects, drafts included, a page at a time (signedIn; suspended accounts too), in the
    /// order of <see cref="List"/>, optionally of one <c>status</c>.
    /// </summary>
    [Query]
    public static async Task<PaginationResult<ProjectView>> ListMine(QueryContext ctx, ListMineArgs args)
    {
        var me = await Require.SignedInAsync(ctx);
        var projects = ctx.Db.Projects.Where(p => p.UserId == me.Id);
        if (args.Status is { } status)
        {
            projects = projects.Where(p => p.ProjectStatus == status);
        }

        return await PageOfViewsAsync(ctx, projects, args.PaginationOpts);
    }

    /// <summary>
    /// One project (public*) and whether the caller owns it. <c>NOT_FOUND</c> for a project that is missing,
    /// deleted, owned by a closed account, or a draft of someone else (admins see drafts). Never counts a view
    /// (fix C19): clients call <see cref="RecordView"/> once.
    /// </summary>
    [Query]
    public static async Task<GetResult> Get(QueryContext ctx, Guid projectId)
    {
        var project = await VisibleProjectAsync(ctx, projectId);
        var viewer = await ViewerAsync(ctx);
        return new GetResult(await ViewOfAsync(ctx, project), viewer?.Id == project.UserId);
    }

    // ---------------------------------------------------------------- mutations

    /// <summary>
    /// Creates a project of the caller (signedIn) with its skills, and returns <c>{project}</c>. Refuses with
    /// <c>INVALID_ARGUMENT</c> (every broken field at once) a title outside 5..100 or a description outside 20..280
    /// characters (trimmed), URLs that are not absolute http(s) ≤ 500, more than 5 image URLs, none of
    /// repository/video/live URL (field <c>urls</c>), and not 1..10 <c>skillIds</c>; then skills that repeat or do
    /// not exist with <c>INVALID_ARGUMENT INVALID_SKILLS</c>. <c>publishedAt</c> is set when the status is not
    /// <c>draft</c>. Each skill's <c>usageCount</c> goes up by one and the caller's <c>user_skills</c> are recounted.
    /// </summary>
    [Mutation]
    public static async Task<ProjectResult> Create(MutationContext ctx, CreateArgs args)
    {
        var me = await Require.SignedInAsync(ctx);
        var errors = new FieldErrors();
        var now = Instant(ctx.Now);
        var project = new Project
        {
            UserId = me.Id,
            Title = CheckTitle(errors, args.Title),
            Description = CheckDescription(errors, args.Description),
            LiveUrl = CheckUrl(errors, "liveUrl", args.LiveUrl),
            RepositoryUrl = CheckUrl(errors, "repositoryUrl", args.RepositoryUrl),
            VideoUrl = CheckUrl(errors, "videoUrl", args.VideoUrl),
            LogoUrl = CheckUrl(errors, "logoUrl", args.LogoUrl),
            ImageUrls = CheckImageUrls(errors, args.ImageUrls) ?? [],
            ProjectType = args.ProjectType,
            ProjectStatus = args.ProjectStatus,
            PublishedAt = ProjectRules.PublishedAt(null, args.ProjectStatus, now),
            CreatedAt = now,
            UpdatedAt = now,
        };
        CheckSkillCount(errors, args.SkillIds);
        CheckHasUrl(errors, project);
        errors.ThrowIfAny();
        await CheckSkillsExistAsync(ctx, args.SkillIds);

        ctx.Db.Projects.Add(project);
        foreach (var skillId in args.SkillIds)
        {
            ctx.Db.ProjectSkills.Add(new ProjectSkill { ProjectId = project.Id, SkillId = skillId, CreatedAt = now });
        }

        await Skills.ApplyProjectChangeAsync(ctx, me.Id, project.Id, [], args.SkillIds);
        return new ProjectResult(await ViewOfAsync(ctx, project, args.SkillIds));
    }

    /// <summary>
    /// Changes the given fields of one of the caller's projects (signedIn, owner) and returns <c>{project}</c>: a
    /// true partial update (fix C8), judged on the project as it would be (at least one of repository/video/live
    /// URL must remain). Refuses what <see cref="Create"/> refuses. <c>skillIds</c> replaces the skills: links
    /// are added and removed, <c>usageCount</c> follows (+1 gained, −1 lost) and the owner's <c>user_skills</c> are
    /// recounted, all or nothing (fix C9). The first status other than <c>draft</c> sets <c>publishedAt</c>
    /// (fix C8; also the legacy client's missing publish route, C18). <c>NOT_FOUND</c> for a missing or deleted
    /// project or someone else's draft; <c>FORBIDDEN NOT_OWNER</c> for someone else's project. A stored logo or image
    /// the new <c>logoUrl</c>/<c>imageUrls</c> drop is deleted; a file URL of this server not already attached here
    /// is refused (<c>INVALID_ARGUMENT INVALID_FILE</c>: attach uploads with <see cref="SetLogo"/>/<see cref="AddImages"/>).
    /// </summary>
    [Mutation]
    public static async Task<ProjectResult> Update(MutationContext ctx, UpdateArgs args)
    {
        var (_, project) = await OwnProjectAsync(ctx, args.ProjectId);
        var (oldLogo, oldImages) = (project.LogoUrl, project.ImageUrls?.ToList() ?? []);
        var errors = new FieldErrors();
        var now = Instant(ctx.Now);
        project.Title = args.Title.HasValue ? CheckTitle(errors, args.Title.Value) : project.Title;
        project.Description = args.Description.HasValue ? CheckDescription(errors, args.Description.Value) : project.Description;
        project.LiveUrl = args.LiveUrl.HasValue ? CheckUrl(errors, "liveUrl", args.LiveUrl.Value) : project.LiveUrl;
        project.RepositoryUrl = args.RepositoryUrl.HasValue ? CheckUrl(errors, "repositoryUrl", args.RepositoryUrl.Value) : project.RepositoryUrl;
        project.VideoUrl = args.VideoUrl.HasValue ? CheckUrl(errors, "videoUrl", args.VideoUrl.Value) : project.VideoUrl;
        project.LogoUrl = args.LogoUrl.HasValue ? CheckUrl(errors, "logoUrl", args.LogoUrl.Value) : project.LogoUrl;
        project.ImageUrls = args.ImageUrls.HasValue ? CheckImageUrls(errors, args.ImageUrls.Value) : project.ImageUrls;
        project.ProjectType = args.ProjectType.Or(project.ProjectType);
        project.ProjectStatus = args.ProjectStatus.Or(project.ProjectStatus);
        project.PublishedAt = ProjectRules.PublishedAt(project.PublishedAt, project.ProjectStatus, now);
        if (args.SkillIds.HasValue)
        {
            CheckSkillCount(errors, args.SkillIds.Value);
        }

        CheckHasUrl(errors, project);
        errors.ThrowIfAny();
        await ReconcileFileUrlsAsync(ctx, project, oldLogo, oldImages);
        if (args.SkillIds.HasValue)
        {
            await CheckSkillsExistAsync(ctx, args.SkillIds.Value);
            var links = await ctx.Db.ProjectSkills.Where(l => l.ProjectId == project.Id).ToListAsync();
            var wanted = args.SkillIds.Value.ToHashSet();
            var current = links.Select(l => l.SkillId).ToList();
            foreach (var link in links.Where(l => !wanted.Contains(l.SkillId)))
            {
                ctx.Db.ProjectSkills.Remove(link);
            }

            foreach (var skillId in args.SkillIds.Value.Except(current))
            {
                ctx.Db.ProjectSkills.Add(new ProjectSkill { ProjectId = project.Id, SkillId = skillId, CreatedAt = now });
            }

            if (!wanted.SetEquals(current))
            {
                project.UpdatedAt = now;
                await Skills.ApplyProjectChangeAsync(ctx, project.UserId, project.Id, current, [.. wanted]);
            }
        }

        return new ProjectResult(await ViewOfAsync(ctx, project, args.SkillIds.HasValue ? args.SkillIds.Value : null));
    }

    /// <summary>
    /// Deletes one of the caller's projects (signedIn, owner): soft delete (<c>deletedAt</c>), links and stored
    /// images kept; each of its skills' <c>usageCount</c> goes down by one (floor 0) and the owner's
    /// <c>user_skills</c> are recounted without it (fix C9). Errors as <see cref="Update"/>.
    /// </summary>
    [Mutation]
    public static async Task<RemoveResult> Remove(MutationContext ctx, Guid projectId)
    {
        var (_, project) = await OwnProjectAsync(ctx, projectId);
        var skills = await ctx.Db.ProjectSkills.Where(l => l.ProjectId == project.Id).Select(l => l.SkillId).ToListAsync();
        project.DeletedAt = Instant(ctx.Now);
        await Skills.ApplyProjectChangeAsync(ctx, project.UserId, project.Id, skills, []);
        return new RemoveResult(project.Id);
    }

    // ---------------------------------------------------------------- access (shared with Projects.Files.cs and Skills)

    /// <summary>
    /// The signedIn caller and one of their projects, for writes: <c>NOT_FOUND</c> when the project is missing,
    /// deleted, or someone else's draft; <c>FORBIDDEN NOT_OWNER</c> when it is someone else's.
    /// </summary>
    internal static async Task<(User Me, Project Project)> OwnProjectAsync(MutationContext ctx, Guid projectId)
    {
        var me = await Require.SignedInAsync(ctx);
        var project = await ctx.Db.Projects.SingleOrDefaultAsync(p => p.Id == projectId) ?? throw ProjectNotFound();
        if (project.UserId != me.Id)
        {
            throw project.ProjectStatus == ProjectStatus.Draft
                ? ProjectNotFound()
                : AppErrors.Forbidden(Reasons.NotOwner, "Only the project's owner can change it.");
        }

        return (me, project);
    }

    /// <summary>
    /// A project the caller may see: not deleted, of an account that is not closed, and not a draft unless the
    /// caller is its owner or an admin (the caller is read only for drafts); else <c>NOT_FOUND</c>.
    /// </summary>
    internal static async Task<Project> VisibleProjectAsync(QueryContext ctx, Guid projectId)
    {
        var project = await Listed(ctx).SingleOrDefaultAsync(p => p.Id == projectId);
        if (project is null || (project.ProjectStatus == ProjectStatus.Draft && !await SeesDraftsOfAsync(ctx, project.UserId)))
        {
            throw ProjectNotFound();
        }

        return project;
    }

    /// <summary>Whether the caller is an active admin (not suspended, banned or closed) or the operator.</summary>
    internal static async Task<bool> IsAdminAsync(QueryContext ctx) =>
        ctx.Caller is { IsAdmin: true, Identity: null }
        || await ViewerAsync(ctx) is { Role: UserRole.Admin, AccountStatus: AccountStatus.Active };

    // The caller's account for reading their own data: closed and banned accounts are served as anonymous;
    // suspended ones keep read access to their own (FUNCTIONS.md §2).
    private static async Task<User?> ViewerAsync(QueryContext ctx) =>
        ctx.Auth is { } identity && await Require.FindAccountAsync(ctx, identity) is { DeletedAt: null } user
                                 && user.AccountStatus != AccountStatus.Banned
            ? user
            : null;

    private static async Task<bool> SeesDraftsOfAsync(QueryContext ctx, Guid ownerId) =>
        await DraftScopeAsync(ctx) is var (all, own) && (all || own == ownerId);

    // Whose drafts the caller sees: everyone's (admins, the operator), their own, or none (signed out).
    private static async Task<(bool All, Guid? Own)> DraftScopeAsync(QueryContext ctx)
    {
        if (ctx.Caller is { IsAdmin: true, Identity: null })
        {
            return (true, null);
        }

        var viewer = await ViewerAsync(ctx);
        return (viewer is { Role: UserRole.Admin, AccountStatus: AccountStatus.Active }, viewer?.Id);
    }

    // Non-deleted projects (the query filter) of accounts that are not closed.
    private static IQueryable<Project> Listed(QueryContext ctx) =>
        ctx.Db.Projects.Where(p => ctx.Db.Users.Any(u => u.Id == p.UserId));

    private static ConvexError ProjectNotFound() => AppErrors.NotFound("No such project.");

    // ---------------------------------------------------------------- views

    private static async Task<PaginationResult<ProjectView>> PageOfViewsAsync(QueryContext ctx, IQueryable<Project> projects,
        PaginationOptions options)
    {
        var capped = options.NumItems > MaxPageSize ? options with { NumItems = MaxPageSize } : options;
        var page = await projects.PaginateAsync(ctx, capped, p => p.ListOrder, descending: true);
        var views = await ViewsOfAsync(ctx, page.Page);
        return page.Map(p => views[p.Id]);
    }

    // The views of some projects: their skills and owners in one statement each.
    private static async Task<Dictionary<Guid, ProjectView>> ViewsOfAsync(QueryContext ctx, IReadOnlyList<Project> projects)
    {
        if (projects.Count == 0)
        {
            return [];
        }

        var ids = projects.Select(p => p.Id).ToList();
        var ownerIds = projects.Select(p => p.UserId).Distinct().ToList();
        var skills = await Skills.OfProjectsAsync(ctx, ids);
        var owners = await ctx.Db.Users.IgnoreQueryFilters().Where(u => ownerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id);
        return projects.ToDictionary(p => p.Id, p => ProjectView.Of(p, skills.GetValueOrDefault(p.Id) ?? [], UserCard.Of(owners[p.UserId])));
    }

    /// <summary>
    /// The view of one project. In a mutation that just changed its links, <paramref name="skillIds"/> gives them
    /// (the links are not saved yet, so they cannot be read back).
    /// </summary>
    internal static async Task<ProjectView> ViewOfAsync(QueryContext ctx, Project project, IReadOnlyCollection<Guid>? skillIds = null)
    {
        if (skillIds is null)
        {
            return (await ViewsOfAsync(ctx, [project]))[project.Id];
        }

        // Tracked skills (their counters already changed in this mutation) come back as they are now.
        var skills = await ctx.Db.Skills.Where(s => skillIds.Contains(s.Id)).OrderBy(s => s.Name).ThenBy(s => s.Id).ToListAsync();
        var owner = await ctx.Db.Users.IgnoreQueryFilters().SingleAsync(u => u.Id == project.UserId);
        return ProjectView.Of(project, skills, UserCard.Of(owner));
    }
}
