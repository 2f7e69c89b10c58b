using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;

namespace Poktapok.App.Schema;

/// <summary>
/// A training program (<c>programs</c>): a cohort or an evergreen track. Named <c>TrainingProgram</c> in C#
/// only to keep clear of the host's <c>Program</c> class; the table and the wire name are <c>programs</c>.
/// "Deleting" a program sets <see cref="IsActive"/> to false.
/// </summary>
public class TrainingProgram
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Description { get; set; }
    public required ProgramType ProgramType { get; set; }
    public DateTimeOffset? StartDate { get; set; }
    public DateTimeOffset? EndDate { get; set; }
    public bool IsActive { get; set; } = true;

    /// <summary>
    /// How many enrollments may hold a seat (status <c>enrolled</c> or <c>completed</c>); null = no limit. New in
    /// Poktapok (legacy had no capacity): <c>enrollments:create</c> and <c>enrollments:update</c> refuse a seat
    /// beyond it with <c>FAILED_PRECONDITION SLOTS_FULL</c>.
    /// </summary>
    public int? MaxEnrollments { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public JsonObject Metadata { get; set; } = [];

    internal static void Configure(EntityTypeBuilder<TrainingProgram> b, SqlDialect d)
    {
        b.ToTable("programs");
        b.Property(p => p.Name).HasMaxLength(100);
        b.Property(p => p.ProgramType).HasMaxLength(50);
        b.Property(p => p.IsActive).HasDefaultValue(true);
        b.CheckWhenPresent("max_enrollments_positive", "max_enrollments", $"{ModelBuilding.Q("max_enrollments")} >= 1");
        // stats:public counts active programs from this index too.
        b.HasIndex(p => new { p.IsActive, p.Name }).HasDatabaseName("idx_programs_active_name");
    }
}
