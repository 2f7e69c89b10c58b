using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;
using Poktapok.Engine.Data;
using static Poktapok.App.Schema.ModelBuilding;

namespace Poktapok.App.Schema;

/// <summary>A club event, usually synced from the Luma calendar (<c>events</c>).</summary>
public class Event : IValidatable
{
    public const string DefaultTimezone = "America/Mexico_City";

    public Guid Id { get; set; }
    public Guid? ProgramId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public string? CoverImage { get; set; }
    public required string LumaUrl { get; set; }
    public string? LumaEventId { get; set; }
    public string? LumaSlug { get; set; }
    public EventType EventType { get; set; } = EventType.InPerson;
    public DateTimeOffset StartDate { get; set; }
    public DateTimeOffset? EndDate { get; set; }
    public string? Timezone { get; set; } = DefaultTimezone;
    public string? Location { get; set; }
    public string? LocationDetails { get; set; }
    public string? LocationUrl { get; set; }
    public Coordinates? Coordinates { get; set; }
    public List<EventHost>? Hosts { get; set; } = [];
    public string? Calendar { get; set; }
    public EventStatus Status { get; set; } = EventStatus.Upcoming;
    public bool IsPublished { get; set; }
    public bool IsFeatured { get; set; }
    public int? RegistrationCount { get; set; } = 0;
    public int? MaxCapacity { get; set; }
    public RegistrationType? RegistrationType { get; set; } = Enums.RegistrationType.Free;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public JsonObject Metadata { get; set; } = [];

    public void Validate(Rules rules)
    {
        rules.AtLeast(nameof(RegistrationCount), RegistrationCount, 0);
        rules.Positive(nameof(MaxCapacity), MaxCapacity);
        if (Coordinates is { } c && (double.Abs(c.Lat) > 90 || double.Abs(c.Lng) > 180 || !double.IsFinite(c.Lat) || !double.IsFinite(c.Lng)))
        {
            rules.Add(nameof(Coordinates), FieldErrorCodes.OutOfRange, "must have lat in [-90, 90] and lng in [-180, 180]");
        }

        if (EndDate is { } end && end < StartDate)
        {
            rules.Add(nameof(EndDate), FieldErrorCodes.OutOfRange, "must not be before startDate");
        }
    }

    internal static void Configure(EntityTypeBuilder<Event> b, SqlDialect d)
    {
        b.ToTable("events");
        b.Property(e => e.Title).HasMaxLength(300);
        b.Property(e => e.LumaEventId).HasMaxLength(100);
        b.Property(e => e.LumaSlug).HasMaxLength(100);
        b.Property(e => e.EventType).HasMaxLength(50).HasDefaultValue(EventType.InPerson);
        b.Property(e => e.Timezone).HasMaxLength(100).HasDefaultValue(DefaultTimezone);
        b.Property(e => e.Coordinates).IsJson();
        b.Property(e => e.Hosts).IsJson().HasDefaultValueSql(d.EmptyJsonArray);
        b.Property(e => e.Calendar).HasMaxLength(100);
        b.Property(e => e.Status).HasMaxLength(20).HasDefaultValue(EventStatus.Upcoming);
        b.Property(e => e.IsPublished).HasDefaultValue(false);
        b.Property(e => e.IsFeatured).HasDefaultValue(false);
        b.Property(e => e.RegistrationCount).HasDefaultValue(0);
        b.Property(e => e.RegistrationType).HasMaxLength(50).HasDefaultValue(Enums.RegistrationType.Free);

        b.HasOne<TrainingProgram>().WithMany().HasForeignKey(e => e.ProgramId)
            .HasConstraintName("events_program_id_fkey").OnDelete(DeleteBehavior.SetNull);

        b.HasIndex(e => e.Status).HasDatabaseName("events_status_idx");
        b.HasIndex(e => e.StartDate).HasDatabaseName("events_start_date_idx");
        b.HasIndex(e => e.ProgramId).HasDatabaseName("events_program_id_idx");
        b.HasIndex(e => new { e.IsPublished, e.StartDate }).HasDatabaseName("events_is_published_idx");
        b.HasIndex(e => e.LumaSlug).IsUnique().HasDatabaseName("events_luma_slug_unique");
        b.HasIndex(e => e.LumaEventId).IsUnique().HasDatabaseName("events_luma_event_id_unique");
        b.HasIndex(e => e.Calendar).HasDatabaseName("events_calendar_idx");
        // stats:* count events by (published, status) from this index alone.
        b.HasIndex(e => new { e.IsPublished, e.Status }).HasDatabaseName("events_published_status_idx");

        b.CheckWhenPresent("events_registration_count_positive", "registration_count", $"{Q("registration_count")} >= 0");
        b.CheckWhenPresent("events_max_capacity_positive", "max_capacity", $"{Q("max_capacity")} > 0");
    }
}
