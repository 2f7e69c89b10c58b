using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;
using Poktapok.Engine.Data;
using static Poktapok.App.Schema.ModelBuilding;

namespace Poktapok.App.Schema;

/// <summary>A member's submission of evidence for an activity (<c>activity_submissions</c>).</summary>
public class ActivitySubmission : IValidatable
{
    public Guid Id { get; set; }
    public Guid ActivityId { get; set; }
    public Guid UserId { get; set; }
    public string? SubmissionUrl { get; set; }
    public List<EvidenceFile> EvidenceFiles { get; set; } = [];
    public string? SubmissionText { get; set; }
    public SubmissionStatus Status { get; set; } = SubmissionStatus.Pending;
    public Guid? ReviewedByUserId { get; set; }
    public string? ReviewNotes { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public decimal? RewardPulpaAmount { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public JsonObject Metadata { get; set; } = [];

    public void Validate(Rules rules)
    {
        rules.Length(nameof(SubmissionText), SubmissionText, 0, 1000);
        rules.Positive(nameof(RewardPulpaAmount), RewardPulpaAmount);
    }

    internal static void Configure(EntityTypeBuilder<ActivitySubmission> b, SqlDialect d)
    {
        b.ToTable("activity_submissions");
        b.Property(s => s.SubmissionUrl).HasMaxLength(500);
        b.Property(s => s.EvidenceFiles).IsJson().HasDefaultValueSql(d.EmptyJsonArray);
        b.Property(s => s.Status).HasDefaultValue(SubmissionStatus.Pending);
        b.Property(s => s.RewardPulpaAmount).HasPrecision(18, 8);
        b.Property(s => s.SubmittedAt).DefaultsToNow(d);

        b.HasOne<Activity>().WithMany().HasForeignKey(s => s.ActivityId)
            .HasConstraintName("submissions_activity_fk").OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(s => s.UserId)
            .HasConstraintName("submissions_user_fk").OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(s => s.ReviewedByUserId)
            .HasConstraintName("submissions_reviewed_by_fk").OnDelete(DeleteBehavior.SetNull);

        // Not unique, as in legacy: a member may submit again after a rejection, and the per-user limit
        // (max_submissions_per_user) is enforced by the submit mutation inside its transaction.
        b.HasIndex(s => new { s.ActivityId, s.UserId }).HasDatabaseName("idx_submissions_unique_user_activity")
            .HasFilter($"{Q("status")} <> 'rejected'");
        b.HasIndex(s => s.ActivityId).HasDatabaseName("idx_submissions_activity");
        b.HasIndex(s => s.UserId).HasDatabaseName("idx_submissions_user");
        b.HasIndex(s => s.Status).HasDatabaseName("idx_submissions_status");
        b.HasIndex(s => s.ReviewedByUserId).HasDatabaseName("idx_submissions_reviewed_by");
        b.HasIndex(s => s.SubmittedAt).HasDatabaseName("idx_submissions_submitted_at");
        // submissions:listMine pages a user's submissions newest first.
        b.HasIndex(s => new { s.UserId, s.SubmittedAt }).HasDatabaseName("idx_submissions_user_submitted_at");
        b.HasIndex(s => new { s.Status, s.SubmittedAt }).HasDatabaseName("idx_submissions_queue")
            .HasFilter($"{Q("status")} IN ('pending', 'under_review')");

        b.CheckWhenPresent("submission_text_length", "submission_text", $"{d.Length("submission_text")} <= 1000");
        b.CheckWhenPresent("submission_reward_positive", "reward_pulpa_amount", $"{Q("reward_pulpa_amount")} > 0");
    }
}
