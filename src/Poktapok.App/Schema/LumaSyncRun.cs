using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;

namespace Poktapok.App.Schema;

/// <summary>
/// One run of the Luma calendar sync (<c>luma_sync_runs</c>; new, the legacy system kept no record): what started
/// it, where it read from, what it did to each event, and what went wrong. Only one run is running at a time.
/// </summary>
public class LumaSyncRun : IValidatable
{
    /// <summary>How many error messages a run keeps (the rest are counted).</summary>
    public const int MaxErrorMessages = 50;

    public Guid Id { get; set; }
    public LumaSyncTrigger Trigger { get; set; }
    public required string CalendarSlug { get; set; }

    /// <summary><c>api</c> or <c>web</c>; null until the calendar was read.</summary>
    public string? Source { get; set; }
    public LumaSyncStatus Status { get; set; } = LumaSyncStatus.Running;
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Events the calendar listed.</summary>
    public int Seen { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }

    /// <summary>Events that could not be written (an invalid date, a field Luma sent that breaks a rule).</summary>
    public int Failed { get; set; }

    /// <summary>Upcoming events of this calendar that Luma no longer lists (marked, never deleted).</summary>
    public int Missing { get; set; }

    /// <summary>Why the run failed as a whole, or null.</summary>
    public string? Error { get; set; }

    /// <summary>Per-event problems, at most <see cref="MaxErrorMessages"/>.</summary>
    public List<string> ErrorMessages { get; set; } = [];

    public void Validate(Rules rules)
    {
        rules.AtLeast(nameof(Seen), Seen, 0);
        rules.AtLeast(nameof(Created), Created, 0);
        rules.AtLeast(nameof(Updated), Updated, 0);
        rules.AtLeast(nameof(Unchanged), Unchanged, 0);
        rules.AtLeast(nameof(Failed), Failed, 0);
        rules.AtLeast(nameof(Missing), Missing, 0);
    }

    internal static void Configure(EntityTypeBuilder<LumaSyncRun> b, SqlDialect d)
    {
        b.ToTable("luma_sync_runs");
        b.Property(r => r.Trigger).HasMaxLength(10);
        b.Property(r => r.CalendarSlug).HasMaxLength(100);
        b.Property(r => r.Source).HasMaxLength(10);
        b.Property(r => r.Status).HasMaxLength(10);
        b.Property(r => r.StartedAt).HasDefaultValueSql(d.Now);
        b.Property(r => r.Error).HasMaxLength(2000);
        b.Property(r => r.ErrorMessages).IsJson().HasDefaultValueSql(d.EmptyJsonArray);
        b.HasIndex(r => r.StartedAt).HasDatabaseName("luma_sync_runs_started_at_idx");
        b.HasIndex(r => r.Status).HasDatabaseName("luma_sync_runs_status_idx");
    }
}
