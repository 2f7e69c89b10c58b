using Microsoft.Extensions.Logging;
using Poktapok.Engine.Data;
using Microsoft.EntityFrameworkCore;
using Poktapok.Engine.Scheduling;
using Poktapok.Protocol.Values;

namespace Poktapok.Engine.Functions;

public sealed partial class FunctionRunner<TDb>
{
    /// <summary>
    /// Runs a due scheduled mutation exactly once: the job's move from pending to success is written in the
    /// mutation's own transaction, so a node that loses the race (or retries after a conflict) finds the job
    /// done and runs nothing. A failed run rolls back and the failure is recorded on its own. Returns the
    /// job's final state, or null when the job was no longer pending.
    /// </summary>
    internal async Task<string?> RunScheduledMutationAsync(Guid jobId, CancellationToken ct)
    {
        Scheduler? scheduler = null;
        MutationContext<TDb>? context = null;
        var outcome = await GuardJobAsync(async () =>
        {
            var (ran, _) = await _transactions.WriteAsync(
                async (db, now) =>
                {
                    context = null; // an earlier attempt rolled back: its deletions did not happen
                    var job = await db.ScheduledJobs.AsTracking().FirstOrDefaultAsync(j => j.Id == jobId, ct);
                    if (job is not { State: JobStates.Pending })
                    {
                        return (Ran: false, Result: (object?)null);
                    }

                    var args = ConvexJson.Parse(job.Args);
                    var function = ResolveJob(job);
                    scheduler = new Scheduler(db, _registry, _values, now);
                    context = new MutationContext<TDb>(db, Caller.Anonymous, now, new LogLines(), scheduler, StorageOptions);
                    var result = await function.Invoke(context, function.Arguments.Bind(args));
                    job.State = JobStates.Success;
                    job.StartedAt = now;
                    job.CompletedAt = now;
                    return (Ran: true, Result: result);
                },
                run =>
                {
                    if (run.Ran)
                    {
                        Checked(run.Result);
                    }

                    return run.Ran;
                },
                ct);
            return ran ? FunctionOutcome.Ok(ConvexNull.Instance, [], 0) : null;
        }, jobId, ct);

        if (scheduler is { Scheduled: > 0 } && outcome is { Success: true })
        {
            JobsScheduled?.Invoke();
        }

        if (outcome is { Success: true })
        {
            await DeleteBlobsAsync(context);
        }

        if (outcome is null)
        {
            return null;
        }

        if (outcome.Success)
        {
            return JobStates.Success;
        }

        return await FinishJobAsync(jobId, JobStates.Pending, JobStates.Failed, outcome.ErrorMessage, ct) ? JobStates.Failed : null;
    }

    /// <summary>
    /// Runs a due scheduled action at most once: the job is claimed (pending → running, with a lease this node
    /// renews while the action runs) in one transaction before the action starts, and finished in another. A
    /// node that stops mid-action leaves the job running until its lease runs out; then it is marked failed,
    /// never run again. Returns the job's final state, or null when another node had the job.
    /// </summary>
    internal async Task<string?> RunScheduledActionAsync(Guid jobId, string node, TimeSpan lease, TimeProvider clock, CancellationToken ct)
    {
        var (job, _) = await _transactions.WriteAsync(async (db, now) =>
        {
            var claimed = await db.ScheduledJobs.AsTracking().FirstOrDefaultAsync(j => j.Id == jobId, ct);
            if (claimed is not { State: JobStates.Pending })
            {
                return null;
            }

            claimed.State = JobStates.Running;
            claimed.StartedAt = now;
            claimed.Node = node;
            claimed.LeaseUntil = now + lease;
            return claimed;
        }, ct);
        if (job is null)
        {
            return null;
        }

        // Renewed until the action returns (not until shutdown begins: a stopping server still waits for it).
        using var renewing = new CancellationTokenSource();
        var renewal = RenewLeaseAsync(jobId, node, lease, clock, renewing.Token);
        FunctionOutcome outcome;
        try
        {
            outcome = await RunAsync(job.FunctionPath, ConvexJson.Parse(job.Args), Caller.Anonymous, FunctionKind.Action, ct, fromServer: true);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await FinishJobAsync(jobId, JobStates.Running, JobStates.Failed,
                "Interrupted: the server stopped while the action ran. Actions run at most once, so it was not run again.", CancellationToken.None, node);
            throw;
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
        }

        var state = outcome.Success ? JobStates.Success : JobStates.Failed;
        return await FinishJobAsync(jobId, JobStates.Running, state, outcome.Success ? null : outcome.ErrorMessage, CancellationToken.None, node)
            ? state
            : null;
    }

    private async Task RenewLeaseAsync(Guid jobId, string node, TimeSpan lease, TimeProvider clock, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(lease / 3, clock, ct);
                await _transactions.WriteAsync(async (db, now) =>
                {
                    var job = await db.ScheduledJobs.AsTracking().FirstOrDefaultAsync(j => j.Id == jobId && j.Node == node, ct);
                    if (job is { State: JobStates.Running })
                    {
                        job.LeaseUntil = now + lease;
                    }

                    return 0;
                }, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A renewal that fails is tried again at the next beat; the lease allows two misses.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _logger.LogWarning(e, "Could not renew the lease of job {JobId}; trying again at the next beat", jobId);
            }
        }
    }

    // Moves a job from one state to a final one, if it is still in the first (and, for actions, still ours).
    private async Task<bool> FinishJobAsync(Guid jobId, string from, string to, string? error, CancellationToken ct, string? node = null)
    {
        var (finished, _) = await _transactions.WriteAsync(async (db, now) =>
        {
            var job = await db.ScheduledJobs.AsTracking().FirstOrDefaultAsync(j => j.Id == jobId, ct);
            if (job is null || job.State != from || (node is not null && job.Node != node))
            {
                return false;
            }

            job.State = to;
            job.StartedAt ??= now;
            job.CompletedAt = now;
            job.Error = error is null ? null : error.Length > 2000 ? error[..2000] : error;
            job.LeaseUntil = null;
            return true;
        }, CancellationToken.None);
        return finished;
    }

    private FunctionDefinition ResolveJob(ScheduledJob job) =>
        _registry.Find(job.FunctionPath) is { Kind: FunctionKind.Mutation } function
            ? function
            : throw new SchedulingException($"The scheduled function '{FunctionPath.Display(job.FunctionPath)}' is no longer a registered mutation.");

    // The error handling of RunAsync for a job: application errors and bugs become a failed outcome (bugs are
    // logged with a request id), cancellation propagates.
    private async Task<FunctionOutcome?> GuardJobAsync(Func<Task<FunctionOutcome?>> run, Guid jobId, CancellationToken ct)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (AsApplicationError(e) is { } error)
        {
            return FunctionOutcome.Failed(error.Message, null, []);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (TransientErrors.IsTransient(e))
        {
            // The database is away (or conflicts outlasted the retries): the job stays pending and runs at a later tick.
            throw;
        }
#pragma warning disable CA1031 // Every other failure is a bug in a function or the runtime: logged, recorded on the job without its text.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var requestId = Guid.NewGuid().ToString("N")[..16];
            _logger.LogError(e, "Request {RequestId}: scheduled job {JobId} failed", requestId, jobId);
            return FunctionOutcome.Failed(e is SchedulingException ? e.Message : $"[Request ID: {requestId}] Server Error", null, []);
        }
    }
}
