using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;

namespace Poktapok.App.Schema;

/// <summary>An application to join the club (<c>applications</c>); one per user, ever.</summary>
public class Application : IValidatable
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string MotivationText { get; set; }
    public Guid? ProgramId { get; set; }
    public string? Goal { get; set; }
    public string? GithubUsername { get; set; }
    public string? TwitterUsername { get; set; }
    public ApplicationStatus Status { get; set; } = ApplicationStatus.Pending;
    public Guid? ReviewedByUserId { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? ReviewNotes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public JsonObject Metadata { get; set; } = [];

    public void Validate(Rules rules) => rules.Length(nameof(Goal), Goal, 1, 280);

    internal static void Configure(EntityTypeBuilder<Application> b, SqlDialect d)
    {
        b.ToTable("applications");
        b.Property(a => a.GithubUsername).HasMaxLength(100);
        b.Property(a => a.TwitterUsername).HasMaxLength(100);
        b.Property(a => a.Status).HasDefaultValue(ApplicationStatus.Pending);

        // Legacy declares ON DELETE SET NULL on this NOT NULL column, so deleting a user with an application
        // always failed. Restrict keeps that effect and says so plainly (docs/decisions/ADR-002).
        b.HasOne<User>().WithMany().HasForeignKey(a => a.UserId)
            .HasConstraintName("applications_user_fk").OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TrainingProgram>().WithMany().HasForeignKey(a => a.ProgramId)
            .HasConstraintName("applications_program_id_programs_id_fk").OnDelete(DeleteBehavior.NoAction);
        b.HasOne<User>().WithMany().HasForeignKey(a => a.ReviewedByUserId)
            .HasConstraintName("applications_reviewed_by_fk").OnDelete(DeleteBehavior.SetNull);

        b.HasIndex(a => a.UserId).IsUnique().HasDatabaseName("applications_user_id_unique");
        b.HasIndex(a => a.Status).HasDatabaseName("idx_applications_status");
        b.HasIndex(a => a.ReviewedByUserId).HasDatabaseName("idx_applications_reviewed_by");
        b.HasIndex(a => a.CreatedAt).HasDatabaseName("idx_applications_created_at");
        b.HasIndex(a => new { a.Status, a.CreatedAt }).HasDatabaseName("idx_applications_status_created");
        b.HasIndex(a => a.ProgramId).HasDatabaseName("idx_applications_program_id");
        // applications:adminList filtered by program, newest first.
        b.HasIndex(a => new { a.ProgramId, a.CreatedAt }).HasDatabaseName("idx_applications_program_created");
    }
}
