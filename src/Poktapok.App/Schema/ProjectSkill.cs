using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.Engine.Data;

namespace Poktapok.App.Schema;

/// <summary>
/// A skill used by a project (<c>project_skills</c>). Legacy keyed it by the pair; every document here has
/// its own id, and the pair stays unique.
/// </summary>
public class ProjectSkill
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public Guid SkillId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<ProjectSkill> b, SqlDialect d)
    {
        b.ToTable("project_skills");

        b.HasOne<Project>().WithMany().HasForeignKey(s => s.ProjectId)
            .HasConstraintName("project_skills_project_id_projects_id_fk").OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Skill>().WithMany().HasForeignKey(s => s.SkillId)
            .HasConstraintName("project_skills_skill_id_skills_id_fk").OnDelete(DeleteBehavior.Cascade);

        b.HasIndex(s => new { s.ProjectId, s.SkillId }).IsUnique().HasDatabaseName("project_skills_project_id_skill_id_pk");
        b.HasIndex(s => s.SkillId).HasDatabaseName("idx_project_skills_skill_id");
    }
}
