using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;

namespace Poktapok.App.Functions;

/// <summary>
/// The skills taxonomy (FUNCTIONS.md §3.4): public reads of the seeded skills, of the skills a user has earned
/// through projects and of a project's skills; and the one place the skill counters are kept (LEGACY.md §4.7):
/// <list type="bullet">
/// <item><c>skills.usageCount</c>: +1 per project link and −1 per unlink (never below 0), also when a project's
/// skills are replaced and when a project is deleted (fix C9): the links of non-deleted projects;</item>
/// <item><c>user_skills</c>: per user and skill, the number of that user's non-deleted projects using the skill;
/// a row with no project left is removed.</item>
/// </list>
/// Every project write calls <see cref="ApplyProjectChangeAsync"/> in its own transaction, so the counters never
/// drift; <see cref="RecomputeUsage"/> and <c>users:recomputeSkills</c> repair counters that came drifted from
/// the legacy database.
/// </summary>
public static partial class Skills
{
    /// <summary>How many skills <see cref="RecomputeUsage"/> recounts in one transaction.</summary>
    public const int RecomputeBatchSize = 200;

    // ---------------------------------------------------------------- results

    /// <summary>The result of <see cref="List"/> and <see cref="ListForProject"/>: the skills and how many there are.</summary>
    public sealed record SkillList(List<Skill> Skills, int Total);

    /// <summary>A skill a user has (a <c>user_skills</c> row with its skill).</summary>
    public sealed record UserSkillEntry([IdOf("user_skills")] Guid _id, Guid SkillId, int ProjectCount, ProficiencyLevel ProficiencyLevel, DateTimeOffset CreatedAt, Skill Skill);

    /// <summary>The result of <see cref="ListForUser"/>: at most <c>limit</c> skills, and how many the user has.</summary>
    public sealed record UserSkillList(List<UserSkillEntry> Skills, int Total);

    /// <summary>The result of the counter repairs: rows looked at, rows changed, and whether another batch is due (scheduled at once).</summary>
    public sealed record RecomputeResult(int Scanned, int Updated, bool More);

    // ---------------------------------------------------------------- queries

    /// <summary>
    /// Skills (public), most used first, then by name: filtered by <c>category</c> and by <c>search</c> (a
    /// case-insensitive substring of the name, 1..50 characters), at most <c>limit</c> (1..100, default 100).
    /// <c>total</c> counts the filtered set; no match is an empty list (fix C11). Does not read the caller.
    /// </summary>
    [Query]
    public static async Task<SkillList> List(QueryContext ctx, SkillCategory? category = null, [Length(1, 50)] string? search = null,
        [Range(1, 100)] int limit = 100)
    {
        var skills = ctx.Db.Skills.AsQueryable();
        if (category is { } wanted)
        {
            skills = skills.Where(s => s.Category == wanted);
        }

        if (FieldErrors.Clean(search)?.ToLowerInvariant() is { } term)
        {
            skills = skills.Where(s => s.Name.ToLower().Contains(term));
        }

        var page = await skills.OrderByDescending(s => s.UsageCount).ThenBy(s => s.Name).Take(limit).ToListAsync();
        return new SkillList(page, page.Count < limit ? page.Count : await skills.CountAsync());
    }

    /// <summary>The skill with this slug (public, trimmed, ignoring case), or null. Over 50 characters is <c>INVALID_ARGUMENT</c>.</summary>
    [Query]
    public static Task<Skill?> GetBySlug(QueryContext ctx, [MaxLength(50)] string slug)
    {
        var wanted = slug.Trim().ToLowerInvariant();
        return ctx.Db.Skills.SingleOrDefaultAsync(s => s.Slug == wanted);
    }

    /// <summary>
    /// The skills a user earned through projects (public), most projects first, then by skill name; at most
    /// <c>limit</c> (1..100, default 50), with <c>total</c> = all of them. A user that does not exist, is closed or
    /// is not active has none, except for an active admin or the operator (the caller is read only then).
    /// </summary>
    [Query]
    public static async Task<UserSkillList> ListForUser(QueryContext ctx, Guid userId, [Range(1, 100)] int limit = 50)
    {
        var user = await ctx.Db.Users.IgnoreQueryFilters().SingleOrDefaultAsync(u => u.Id == userId);
        if (user is null || ((user.DeletedAt is not null || user.AccountStatus != AccountStatus.Active) && !await Projects.IsAdminAsync(ctx)))
        {
            return new UserSkillList([], 0);
        }

        var rows = await (
                from owned in ctx.Db.UserSkills
                where owned.UserId == userId
                join skill in ctx.Db.Skills on owned.SkillId equals skill.Id
                orderby owned.ProjectCount descending, skill.Name, skill.Id
                select new { owned, skill })
            .Take(limit)
            .ToListAsync();
        var total = rows.Count < limit ? rows.Count : await ctx.Db.UserSkills.CountAsync(s => s.UserId == userId);
        return new UserSkillList(
            [.. rows.Select(r => new UserSkillEntry(r.owned.Id, r.skill.Id, r.owned.ProjectCount, r.owned.ProficiencyLevel, r.owned.CreatedAt, r.skill))],
            total);
    }

    /// <summary>
    /// A project's skills (public*), by name: <c>NOT_FOUND</c> for a project that is missing, deleted, owned by a
    /// closed account, or a draft the caller may not see (only its owner and admins; the caller is read only for
    /// drafts). At most <see cref="ProjectRules.MaxSkills"/> by the project rules, so no limit is taken.
    /// </summary>
    [Query]
    public static async Task<SkillList> ListForProject(QueryContext ctx, Guid projectId)
    {
        var project = await Projects.VisibleProjectAsync(ctx, projectId);
        var skills = await OfProjectsAsync(ctx, [project.Id]);
        var list = skills.TryGetValue(project.Id, out var found) ? found : [];
        return new SkillList(list, list.Count);
    }

