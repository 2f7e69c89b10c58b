using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.Engine.Data;

namespace Poktapok.App.Schema;

/// <summary>An activity that belongs to a program (<c>program_activities</c>).</summary>
public class ProgramActivity
{
    public Guid Id { get; set; }
    public Guid ProgramId { get; set; }
    public Guid ActivityId { get; set; }
    public bool IsRequired { get; set; }
    public int? OrderIndex { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<ProgramActivity> b, SqlDialect d)
    {
        b.ToTable("program_activities");
        b.Property(p => p.IsRequired).HasDefaultValue(false);

        b.HasOne<TrainingProgram>().WithMany().HasForeignKey(p => p.ProgramId)
            .HasConstraintName("program_activities_program_id_programs_id_fk").OnDelete(DeleteBehavior.Cascade);
        // New: legacy had no foreign key here, so links to missing activities were possible (LEGACY.md §1.5).
        // The import reports such rows as rejects instead of carrying them over.
        b.HasOne<Activity>().WithMany().HasForeignKey(p => p.ActivityId)
            .HasConstraintName("program_activities_activity_id_activities_id_fk").OnDelete(DeleteBehavior.Cascade);

        b.HasIndex(p => new { p.ProgramId, p.ActivityId }).IsUnique()
            .HasDatabaseName("program_activities_program_id_activity_id_unique");
        b.HasIndex(p => p.ActivityId).HasDatabaseName("idx_program_activities_activity_id");
    }
}
