using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;

namespace Poktapok.App.Schema;

/// <summary>Whether a member attended a session (<c>attendance</c>).</summary>
public class Attendance
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid SessionId { get; set; }
    public Guid? ProgramId { get; set; }

    /// <summary>
    /// The admin who marked it; null when an operator marked it with the admin key (no <c>users</c> row). Legacy
    /// rows always have one (the column was NOT NULL there).
    /// </summary>
    public Guid? MarkedBy { get; set; }

    public required AttendanceStatus Status { get; set; }
    public string? Notes { get; set; }
    public DateTimeOffset MarkedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public JsonObject Metadata { get; set; } = [];

    internal static void Configure(EntityTypeBuilder<Attendance> b, SqlDialect d)
    {
        b.ToTable("attendance");
        b.Property(a => a.Status).HasMaxLength(50);
        b.Property(a => a.MarkedAt).DefaultsToNow(d);

        b.HasOne<User>().WithMany().HasForeignKey(a => a.UserId)
            .HasConstraintName("attendance_user_id_users_id_fk").OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Session>().WithMany().HasForeignKey(a => a.SessionId)
            .HasConstraintName("attendance_session_id_sessions_id_fk").OnDelete(DeleteBehavior.Cascade);
        b.HasOne<TrainingProgram>().WithMany().HasForeignKey(a => a.ProgramId)
            .HasConstraintName("attendance_program_id_programs_id_fk").OnDelete(DeleteBehavior.SetNull);
        b.HasOne<User>().WithMany().HasForeignKey(a => a.MarkedBy)
            .HasConstraintName("attendance_marked_by_users_id_fk").OnDelete(DeleteBehavior.NoAction);

        b.HasIndex(a => new { a.UserId, a.SessionId }).IsUnique().HasDatabaseName("attendance_user_id_session_id_unique");
        b.HasIndex(a => a.SessionId).HasDatabaseName("idx_attendance_session_id");
        b.HasIndex(a => a.ProgramId).HasDatabaseName("idx_attendance_program_id");
        b.HasIndex(a => a.MarkedBy).HasDatabaseName("idx_attendance_marked_by");
    }
}
