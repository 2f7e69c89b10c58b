using System.ComponentModel.DataAnnotations;
using Poktapok.Engine.Functions;
using Poktapok.Engine.Scheduling;

namespace Poktapok.App.Functions;

/// <summary>Demo functions that exercise the scheduler (tests and the "writing a function" guide).</summary>
public static partial class Demo
{
    /// <summary>
    /// Schedules <c>demo:increment</c> of <paramref name="name"/> after <paramref name="delayMs"/> and returns the
    /// job id; with <paramref name="thenFail"/> the mutation fails after scheduling, so the job never exists.
    /// </summary>
    [Mutation]
    [return: IdOf(IdOfAttribute.ScheduledFunctions)]
    public static string ScheduleIncrement(MutationContext ctx, [Length(1, 100)] string name, [Range(0, 86_400_000)] long delayMs,
        [Range(-1000, 1000)] int by = 1, bool thenFail = false)
    {
        var job = ctx.Scheduler.RunAfter(TimeSpan.FromMilliseconds(delayMs), Increment, new { name, by });
        return thenFail
            ? throw new ConvexError(new { code = "FAILED_AS_ASKED" }, "Failed after scheduling, as asked.")
            : job.ToString();
    }

    /// <summary>Schedules <c>demo:incrementAfterPause</c> (an internal action) after <paramref name="delayMs"/>.</summary>
    [Mutation]
    [return: IdOf(IdOfAttribute.ScheduledFunctions)]
    public static string ScheduleSlowIncrement(MutationContext ctx, [Length(1, 100)] string name, [Range(0, 86_400_000)] long delayMs,
        [Range(0, 60_000)] int pauseMs) =>
        ctx.Scheduler.RunAfter(TimeSpan.FromMilliseconds(delayMs), IncrementAfterPause, new { name, pauseMs }).ToString();

    /// <summary>Schedules <c>demo:refuse</c> so that it fails when it runs (its error is recorded on the job).</summary>
    [Mutation]
    [return: IdOf(IdOfAttribute.ScheduledFunctions)]
    public static string ScheduleFailure(MutationContext ctx) =>
        ctx.Scheduler.RunAfter(TimeSpan.Zero, Refuse, new { max = -1L }).ToString();

    /// <summary>Waits <paramref name="pauseMs"/> (real time), then increments <paramref name="name"/>.</summary>
    [InternalAction]
    public static async Task<int> IncrementAfterPause(ActionContext ctx, string name, int pauseMs)
    {
        await Task.Delay(pauseMs);
        return await ctx.RunMutation<int>(Increment, new { name });
    }

    /// <summary>Cancels a pending job; false when it is not pending.</summary>
    [Mutation]
    public static Task<bool> CancelJob(MutationContext ctx, Guid jobId) => ctx.Scheduler.CancelAsync(jobId);

    /// <summary>A job's state, or null when there is no such job.</summary>
    [Query]
    public static async Task<JobView?> Job(QueryContext ctx, Guid jobId) =>
        await ctx.Db.ScheduledJobs.FindAsync(jobId) is { } job ? JobView.Of(job) : null;

    /// <summary>What <c>demo:job</c> tells about a job.</summary>
    public sealed record JobView(string FunctionPath, string State, string? Error, string? CronName, double ScheduledFor, double? StartedAt,
        double? CompletedAt)
    {
        internal static JobView Of(ScheduledJob job) => new(job.FunctionPath, job.State, job.Error, job.CronName,
            job.ScheduledFor.ToUnixTimeMilliseconds(), job.StartedAt?.ToUnixTimeMilliseconds(), job.CompletedAt?.ToUnixTimeMilliseconds());
    }
}
