using Microsoft.EntityFrameworkCore;
using Poktapok.Engine.Functions;

namespace Poktapok.App.Functions;

public static partial class Users
{
    /// <summary>How many users <see cref="RecomputeSkills"/> recounts in one transaction.</summary>
    public const int RecomputeSkillsBatchSize = 100;

    /// <summary>
    /// Recounts the derived <c>user_skills</c> rows (LEGACY.md §4.7) of one user (<c>userId</c>), or of up to
    /// <see cref="RecomputeSkillsBatchSize"/> users after <c>afterUserId</c> by id, closed accounts included (internal:
    /// dashboard, CLI, after an import): per skill, the number of the user's non-deleted projects using it; rows
    /// with no project are removed. When more users remain, the next batch is scheduled at once. Returns users
    /// looked at, <c>user_skills</c> rows changed, and whether more is due.
    /// </summary>
    [InternalMutation]
    public static async Task<Skills.RecomputeResult> RecomputeSkills(MutationContext ctx, Guid? userId = null, Guid? afterUserId = null)
    {
        var users = userId is { } one
            ? [one]
            : await ctx.Db.Users.IgnoreQueryFilters()
                .Where(u => afterUserId == null || u.Id.CompareTo(afterUserId.Value) > 0)
                .OrderBy(u => u.Id)
                .Select(u => u.Id)
                .Take(RecomputeSkillsBatchSize + 1)
                .ToListAsync();
        var more = users.Count > RecomputeSkillsBatchSize;
        users = users.Take(RecomputeSkillsBatchSize).ToList();

        var counts = await (
                from link in ctx.Db.ProjectSkills
                join project in ctx.Db.Projects on link.ProjectId equals project.Id
                where users.Contains(project.UserId)
                group link by new { project.UserId, link.SkillId } into g
                select new { g.Key.UserId, g.Key.SkillId, Count = g.Count() })
            .ToDictionaryAsync(c => (c.UserId, c.SkillId), c => c.Count);
        var rows = await ctx.Db.UserSkills.Where(s => users.Contains(s.UserId)).ToDictionaryAsync(s => (s.UserId, s.SkillId));

        var now = Instant(ctx.Now);
        var updated = 0;
        foreach (var key in counts.Keys.Union(rows.Keys).ToList())
        {
            if (Skills.SetUserSkill(ctx, key.UserId, key.SkillId, counts.GetValueOrDefault(key), rows.GetValueOrDefault(key), now))
            {
                updated++;
            }
        }

        if (more)
        {
            ctx.Scheduler.RunAfter(TimeSpan.Zero, RecomputeSkills, new { afterUserId = users[^1] });
        }

        return new Skills.RecomputeResult(users.Count, updated, more);
    }
}
