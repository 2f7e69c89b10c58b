namespace Poktapok.Engine.Scheduling;

/// <summary>How the scheduler runs (configuration section <c>Scheduler</c>).</summary>
public sealed record SchedulerOptions
{
    /// <summary>Whether this process runs due jobs and crons (a node can serve clients only).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How often the database is checked for jobs other nodes scheduled (local ones wake the scheduler at once).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How many jobs this process runs at once.</summary>
    public int MaxConcurrentJobs { get; init; } = 8;

    /// <summary>How long a running action's claim lasts without renewal (renewed every third of it).</summary>
    public TimeSpan ActionLease { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long finished jobs are kept as history.</summary>
    public TimeSpan HistoryRetention { get; init; } = TimeSpan.FromDays(14);
}
