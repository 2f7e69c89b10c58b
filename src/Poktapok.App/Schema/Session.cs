using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;

namespace Poktapok.App.Schema;

/// <summary>A class meeting, in a program or standalone (<c>sessions</c>).</summary>
public class Session
{
    public Guid Id { get; set; }
    public Guid? ProgramId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public SessionType SessionType { get; set; } = SessionType.InPerson;
    public DateTimeOffset SessionDate { get; set; }
    public string? Duration { get; set; }
    public string? Location { get; set; }
    [IdOf("users")] // user ids, as the legacy column held them (unchecked there)
    public List<string>? Instructors { get; set; } = [];
    public List<SessionMaterial>? Materials { get; set; } = [];
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public JsonObject Metadata { get; set; } = [];

    internal static void Configure(EntityTypeBuilder<Session> b, SqlDialect d)
    {
        b.ToTable("sessions");
        b.Property(s => s.Title).HasMaxLength(200);
        b.Property(s => s.SessionType).HasMaxLength(50).HasDefaultValue(SessionType.InPerson);
        b.Property(s => s.Duration).HasMaxLength(50);
        b.Property(s => s.Instructors).IsJson().HasDefaultValueSql(d.EmptyJsonArray);
        b.Property(s => s.Materials).IsJson().HasDefaultValueSql(d.EmptyJsonArray);
        b.Property(s => s.IsActive).HasDefaultValue(true);

        b.HasOne<TrainingProgram>().WithMany().HasForeignKey(s => s.ProgramId)
            .HasConstraintName("sessions_program_id_programs_id_fk").OnDelete(DeleteBehavior.Cascade);

        b.HasIndex(s => new { s.ProgramId, s.SessionDate }).HasDatabaseName("idx_sessions_program_date");
        b.HasIndex(s => s.SessionDate).HasDatabaseName("idx_sessions_session_date");
    }
}
