namespace Poktapok.Engine.Scheduling;

/// <summary>
/// One scheduled function run (<c>_poktapok_scheduled_jobs</c>), written by <see cref="Scheduler"/> in the
/// transaction of the mutation that scheduled it, or by a cron when it fires. Its row is its history: the
/// state moves pending → running (actions only) → success, failed or canceled, with timestamps and the error.
/// </summary>
public sealed class ScheduledJob
{
    public const string TableName = "_poktapok_scheduled_jobs";

    public Guid Id { get; set; }

    /// <summary>The canonical path of the function (<c>luma/sync:syncCalendar</c>).</summary>
    public required string FunctionPath { get; set; }

    /// <summary><see cref="JobKinds.Mutation"/> or <see cref="JobKinds.Action"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>The arguments object in the Convex encoded JSON form.</summary>
    public required string Args { get; set; }

    /// <summary>When it is due.</summary>
    public DateTimeOffset ScheduledFor { get; set; }

    /// <summary>One of <see cref="JobStates"/>.</summary>
    public string State { get; set; } = JobStates.Pending;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Why it failed or was canceled (a function's error message; never an exception's text).</summary>
    public string? Error { get; set; }

    /// <summary>The cron that created it, or null for a job scheduled by a mutation.</summary>
    public string? CronName { get; set; }

    /// <summary>The server process running it (actions only).</summary>
    public string? Node { get; set; }

    /// <summary>
    /// Until when the running node holds the job (actions only; renewed while the action runs). A running job
    /// whose lease ran out belongs to a process that stopped: it is marked failed, never run again.
    /// </summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>Whether the job is done (its state will not change again).</summary>
    public bool IsFinished => State is JobStates.Success or JobStates.Failed or JobStates.Canceled;
}

/// <summary>The states of a <see cref="ScheduledJob"/>.</summary>
public static class JobStates
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Success = "success";
    public const string Failed = "failed";
    public const string Canceled = "canceled";

    public static IReadOnlyList<string> All { get; } = [Pending, Running, Success, Failed, Canceled];
}

/// <summary>What a <see cref="ScheduledJob"/> runs.</summary>
public static class JobKinds
{
    public const string Mutation = "mutation";
    public const string Action = "action";
}
