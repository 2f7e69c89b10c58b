using System.Security.Cryptography;
using System.Text;
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
/// are in <c>Projects.Files.cs</c>. Projects of closed accounts are hidden like deleted ones.
/// </summary>
public static partial class Projects
{
    /// <summary>The largest page the paginated lists serve; a larger <c>numItems</c> is served as this many.</summary>
    public const int MaxPageSize = 100;

    /// <summary><c>recordView</c> counts one viewer at most once per project in this window.</summary>
    public static readonly TimeSpan ViewWindow = TimeSpan.FromMinutes(30);

    /// <summary>The viewer key of a signed-out call that came from no connection (server code).</summary>
    public const string AnonymousViewer = "anonymous";

    /// <summary>How many stale view marks <see cref="ForgetViews"/> deletes per transaction.</summary>
    public const int ForgetBatchSize = 1000;

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

    /// <summary>The result of <see cref="RecordView"/>: whether this call counted a view.</summary>
    public sealed record ViewResult(bool Counted);

    /// <summary>The result of <see cref="ForgetViews"/>: how many marks went, and whether more are left for the next batch.</summary>
    public sealed record ForgetResult(int Deleted, bool More);

    /// <summary>The result of <see cref="AddSkill"/>: the new link.</summary>
    public sealed record SkillLink(Guid ProjectId, Guid SkillId, DateTimeOffset CreatedAt);

    /// <summary>The result of <see cref="RemoveSkill"/>.</summary>
    public sealed record SkillUnlink(Guid ProjectId, Guid SkillId);

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

    /// <summary>
    /// Counts a view of a project (public), at most once per viewer and project in <see cref="ViewWindow"/>
    /// (30 minutes; beyond that the call is accepted and ignored: <c>{counted: false}</c>). A signed-in viewer is
    /// told apart by their token identity, a signed-out one by their connection (one sync WebSocket, or one address
    /// over HTTP). The owner's views are never counted. <c>NOT_FOUND</c> as <see cref="Get"/>. The last counted view
    /// of each viewer is kept in <c>project_viewers</c> until <see cref="ForgetViews"/> drops it after the window.
    /// </summary>
    [Mutation]
    public static async Task<ViewResult> RecordView(MutationContext ctx, Guid projectId)
    {
        var project = await VisibleProjectAsync(ctx, projectId);
        var identity = ctx.Auth;
        if (identity is not null && await Require.FindAccountAsync(ctx, identity) is { } viewer && viewer.Id == project.UserId)
        {
            return new ViewResult(false);
        }

        var key = identity is not null ? ViewerKey(identity)
            : ctx.Caller.Connection is { } connection ? ConnectionKey(connection)
            : AnonymousViewer;
        var now = Instant(ctx.Now);
        var mark = await ctx.Db.ProjectViewers.SingleOrDefaultAsync(v => v.ProjectId == project.Id && v.ViewerKey == key);
        if (mark is not null && mark.LastCountedAt > now - ViewWindow)
        {
            return new ViewResult(false);
        }

        if (mark is null)
        {
            ctx.Db.ProjectViewers.Add(new ProjectViewer { ProjectId = project.Id, ViewerKey = key, CreatedAt = now, LastCountedAt = now });
        }
        else
        {
            mark.LastCountedAt = now;
        }

        project.ViewCount++;
        return new ViewResult(true);
    }

    /// <summary>
    /// Deletes the view marks older than <see cref="ViewWindow"/> (internal; the hourly cron), up to
    /// <see cref="ForgetBatchSize"/> per transaction; a backlog schedules the next batch at once. A mark past the
    /// window no longer stops a view from counting, so this changes no count; it keeps <c>project_viewers</c> to the
    /// last half hour's viewers (signed-out ones make a mark per connection).
    /// </summary>
    [InternalMutation]
    public static async Task<ForgetResult> ForgetViews(MutationContext ctx)
    {
        var before = Instant(ctx.Now) - ViewWindow;
        var stale = await ctx.Db.ProjectViewers
            .Where(v => v.LastCountedAt <= before)
            .OrderBy(v => v.LastCountedAt).ThenBy(v => v.Id)
            .Take(ForgetBatchSize + 1)
            .ToListAsync();
        ctx.Db.ProjectViewers.RemoveRange(stale.Take(ForgetBatchSize));
        var more = stale.Count > ForgetBatchSize;
        if (more)
        {
            ctx.Scheduler.RunAfter(TimeSpan.Zero, ForgetViews);
        }

        return new ForgetResult(Math.Min(stale.Count, ForgetBatchSize), more);
    }

    /// <summary>
    /// Links a skill to one of the caller's projects (signedIn, owner): <c>NOT_FOUND</c> for no such skill,
    /// <c>CONFLICT ALREADY_LINKED</c> when linked, <c>INVALID_ARGUMENT</c> (field <c>skillId</c>) when the project
    /// has 10 skills already; the skill's <c>usageCount</c> goes up and the owner's <c>user_skills</c> follow.
    /// Project errors as <see cref="Update"/>.
    /// </summary>
    [Mutation]
    public static async Task<SkillLink> AddSkill(MutationContext ctx, Guid projectId, Guid skillId)
    {
        var (_, project) = await OwnProjectAsync(ctx, projectId);
        if (!await ctx.Db.Skills.AnyAsync(s => s.Id == skillId))
        {
            throw AppErrors.NotFound("No such skill.");
        }

        var current = await ctx.Db.ProjectSkills.Where(l => l.ProjectId == project.Id).Select(l => l.SkillId).ToListAsync();
        if (current.Contains(skillId))
        {
            throw AppErrors.Conflict(Reasons.AlreadyLinked, "The skill is already linked to this project.");
        }

        if (current.Count >= ProjectRules.MaxSkills)
        {
            throw new ArgumentContentException("skillId", $"a project has at most {ProjectRules.MaxSkills} skills");
        }

        var now = Instant(ctx.Now);
        var link = new ProjectSkill { ProjectId = project.Id, SkillId = skillId, CreatedAt = now };
        ctx.Db.ProjectSkills.Add(link);
        project.UpdatedAt = now;
        await Skills.ApplyProjectChangeAsync(ctx, project.UserId, project.Id, current, [.. current, skillId]);
        return new SkillLink(project.Id, skillId, now);
    }

