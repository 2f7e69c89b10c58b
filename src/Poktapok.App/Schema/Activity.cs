using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;
using Poktapok.Engine.Data;
using static Poktapok.App.Schema.ModelBuilding;

namespace Poktapok.App.Schema;

/// <summary>A task members do for a PULPA reward (<c>activities</c>).</summary>
public class Activity : ISoftDeletable, IValidatable
{
    public Guid Id { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    public string? Instructions { get; set; }
    public required ActivityType ActivityType { get; set; }
    public string? Category { get; set; }
    public required Difficulty Difficulty { get; set; }
    public decimal RewardPulpaAmount { get; set; }
    public EvidenceRequirements EvidenceRequirements { get; set; } = EvidenceRequirements.None;
    public VerificationType VerificationType { get; set; } = VerificationType.Manual;
    public int? MaxSubmissionsPerUser { get; set; }
    public int? TotalAvailableSlots { get; set; }
    public int CurrentSubmissionsCount { get; set; }
    public ActivityStatus Status { get; set; } = ActivityStatus.Draft;
    public DateTimeOffset? StartsAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public Guid CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public JsonObject Metadata { get; set; } = [];

    public void Validate(Rules rules)
    {
        rules.Length(nameof(Title), Title, 5, 200);
        rules.Length(nameof(Description), Description, 20, int.MaxValue);
        rules.Positive(nameof(RewardPulpaAmount), RewardPulpaAmount);
        rules.Positive(nameof(MaxSubmissionsPerUser), MaxSubmissionsPerUser);
        rules.Positive(nameof(TotalAvailableSlots), TotalAvailableSlots);
        rules.AtLeast(nameof(CurrentSubmissionsCount), CurrentSubmissionsCount, 0);
    }

    internal static void Configure(EntityTypeBuilder<Activity> b, SqlDialect d)
    {
        b.ToTable("activities");
        b.Property(a => a.Title).HasMaxLength(200);
        b.Property(a => a.Category).HasMaxLength(100);
        b.Property(a => a.RewardPulpaAmount).HasPrecision(18, 8);
        b.Property(a => a.EvidenceRequirements).IsJson().HasDefaultValueSql(d.IsPostgres
            ? """'{"url_required": false, "screenshot_required": false, "text_required": false}'::jsonb"""
            : """'{"url_required":false,"screenshot_required":false,"text_required":false}'""");
        b.Property(a => a.VerificationType).HasDefaultValue(VerificationType.Manual);
        b.Property(a => a.CurrentSubmissionsCount).HasDefaultValue(0);
        b.Property(a => a.Status).HasDefaultValue(ActivityStatus.Draft);

        b.HasOne<User>().WithMany().HasForeignKey(a => a.CreatedByUserId)
            .HasConstraintName("activities_created_by_fk").OnDelete(DeleteBehavior.Restrict);

        b.HasIndex(a => a.Status).HasDatabaseName("idx_activities_status");
        b.HasIndex(a => a.ActivityType).HasDatabaseName("idx_activities_type");
        b.HasIndex(a => a.Category).HasDatabaseName("idx_activities_category");
        b.HasIndex(a => a.CreatedByUserId).HasDatabaseName("idx_activities_created_by");
        b.HasIndex(a => a.ExpiresAt).HasDatabaseName("idx_activities_expires_at");
        b.HasIndex(a => a.DeletedAt).HasDatabaseName("idx_activities_deleted_at").HasFilter($"{Q("deleted_at")} IS NULL");
        b.HasIndex(a => a.CreatedAt).HasDatabaseName("idx_activities_created_at");
        // stats:* count activities (not deleted) by status from this index alone.
        b.HasIndex(a => new { a.Status, a.DeletedAt }).HasDatabaseName("idx_activities_status_deleted");

        b.Check("title_length", $"{d.Length("title")} >= 5");
        b.Check("description_length", $"{d.Length("description")} >= 20");
        b.Check("reward_positive", $"{Q("reward_pulpa_amount")} > 0");
        b.CheckWhenPresent("max_submissions_positive", "max_submissions_per_user", $"{Q("max_submissions_per_user")} > 0");
        b.CheckWhenPresent("slots_positive", "total_available_slots", $"{Q("total_available_slots")} > 0");
        b.Check("current_count_positive", $"{Q("current_submissions_count")} >= 0");
    }
}
