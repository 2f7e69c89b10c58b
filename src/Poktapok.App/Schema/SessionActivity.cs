using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.Engine.Data;

namespace Poktapok.App.Schema;

/// <summary>An activity done in a session (<c>session_activities</c>).</summary>
public class SessionActivity
{
    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public Guid ActivityId { get; set; }
    public int? OrderIndex { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<SessionActivity> b, SqlDialect d)
    {
        b.ToTable("session_activities");

        b.HasOne<Session>().WithMany().HasForeignKey(s => s.SessionId)
            .HasConstraintName("session_activities_session_id_sessions_id_fk").OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Activity>().WithMany().HasForeignKey(s => s.ActivityId)
            .HasConstraintName("session_activities_activity_id_activities_id_fk").OnDelete(DeleteBehavior.Cascade);

        b.HasIndex(s => new { s.SessionId, s.ActivityId }).IsUnique()
            .HasDatabaseName("session_activities_session_id_activity_id_unique");
        b.HasIndex(s => s.ActivityId).HasDatabaseName("idx_session_activities_activity_id");
    }
}