    /// <summary>
    /// Unlinks a skill from one of the caller's projects (signedIn, owner): <c>NOT_FOUND</c> when not linked,
    /// <c>FAILED_PRECONDITION INVALID_STATUS</c> for the project's last skill (a project keeps at least one); the
    /// skill's <c>usageCount</c> goes down (floor 0) and the owner's <c>user_skills</c> follow. Project errors as
    /// <see cref="Update"/>.
    /// </summary>
    [Mutation]
    public static async Task<SkillUnlink> RemoveSkill(MutationContext ctx, Guid projectId, Guid skillId)
    {
        var (_, project) = await OwnProjectAsync(ctx, projectId);
        var links = await ctx.Db.ProjectSkills.Where(l => l.ProjectId == project.Id).ToListAsync();
        var link = links.SingleOrDefault(l => l.SkillId == skillId) ?? throw AppErrors.NotFound("The skill is not linked to this project.");
        if (links.Count == 1)
        {
            throw AppErrors.FailedPrecondition(Reasons.InvalidStatus, "A project keeps at least one skill.");
        }

        ctx.Db.ProjectSkills.Remove(link);
        project.UpdatedAt = Instant(ctx.Now);
        var current = links.Select(l => l.SkillId).ToList();
        await Skills.ApplyProjectChangeAsync(ctx, project.UserId, project.Id, current, [.. current.Where(s => s != skillId)]);
        return new SkillUnlink(project.Id, skillId);
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

    // A signed-in viewer's key: a digest of the token identity (issuer|subject), so keys have one length.
    private static string ViewerKey(Identity identity) =>
        "identity:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity.TokenIdentifier)));

    // A signed-out viewer's key: a digest of the connection (no client address is stored as such).
    private static string ConnectionKey(string connection) =>
        "connection:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(connection)));

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

    // ---------------------------------------------------------------- field rules

    private static string CheckTitle(FieldErrors errors, string value) =>
        CheckLength(errors, "title", value, ProjectRules.TitleMin, ProjectRules.TitleMax);

    private static string CheckDescription(FieldErrors errors, string value) =>
        CheckLength(errors, "description", value, ProjectRules.DescriptionMin, ProjectRules.DescriptionMax);

    private static string CheckLength(FieldErrors errors, string field, string value, int min, int max)
    {
        var text = value.Trim();
        if (text.Length < min || text.Length > max)
        {
            errors.Add(field, $"must be {min} to {max} characters");
        }

        return text;
    }

    private static string? CheckUrl(FieldErrors errors, string field, string? value)
    {
        var url = FieldErrors.Clean(value);
        if (url is not null && !IsHttpUrl(url))
        {
            errors.Add(field, $"must be an absolute http(s) URL of at most {ProjectRules.UrlMax} characters");
        }

        return url;
    }

    private static List<string>? CheckImageUrls(FieldErrors errors, List<string>? values)
    {
        if (values is null)
        {
            return null;
        }

        if (values.Count > ProjectRules.MaxImages)
        {
            errors.Add("imageUrls", $"must have at most {ProjectRules.MaxImages} URLs");
        }

        var urls = values.Select(v => v.Trim()).ToList();
        for (var i = 0; i < urls.Count; i++)
        {
            if (!IsHttpUrl(urls[i]))
            {
                errors.Add($"imageUrls[{i}]", $"must be an absolute http(s) URL of at most {ProjectRules.UrlMax} characters");
            }
        }

        return urls;
    }

    private static bool IsHttpUrl(string url) =>
        url.Length <= ProjectRules.UrlMax
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Host.Length > 0
        && url.StartsWith(uri.Scheme + "://", StringComparison.Ordinal); // the database's CHECK is case-sensitive

    private static void CheckHasUrl(FieldErrors errors, Project project)
    {
        if (project.RepositoryUrl is null && project.VideoUrl is null && project.LiveUrl is null)
        {
            errors.Add("urls", "at least one URL (repository, video or live demo) is required");
        }
    }

    private static void CheckSkillCount(FieldErrors errors, List<Guid> skillIds)
    {
        if (skillIds.Count is 0 or > ProjectRules.MaxSkills)
        {
            errors.Add("skillIds", $"must have 1 to {ProjectRules.MaxSkills} skills");
        }
    }

    private static async Task CheckSkillsExistAsync(MutationContext ctx, List<Guid> skillIds)
    {
        var distinct = skillIds.Distinct().ToList();
        var found = await ctx.Db.Skills.CountAsync(s => distinct.Contains(s.Id));
        if (distinct.Count != skillIds.Count || found != distinct.Count)
        {
            throw AppErrors.Error(AppErrorCodes.InvalidArgument, "Some skills do not exist or are repeated.", Reasons.InvalidSkills,
                new { fields = new { skillIds = "must be distinct ids of existing skills" } });
        }
    }
}
