using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;
using Poktapok.Protocol.Values;

namespace Poktapok.Engine.Scheduling;

/// <summary>A job that reached a final state on this node (for logs, tests and metrics).</summary>
public sealed record JobRun(Guid Id, string FunctionPath, string State, string? CronName);

/// <summary>
/// Runs due jobs and fires due crons, on every node. Everything that decides "who runs this" is a serializable
/// transaction on the shared database (ADR-005): a cron occurrence is turned into one job by whichever node gets
/// there first, a mutation job is marked done in its own transaction, an action job is claimed before it runs.
/// Local scheduling wakes the loop at once; other nodes' jobs are found by a poll
/// (<see cref="SchedulerOptions.PollInterval"/>). Time comes from one <see cref="TimeProvider"/>, so tests can
/// move it.
/// </summary>
public sealed class JobScheduler<TDb> : IAsyncDisposable where TDb : PoktapokDbContext
{
    private readonly FunctionRunner<TDb> _functions;
    private readonly TransactionRunner<TDb> _transactions;
    private readonly SchedulerOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ResolvedCron> _crons;
    private readonly ConcurrentDictionary<Guid, Task> _inFlight = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private DateTimeOffset _lastHousekeeping = DateTimeOffset.MinValue;
    private int _disposed;

    public JobScheduler(FunctionRunner<TDb> functions, TransactionRunner<TDb> transactions, CronTable crons, SchedulerOptions options,
        TimeProvider clock, ILogger logger)
    {
        _functions = functions;
        _transactions = transactions;
        _options = options;
        _clock = clock;
        _logger = logger;
        _crons = crons.Definitions.ToDictionary(d => d.Name, Resolve, StringComparer.Ordinal);
        Node = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>This process's name in <see cref="ScheduledJob.Node"/>.</summary>
    public string Node { get; }

    /// <summary>The declared crons, resolved to function paths.</summary>
    public IReadOnlyCollection<ResolvedCron> Crons => _crons.Values;

    /// <summary>Raised when a job this node ran (or a cron run it skipped) reached its final state.</summary>
    public event Action<JobRun>? JobFinished;

    /// <summary>Starts the loop: the declared crons are recorded first, then due work runs until disposal.</summary>
    public void Start()
    {
        _functions.JobsScheduled += Wake;
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    /// <summary>Looks for due work now (a local mutation scheduled a job; a job finished).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    private async Task LoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && !await TryAsync("record the declared crons", SyncCronsAsync, ct))
        {
            await WaitAsync(_options.PollInterval * 5, ct);
        }

        while (!ct.IsCancellationRequested)
        {
            var wait = _options.PollInterval;
            await TryAsync("run due jobs", async token =>
            {
                var now = _clock.GetUtcNow();
                if (now - _lastHousekeeping >= TimeSpan.FromMinutes(1))
                {
                    await ExpireLeasesAsync(token);
                    await PruneHistoryAsync(now, token);
                    await PruneRateLimitsAsync(now, token);
                    _lastHousekeeping = now;
                }

                foreach (var name in await DueCronsAsync(now, token))
                {
                    await FireCronAsync(name, token);
                }

                if (await StartDueJobsAsync(now, token) is { } next)
                {
                    var untilNext = next - _clock.GetUtcNow();
                    wait = untilNext < TimeSpan.Zero ? TimeSpan.Zero : untilNext < wait ? untilNext : wait;
                }
            }, ct);
            await WaitAsync(wait, ct);
        }
    }

    private async Task<bool> TryAsync(string what, Func<CancellationToken, Task> work, CancellationToken ct)
    {
        try
        {
            await work(ct);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
#pragma warning disable CA1031 // The loop outlives any one failure (a database that is briefly away); it logs and tries again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogWarning(e, "Scheduler: could not {What}; trying again shortly", what);
            return false;
        }
    }

    private async Task WaitAsync(TimeSpan wait, CancellationToken ct)
    {
        if (wait <= TimeSpan.Zero)
        {
            _wake.Reader.TryRead(out _);
            return;
        }

        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            var delay = Task.Delay(wait, _clock, waiting.Token);
            var woken = _wake.Reader.WaitToReadAsync(waiting.Token).AsTask();
            await Task.WhenAny(delay, woken);
            _wake.Reader.TryRead(out _);
        }
        finally
        {
            await waiting.CancelAsync();
        }
    }

    // ------------------------------------------------------------------ crons

