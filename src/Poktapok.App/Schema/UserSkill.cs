using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;
using static Poktapok.App.Schema.ModelBuilding;

namespace Poktapok.App.Schema;

/// <summary>A skill a user has, derived from their projects (<c>user_skills</c>).</summary>
public class UserSkill : IValidatable
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid SkillId { get; set; }
    public ProficiencyLevel ProficiencyLevel { get; set; } = ProficiencyLevel.Intermediate;
    public int ProjectCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public void Validate(Rules rules) => rules.AtLeast(nameof(ProjectCount), ProjectCount, 0);

    internal static void Configure(EntityTypeBuilder<UserSkill> b, SqlDialect d)
    {
        b.ToTable("user_skills");
        b.Property(s => s.ProficiencyLevel).HasDefaultValue(ProficiencyLevel.Intermediate);
        b.Property(s => s.ProjectCount).HasDefaultValue(0);

        b.HasOne<User>().WithMany().HasForeignKey(s => s.UserId)
            .HasConstraintName("user_skills_user_id_users_id_fk").OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Skill>().WithMany().HasForeignKey(s => s.SkillId)
            .HasConstraintName("user_skills_skill_id_skills_id_fk").OnDelete(DeleteBehavior.Cascade);

        b.HasIndex(s => new { s.UserId, s.SkillId }).IsUnique().HasDatabaseName("unique_user_skill");
        b.HasIndex(s => s.SkillId).HasDatabaseName("idx_user_skills_skill_id");
        b.HasIndex(s => s.ProjectCount).HasDatabaseName("idx_user_skills_project_count");

        b.Check("user_skills_project_count_positive", $"{Q("project_count")} >= 0");
    }
}
