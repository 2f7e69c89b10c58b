using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;

namespace Poktapok.App.Schema;

/// <summary>A member enrolled in a program (<c>program_enrollments</c>).</summary>
public class ProgramEnrollment
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid ProgramId { get; set; }
    public Guid? ApplicationId { get; set; }
    public EnrollmentStatus Status { get; set; } = EnrollmentStatus.Enrolled;
    public DateTimeOffset EnrolledAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? PromotedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public JsonObject Metadata { get; set; } = [];

    internal static void Configure(EntityTypeBuilder<ProgramEnrollment> b, SqlDialect d)
    {
        b.ToTable("program_enrollments");
        b.Property(e => e.Status).HasMaxLength(50).HasDefaultValue(EnrollmentStatus.Enrolled);
        b.Property(e => e.EnrolledAt).DefaultsToNow(d);

        b.HasOne<User>().WithMany().HasForeignKey(e => e.UserId)
            .HasConstraintName("program_enrollments_user_id_users_id_fk").OnDelete(DeleteBehavior.Cascade);
        b.HasOne<TrainingProgram>().WithMany().HasForeignKey(e => e.ProgramId)
            .HasConstraintName("program_enrollments_program_id_programs_id_fk").OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Application>().WithMany().HasForeignKey(e => e.ApplicationId)
            .HasConstraintName("program_enrollments_application_id_applications_id_fk").OnDelete(DeleteBehavior.NoAction);

        b.HasIndex(e => new { e.UserId, e.ProgramId }).IsUnique()
            .HasDatabaseName("program_enrollments_user_id_program_id_unique");
        b.HasIndex(e => new { e.ProgramId, e.Status }).HasDatabaseName("idx_program_enrollments_program_status");
        // Program rosters (enrollments:listForProgram) page by enrolledAt within a program.
        b.HasIndex(e => new { e.ProgramId, e.EnrolledAt }).HasDatabaseName("idx_program_enrollments_program_enrolled_at");
        b.HasIndex(e => e.ApplicationId).HasDatabaseName("idx_program_enrollments_application_id");
    }
}
