using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.Engine.Data;

namespace Poktapok.App.Schema;

/// <summary>
/// The last counted view of a project by one viewer (<c>project_viewers</c>, new in Poktapok): what
/// <c>projects:recordView</c> reads to count a viewer at most once per 30 minutes (fix C19) without a rate
/// limiter. <see cref="ViewerKey"/> is <c>identity:</c> and a digest of <c>issuer|subject</c> for a signed-in viewer,
/// <c>connection:</c> and a digest of the connection for a signed-out one (<c>anonymous</c> for server code). Marks
/// past the window are deleted hourly (<c>projects:forgetViews</c>).
/// </summary>
public class ProjectViewer
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public required string ViewerKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastCountedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<ProjectViewer> b, SqlDialect d)
    {
        b.ToTable("project_viewers");
        b.Property(v => v.ViewerKey).HasMaxLength(320);

        b.HasOne<Project>().WithMany().HasForeignKey(v => v.ProjectId)
            .HasConstraintName("project_viewers_project_id_projects_id_fk").OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(v => new { v.ProjectId, v.ViewerKey }).IsUnique().HasDatabaseName("project_viewers_project_viewer_unique");
    }
}
