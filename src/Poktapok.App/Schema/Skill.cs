using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;
using static Poktapok.App.Schema.ModelBuilding;

namespace Poktapok.App.Schema;

/// <summary>An entry of the skills taxonomy (<c>skills</c>), seeded by the migrations.</summary>
public class Skill : IValidatable
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public required SkillCategory Category { get; set; }
    public string? Description { get; set; }
    public string? IconUrl { get; set; }
    public int UsageCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public void Validate(Rules rules) => rules.AtLeast(nameof(UsageCount), UsageCount, 0);

    internal static void Configure(EntityTypeBuilder<Skill> b, SqlDialect d)
    {
        b.ToTable("skills");
        b.Property(s => s.Name).HasMaxLength(50);
        b.Property(s => s.Slug).HasMaxLength(50);
        b.Property(s => s.IconUrl).HasMaxLength(500);
        b.Property(s => s.UsageCount).HasDefaultValue(0);

        b.HasIndex(s => s.Name).IsUnique().HasDatabaseName("skills_name_unique");
        b.HasIndex(s => s.Slug).IsUnique().HasDatabaseName("skills_slug_unique");
        b.HasIndex(s => s.Category).HasDatabaseName("idx_skills_category");
        b.HasIndex(s => s.UsageCount).HasDatabaseName("idx_skills_usage_count");

        // New: legacy let the counter drift below zero (C9).
        b.Check("skills_usage_count_positive", $"{Q("usage_count")} >= 0");
    }
}
