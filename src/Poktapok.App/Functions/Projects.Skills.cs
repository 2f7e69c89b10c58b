using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.Engine.Functions;
using static Poktapok.App.Functions.Users;

namespace Poktapok.App.Functions;

public static partial class Projects
{
    /// <summary>The result of <see cref="AddSkill"/>: the new link.</summary>
    public sealed record SkillLink(Guid ProjectId, Guid SkillId, DateTimeOffset CreatedAt);

    /// <summary>The result of <see cref="RemoveSkill"/>.</summary>
    public sealed record SkillUnlink(Guid ProjectId, Guid SkillId);

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
}