    private async Task SyncCronsAsync(CancellationToken ct) =>
        await _transactions.WriteAsync(async (db, now) =>
        {
            var existing = await db.CronStates.AsTracking().ToListAsync(ct);
            foreach (var cron in _crons.Values)
            {
                var row = existing.FirstOrDefault(r => r.Name == cron.Name);
                if (row is null)
                {
                    db.CronStates.Add(new CronRecord
                    {
                        Name = cron.Name, Schedule = cron.Schedule.Description, FunctionPath = cron.Path, Args = cron.Args,
                        NextRunAt = cron.Schedule.Next(now),
                    });
                }
                else if (row.Schedule != cron.Schedule.Description || row.FunctionPath != cron.Path || row.Args != cron.Args)
                {
                    row.Schedule = cron.Schedule.Description;
                    row.FunctionPath = cron.Path;
                    row.Args = cron.Args;
                    if (row.NextRunAt > now)
                    {
                        // A changed schedule counts from now; an occurrence already missed still fires once.
                        row.NextRunAt = cron.Schedule.Next(now);
                    }
                }
            }

            db.CronStates.RemoveRange(existing.Where(r => !_crons.ContainsKey(r.Name)));
            return 0;
        }, ct);

    private async Task<List<string>> DueCronsAsync(DateTimeOffset now, CancellationToken ct) =>
        (await _transactions.ReadAsync((db, _) =>
            db.CronStates.Where(c => c.NextRunAt <= now).OrderBy(c => c.NextRunAt).Select(c => c.Name).ToListAsync(ct), ct)).Result
        .Where(_crons.ContainsKey)
        .ToList();

    // Turns one due occurrence into one job (or a recorded skip when the previous run has not finished). The
    // cron row is read and advanced in the same serializable transaction, so each occurrence fires once
    // however many nodes try; an occurrence missed while no node ran fires once, then the schedule goes on from now.
    private async Task FireCronAsync(string name, CancellationToken ct)
    {
        var cron = _crons[name];
        var (fired, _) = await _transactions.WriteAsync(async (db, now) =>
        {
            var state = await db.CronStates.AsTracking().FirstOrDefaultAsync(c => c.Name == name, ct);
            if (state is null || state.NextRunAt > now)
            {
                return (Job: (ScheduledJob?)null, Previous: (ScheduledJob?)null);
            }

            var due = state.NextRunAt;
            state.NextRunAt = cron.Schedule.Next(now > due ? now : due);
            state.LastRunAt = now;
            var previous = state.LastJobId is { } id ? await db.ScheduledJobs.FirstOrDefaultAsync(j => j.Id == id, ct) : null;
            var job = Scheduler.NewJob(_functions.Registry, _functions.Values, cron.Path, ConvexJson.Parse(cron.Args), now, name);
            if (previous is { State: JobStates.Pending or JobStates.Running })
            {
                job.State = JobStates.Canceled;
                job.CompletedAt = now;
                job.Error = $"Skipped: the previous run ({previous.Id}) was still {previous.State}.";
                db.ScheduledJobs.Add(job);
                return (Job: (ScheduledJob?)job, Previous: (ScheduledJob?)previous);
            }

            db.ScheduledJobs.Add(job);
            state.LastJobId = job.Id;
            return (Job: (ScheduledJob?)job, Previous: (ScheduledJob?)null);
        }, ct);

        if (fired.Job is { State: JobStates.Canceled } skipped)
        {
            _logger.LogWarning("Cron '{Cron}': skipped this run; the previous run {Previous} is still {State}",
                name, fired.Previous!.Id, fired.Previous.State);
            JobFinished?.Invoke(new JobRun(skipped.Id, skipped.FunctionPath, skipped.State, name));
        }
        else if (fired.Job is { } job)
        {
            _logger.LogInformation("Cron '{Cron}': scheduled {Path} as job {JobId}", name, FunctionPath.Display(job.FunctionPath), job.Id);
        }
    }

    // ------------------------------------------------------------------ jobs

    // Starts the due jobs this node has room for; returns when the next job or cron of this node comes due.
    private async Task<DateTimeOffset?> StartDueJobsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var room = _options.MaxConcurrentJobs - _inFlight.Count;
        var (view, _) = await _transactions.ReadAsync(async (db, _) =>
        {
            var due = await db.ScheduledJobs
                .Where(j => j.State == JobStates.Pending && j.ScheduledFor <= now)
                .OrderBy(j => j.ScheduledFor).ThenBy(j => j.Id)
                .Select(j => new { j.Id, j.Kind })
                .Take(_options.MaxConcurrentJobs * 2)
                .ToListAsync(ct);
            var nextJob = await db.ScheduledJobs
                .Where(j => j.State == JobStates.Pending && j.ScheduledFor > now)
                .OrderBy(j => j.ScheduledFor).Select(j => (DateTimeOffset?)j.ScheduledFor).FirstOrDefaultAsync(ct);
            // Only crons this node declares (during a rolling deploy another node's may be due and not ours to fire).
            var crons = await db.CronStates.Select(c => new { c.Name, c.NextRunAt }).ToListAsync(ct);
            var nextCron = crons.Where(c => _crons.ContainsKey(c.Name)).Select(c => (DateTimeOffset?)c.NextRunAt).Min();
            return (Due: due, Next: Earliest(nextJob, nextCron));
        }, ct);

