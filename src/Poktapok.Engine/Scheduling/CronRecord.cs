namespace Poktapok.Engine.Scheduling;

/// <summary>
/// The state of one declared cron (<c>_poktapok_crons</c>): when it is next due and which job its last run
/// was. Every node reads and advances it in a serializable transaction, so each occurrence fires once.
/// </summary>
public sealed class CronRecord
{
    public const string TableName = "_poktapok_crons";

    public required string Name { get; set; }

    /// <summary>The schedule as declared (<c>daily at 12:00 UTC</c>, <c>cron "*/5 * * * *"</c>), to notice a change.</summary>
    public required string Schedule { get; set; }

    public required string FunctionPath { get; set; }

    /// <summary>The arguments object in the Convex encoded JSON form.</summary>
    public required string Args { get; set; }

    public DateTimeOffset NextRunAt { get; set; }

    public DateTimeOffset? LastRunAt { get; set; }

    public Guid? LastJobId { get; set; }
}
