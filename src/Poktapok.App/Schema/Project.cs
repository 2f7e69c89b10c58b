using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;
using static Poktapok.App.Schema.ModelBuilding;

namespace Poktapok.App.Schema;

/// <summary>A portfolio project of a member (<c>projects</c>).</summary>
public class Project : ISoftDeletable, IValidatable
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    public string? LiveUrl { get; set; }
    public string? RepositoryUrl { get; set; }
    public string? VideoUrl { get; set; }
    public string? LogoUrl { get; set; }
    public List<string>? ImageUrls { get; set; }
    public required ProjectType ProjectType { get; set; }
    public ProjectStatus ProjectStatus { get; set; } = ProjectStatus.Draft;
    public int DisplayOrder { get; set; }
    public bool Featured { get; set; }
    public int ViewCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public JsonObject Metadata { get; set; } = [];

    /// <summary>
    /// The list order (<see cref="ProjectRules.ListOrder"/>), stored and indexed so that project lists page by one
    /// column. Always derived from <see cref="Featured"/>, <see cref="PublishedAt"/> and <see cref="CreatedAt"/>
    /// when the row is written, whoever writes it (functions, the legacy import, snapshots); never set. Not public,
    /// so it is not part of the document clients and snapshots see.
    /// </summary>
    internal string ListOrder
    {
        get => ProjectRules.ListOrder(Featured, PublishedAt, CreatedAt);
        // EF materializes through it; the value read is the one the getter derives again.
        private set { }
    }

    public void Validate(Rules rules)
    {
        rules.Length(nameof(Title), Title, 5, 100);
        rules.Length(nameof(Description), Description, 20, 280);
        rules.Matches(nameof(LiveUrl), LiveUrl, Patterns.HttpUrl(), "an http(s):// URL");
        rules.Matches(nameof(RepositoryUrl), RepositoryUrl, Patterns.HttpUrl(), "an http(s):// URL");
        rules.Matches(nameof(VideoUrl), VideoUrl, Patterns.HttpUrl(), "an http(s):// URL");
        rules.Matches(nameof(LogoUrl), LogoUrl, Patterns.HttpUrl(), "an http(s):// URL");
        rules.AtLeast(nameof(DisplayOrder), DisplayOrder, 0);
        rules.AtLeast(nameof(ViewCount), ViewCount, 0);
        if (RepositoryUrl is null && VideoUrl is null && LiveUrl is null)
        {
            rules.Add(nameof(RepositoryUrl), FieldErrorCodes.Required,
                "at least one URL (repository, video or live demo) is required");
        }
    }

    internal static void Configure(EntityTypeBuilder<Project> b, SqlDialect d)
    {
        b.ToTable("projects");
        b.Property(p => p.Title).HasMaxLength(100);
        b.Property(p => p.Description).HasMaxLength(280);
        b.Property(p => p.LiveUrl).HasMaxLength(500);
        b.Property(p => p.RepositoryUrl).HasMaxLength(500);
        b.Property(p => p.VideoUrl).HasMaxLength(500);
        b.Property(p => p.LogoUrl).HasMaxLength(500);
        b.PrimitiveCollection(p => p.ImageUrls).ElementType().HasMaxLength(500);
        b.Property(p => p.ProjectStatus).HasDefaultValue(ProjectStatus.Draft);
        b.Property(p => p.DisplayOrder).HasDefaultValue(0);
        b.Property(p => p.Featured).HasDefaultValue(false);
        b.Property(p => p.ViewCount).HasDefaultValue(0);
        b.Property(p => p.ListOrder).HasColumnName("list_order").HasMaxLength(37).UsePropertyAccessMode(PropertyAccessMode.Property);

        b.HasOne<User>().WithMany().HasForeignKey(p => p.UserId)
            .HasConstraintName("projects_user_id_users_id_fk").OnDelete(DeleteBehavior.Cascade);

        b.HasIndex(p => p.UserId).HasDatabaseName("idx_projects_user_id");
        b.HasIndex(p => p.ProjectStatus).HasDatabaseName("idx_projects_status");
        b.HasIndex(p => p.ProjectType).HasDatabaseName("idx_projects_type");
        b.HasIndex(p => p.Featured).HasDatabaseName("idx_projects_featured").HasFilter($"{Q("featured")} = {(d.IsPostgres ? "true" : "1")}");
        b.HasIndex(p => new { p.UserId, p.DisplayOrder }).HasDatabaseName("idx_projects_display_order");
        b.HasIndex(p => p.PublishedAt).HasDatabaseName("idx_projects_published_at").HasFilter($"{Q("published_at")} IS NOT NULL");
        b.HasIndex(p => p.DeletedAt).HasDatabaseName("idx_projects_deleted_at").HasFilter($"{Q("deleted_at")} IS NULL");
        b.HasIndex(p => new { p.ListOrder, p.Id }).HasDatabaseName("idx_projects_list_order");
        b.HasIndex(p => new { p.UserId, p.ListOrder, p.Id }).HasDatabaseName("idx_projects_user_list_order");
        // stats:public counts non-draft, non-deleted projects from this index alone.
        b.HasIndex(p => new { p.ProjectStatus, p.DeletedAt }).HasDatabaseName("idx_projects_status_deleted");

        b.Check("projects_title_length", $"{d.Length("title")} BETWEEN 5 AND 100");
        b.Check("projects_description_length", $"{d.Length("description")} BETWEEN 20 AND 280");
        foreach (var url in new[] { "live_url", "repository_url", "video_url", "logo_url" })
        {
            b.CheckWhenPresent($"projects_{url}_format", url, d.HttpUrl(url));
        }

        b.Check("projects_display_order_check", $"{Q("display_order")} >= 0");
        b.Check("projects_view_count_check", $"{Q("view_count")} >= 0");
        b.Check("projects_at_least_one_url",
            $"{Q("repository_url")} IS NOT NULL OR {Q("video_url")} IS NOT NULL OR {Q("live_url")} IS NOT NULL");
    }
}