    // ---------------------------------------------------------------- counter repair

    /// <summary>
    /// Recounts <c>usageCount</c> of up to <see cref="RecomputeBatchSize"/> skills after <c>afterSkillId</c> (by id)
    /// from the links of non-deleted projects (internal: dashboard, CLI, after an import). When more skills remain,
    /// the next batch is scheduled at once.
    /// </summary>
    [InternalMutation]
    public static async Task<RecomputeResult> RecomputeUsage(MutationContext ctx, Guid? afterSkillId = null)
    {
        var batch = await ctx.Db.Skills
            .Where(s => afterSkillId == null || s.Id.CompareTo(afterSkillId.Value) > 0)
            .OrderBy(s => s.Id)
            .Take(RecomputeBatchSize + 1)
            .ToListAsync();
        var more = batch.Count > RecomputeBatchSize;
        batch = batch.Take(RecomputeBatchSize).ToList();
        var ids = batch.Select(s => s.Id).ToList();
        var counts = await ctx.Db.ProjectSkills
            .Where(link => ids.Contains(link.SkillId) && ctx.Db.Projects.Any(p => p.Id == link.ProjectId))
            .GroupBy(link => link.SkillId)
            .Select(g => new { SkillId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(c => c.SkillId, c => c.Count);

        var updated = 0;
        foreach (var skill in batch)
        {
            var count = counts.GetValueOrDefault(skill.Id);
            if (skill.UsageCount != count)
            {
                skill.UsageCount = count;
                updated++;
            }
        }

        if (more)
        {
            ctx.Scheduler.RunAfter(TimeSpan.Zero, RecomputeUsage, new { afterSkillId = batch[^1].Id });
        }

        return new RecomputeResult(batch.Count, updated, more);
    }

    // ---------------------------------------------------------------- the counters (used by projects)

    /// <summary>
    /// Keeps the counters in step with a change to what one project counts for: <paramref name="before"/> are
    /// the skills it counted for before the change (none when it is new), <paramref name="after"/> those it counts
    /// for after it (none when it is being deleted). Each skill gained gets <c>usageCount</c> +1 and each skill
    /// lost −1 (floor 0); the owner's <c>user_skills</c> rows of those skills are recounted exactly, from the
    /// owner's other non-deleted projects plus this one's new state (the change itself is not saved yet).
    /// </summary>
    internal static async Task ApplyProjectChangeAsync(MutationContext ctx, Guid ownerId, Guid projectId,
        IReadOnlyCollection<Guid> before, IReadOnlyCollection<Guid> after)
    {
        var gained = after.Except(before).ToHashSet();
        var changed = gained.Concat(before.Except(after)).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        foreach (var skill in await ctx.Db.Skills.Where(s => changed.Contains(s.Id)).ToListAsync())
        {
            skill.UsageCount = gained.Contains(skill.Id) ? skill.UsageCount + 1 : Math.Max(0, skill.UsageCount - 1);
        }

        var elsewhere = await ctx.Db.ProjectSkills
            .Where(link => changed.Contains(link.SkillId) && link.ProjectId != projectId
                           && ctx.Db.Projects.Any(p => p.Id == link.ProjectId && p.UserId == ownerId))
            .GroupBy(link => link.SkillId)
            .Select(g => new { SkillId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(c => c.SkillId, c => c.Count);
        var rows = await ctx.Db.UserSkills.Where(s => s.UserId == ownerId && changed.Contains(s.SkillId)).ToDictionaryAsync(s => s.SkillId);
        var now = Users.Instant(ctx.Now);
        foreach (var skillId in changed)
        {
            SetUserSkill(ctx, ownerId, skillId, elsewhere.GetValueOrDefault(skillId) + (after.Contains(skillId) ? 1 : 0),
                rows.GetValueOrDefault(skillId), now);
        }
    }

    /// <summary>
    /// Makes the (user, skill) row say <paramref name="projectCount"/>: removed at 0, added when missing
    /// (proficiency <c>intermediate</c>), changed otherwise. Returns whether anything changed.
    /// </summary>
    internal static bool SetUserSkill(MutationContext ctx, Guid userId, Guid skillId, int projectCount, UserSkill? row, DateTimeOffset now)
    {
        if (projectCount == 0)
        {
            if (row is not null)
            {
                ctx.Db.UserSkills.Remove(row);
            }

            return row is not null;
        }

        if (row is null)
        {
            ctx.Db.UserSkills.Add(new UserSkill { UserId = userId, SkillId = skillId, ProjectCount = projectCount, CreatedAt = now });
            return true;
        }

        var changed = row.ProjectCount != projectCount;
        row.ProjectCount = projectCount;
        return changed;
    }

    /// <summary>The skills of each of <paramref name="projectIds"/> (one statement), by name.</summary>
    internal static async Task<Dictionary<Guid, List<Skill>>> OfProjectsAsync(QueryContext ctx, IReadOnlyCollection<Guid> projectIds)
    {
        var rows = await (
                from link in ctx.Db.ProjectSkills
                where projectIds.Contains(link.ProjectId)
                join skill in ctx.Db.Skills on link.SkillId equals skill.Id
                orderby skill.Name, skill.Id
                select new { link.ProjectId, skill })
            .ToListAsync();
        return rows.GroupBy(r => r.ProjectId).ToDictionary(g => g.Key, g => g.Select(r => r.skill).ToList());
    }
}