        foreach (var job in view.Due.Where(j => !_inFlight.ContainsKey(j.Id)).Take(Math.Max(room, 0)))
        {
            var gate = new TaskCompletionSource();
            _inFlight[job.Id] = gate.Task;
            _ = RunJobAsync(job.Id, job.Kind, gate, _stop.Token);
        }

        // Due jobs that are running here, or that found no free slot, wake the loop when a job finishes; so the next
        // time to look is only when something not yet due becomes due (or the poll, for other nodes' work).
        return view.Next;
    }

    private async Task RunJobAsync(Guid id, string kind, TaskCompletionSource gate, CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            var state = kind == JobKinds.Mutation
                ? await _functions.RunScheduledMutationAsync(id, ct)
                : await _functions.RunScheduledActionAsync(id, Node, _options.ActionLease, _clock, ct);
            if (state is not null)
            {
                var (job, _) = await _transactions.ReadAsync((db, _) => db.ScheduledJobs.FirstAsync(j => j.Id == id, ct), ct);
                _logger.Log(state == JobStates.Success ? LogLevel.Information : LogLevel.Warning,
                    "Job {JobId} ({Path}) {State}{Error}", id, FunctionPath.Display(job.FunctionPath), state, job.Error is null ? "" : ": " + job.Error);
                JobFinished?.Invoke(new JobRun(id, job.FunctionPath, state, job.CronName));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A job that cannot be run now (the database is away) stays pending and is tried at the next tick.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogWarning(e, "Scheduler: could not run job {JobId}; it is tried again", id);
        }
        finally
        {
            _inFlight.TryRemove(id, out _);
            gate.SetResult();
            Wake();
        }
    }

    // A running action whose node stopped renewing its lease will never finish: it is marked failed, not re-run.
    private async Task ExpireLeasesAsync(CancellationToken ct)
    {
        var (expired, _) = await _transactions.WriteAsync(async (db, now) =>
        {
            var jobs = await db.ScheduledJobs.AsTracking()
                .Where(j => j.State == JobStates.Running && j.LeaseUntil < now)
                .Take(100)
                .ToListAsync(ct);
            var interrupted = jobs.Where(j => !(j.Node == Node && _inFlight.ContainsKey(j.Id))).ToList();
            foreach (var job in interrupted)
            {
                job.State = JobStates.Failed;
                job.CompletedAt = now;
                job.LeaseUntil = null;
                job.Error = "Interrupted: the server running this action stopped. Actions run at most once, so it was not run again.";
            }

            return interrupted.Count;
        }, ct);
        if (expired > 0)
        {
            _logger.LogWarning("Scheduler: marked {Count} interrupted action job(s) failed", expired);
        }
    }

    private async Task PruneHistoryAsync(DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - _options.HistoryRetention;
        await _transactions.WriteAsync(async (db, _) =>
        {
            var old = await db.ScheduledJobs.AsTracking()
                .Where(j => j.CompletedAt < cutoff && j.State != JobStates.Pending && j.State != JobStates.Running)
                .OrderBy(j => j.CompletedAt).Take(500).ToListAsync(ct);
            db.ScheduledJobs.RemoveRange(old);
            return old.Count;
        }, ct);
    }

    // A rate-limit bucket that is full again means the same as none (ADR-007): its row goes.
    private async Task PruneRateLimitsAsync(DateTimeOffset now, CancellationToken ct) =>
        await _transactions.WriteAsync(async (db, _) => await db.RateLimits.Where(r => r.FullAt <= now).ExecuteDeleteAsync(ct), ct);

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    private ResolvedCron Resolve(CronDefinition cron)
    {
        var path = Scheduler.PathOf(_functions.Registry, cron.Function);
        // Checked now, so a cron whose arguments do not fit its function stops start-up instead of failing daily.
        var job = Scheduler.NewJob(_functions.Registry, _functions.Values, path, cron.Args, DateTimeOffset.UnixEpoch, cron.Name);
        return new ResolvedCron(cron.Name, cron.Schedule, path, job.Args);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _functions.JobsScheduled -= Wake;
        await _stop.CancelAsync();
        await _loop;
        await Task.WhenAll(_inFlight.Values);
        _stop.Dispose();
    }
}

/// <summary>A declared cron with its function path and encoded arguments.</summary>
public sealed record ResolvedCron(string Name, CronSchedule Schedule, string Path, string Args);
