using Microsoft.EntityFrameworkCore;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;
using Poktapok.Protocol.Values;

namespace Poktapok.Engine.Scheduling;

/// <summary>
/// Schedules functions from a mutation (<c>ctx.Scheduler</c>). The job is written in the mutation's own
/// transaction: it exists only if the mutation commits, and a retried attempt schedules it once. A due job
/// runs on one node: a mutation exactly once, an action at most once. Only mutations and actions can be
/// scheduled; the function and its arguments are checked here, so a mistake fails the scheduling mutation
/// instead of the job.
/// </summary>
public sealed class Scheduler
{
    private readonly PoktapokDbContext _db;
    private readonly FunctionRegistry _registry;
    private readonly ValueMapper _values;
    private readonly DateTimeOffset _now;

    internal Scheduler(PoktapokDbContext db, FunctionRegistry registry, ValueMapper values, DateTimeOffset now)
    {
        _db = db;
        _registry = registry;
        _values = values;
        _now = now;
    }

    /// <summary>How many jobs this mutation scheduled (the scheduler is woken after the commit).</summary>
    internal int Scheduled { get; private set; }

    /// <summary>Runs <paramref name="function"/> (a method group) after <paramref name="delay"/> (negative means now); returns the job id.</summary>
    public Guid RunAfter(TimeSpan delay, Delegate function, object? args = null) =>
        RunAt(_now + (delay < TimeSpan.Zero ? TimeSpan.Zero : delay), function, args);

    /// <summary>Runs <paramref name="function"/> at <paramref name="when"/> (a past time means now); returns the job id.</summary>
    public Guid RunAt(DateTimeOffset when, Delegate function, object? args = null) =>
        RunAt(when, PathOf(_registry, function), args);

    /// <summary>Runs the function at <paramref name="path"/> after <paramref name="delay"/>.</summary>
    public Guid RunAfter(TimeSpan delay, string path, object? args = null) =>
        RunAt(_now + (delay < TimeSpan.Zero ? TimeSpan.Zero : delay), path, args);

    /// <summary>Runs the function at <paramref name="path"/> at <paramref name="when"/>.</summary>
    public Guid RunAt(DateTimeOffset when, string path, object? args = null)
    {
        var job = NewJob(_registry, _values, path, args, when, cronName: null);
        _db.Set<ScheduledJob>().Add(job);
        Scheduled++;
        return job.Id;
    }

    /// <summary>
    /// Cancels a pending job (in this transaction): true when it was pending, false when it had already run,
    /// was running, was canceled or does not exist. A running action is not interrupted.
    /// </summary>
    public async Task<bool> CancelAsync(Guid jobId, CancellationToken ct = default)
    {
        var job = await _db.Set<ScheduledJob>().AsTracking().FirstOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is not { State: JobStates.Pending })
        {
            return false;
        }

        job.State = JobStates.Canceled;
        job.CompletedAt = _now;
        job.Error = "Canceled.";
        return true;
    }

    /// <summary>Reads one job (its state, timestamps and error), or null.</summary>
    public Task<ScheduledJob?> GetAsync(Guid jobId, CancellationToken ct = default) =>
        _db.Set<ScheduledJob>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, ct);

    internal static string PathOf(FunctionRegistry registry, Delegate function) =>
        registry.Find(function.Method)?.Path
        ?? throw new SchedulingException($"{function.Method.DeclaringType?.Name}.{function.Method.Name} is not a registered function.");

    // Checks the function (a mutation or an action) and binds the arguments now, as the job will.
    internal static ScheduledJob NewJob(FunctionRegistry registry, ValueMapper values, string path, object? args, DateTimeOffset when,
        string? cronName)
    {
        var canonical = FunctionPath.Canonicalize(path);
        var function = registry.Find(canonical) ?? throw new SchedulingException($"There is no function '{FunctionPath.Display(canonical)}' to schedule.");
        if (function.Kind == FunctionKind.Query)
        {
            throw new SchedulingException($"'{FunctionPath.Display(canonical)}' is a query; only mutations and actions can be scheduled.");
        }

        var value = args is ConvexValue given ? given : args is null ? ConvexObject.Empty : values.ToConvex(args);
        try
        {
            function.Arguments.Bind(value);
        }
        catch (Exception e) when (e is ArgumentShapeException or ArgumentContentException)
        {
            throw new SchedulingException($"The arguments for '{FunctionPath.Display(canonical)}' do not fit it: {e.Message}", e);
        }

        return new ScheduledJob
        {
            Id = Guid.CreateVersion7(),
            FunctionPath = canonical,
            Kind = function.Kind == FunctionKind.Mutation ? JobKinds.Mutation : JobKinds.Action,
            Args = ConvexJson.Serialize(value, ConvexJsonFormat.ConvexEncoded),
            ScheduledFor = when,
            State = JobStates.Pending,
            CronName = cronName,
        };
    }
}

/// <summary>A function or arguments that cannot be scheduled (a bug in the scheduling code, reported as such).</summary>
public sealed class SchedulingException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
