using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Poktapok.App.Data;
using Poktapok.Engine.Scheduling;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Scheduling;

/// <summary>Helpers for tests of the scheduler: servers with a clock the test moves, and waits for jobs.</summary>
public abstract class SchedulerTest : DatabaseTest
{
    /// <summary>A server whose clock is <paramref name="clock"/> (and, when given, whose crons are <paramref name="crons"/>).</summary>
    protected Task<TestServer> StartAsync(TimeProvider? clock = null, CronTable? crons = null, IDictionary<string, string?>? settings = null) =>
        TestServer.StartAsync(Database, settings ?? new Dictionary<string, string?> { ["Scheduler:PollIntervalSeconds"] = "0.2" }, services =>
        {
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }

            if (crons is not null)
            {
                services.AddSingleton(crons);
            }
        });

    /// <summary>A fake clock at a fixed instant.</summary>
    protected static FakeTimeProvider ClockAt(int year, int month, int day, int hour, int minute) =>
        new(new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero));

    /// <summary>Calls a mutation and returns its value (the job id for the demo:schedule… functions).</summary>
    protected static async Task<string> MutateAsync(TestServer server, string path, object args)
    {
        var response = await server.CallAsync("mutation", path, args);
        response["status"]!.GetValue<string>().ShouldBe("success", response.ToJsonString());
        return response["value"]!.ToString();
    }

    protected static async Task<int> CounterAsync(TestServer server, string name) =>
        (await server.CallAsync("query", "demo:get", new { name }))["value"]!.GetValue<int>();

    /// <summary>The job as <c>demo:job</c> reports it.</summary>
    protected static async Task<JsonNode?> JobAsync(TestServer server, string jobId) =>
        (await server.CallAsync("query", "demo:job", new { jobId }))["value"];

    /// <summary>Waits (real time, bounded) until the job is in <paramref name="state"/>; fails with its last state.</summary>
    protected static async Task<JsonNode> WaitForStateAsync(TestServer server, string jobId, string state)
    {
        JsonNode? job = null;
        for (var i = 0; i < 300; i++)
        {
            job = await JobAsync(server, jobId);
            if (job?["state"]?.GetValue<string>() == state)
            {
                return job;
            }

            await Task.Delay(50);
        }

        throw new ShouldAssertException($"Job {jobId} never reached '{state}'; it is {job?.ToJsonString() ?? "missing"}.");
    }

    /// <summary>Waits until the scheduler recorded its crons (so the clock can be moved past their first occurrence).</summary>
    protected async Task WaitForCronsAsync(int count)
    {
        for (var i = 0; i < 300; i++)
        {
            await using var db = Database.Open();
            if (await db.CronStates.CountAsync() == count)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new ShouldAssertException($"The scheduler never recorded {count} cron(s).");
    }

    /// <summary>Every job of a cron, oldest first.</summary>
    protected async Task<List<ScheduledJob>> CronJobsAsync(string cron)
    {
        await using var db = Database.Open();
        return await db.ScheduledJobs.Where(j => j.CronName == cron).OrderBy(j => j.ScheduledFor).ThenBy(j => j.Id).ToListAsync();
    }

    /// <summary>Waits until the cron has <paramref name="count"/> jobs in a final state.</summary>
    protected async Task<List<ScheduledJob>> WaitForCronJobsAsync(string cron, int count)
    {
        List<ScheduledJob> jobs = [];
        for (var i = 0; i < 300; i++)
        {
            jobs = await CronJobsAsync(cron);
            if (jobs.Count(j => j.IsFinished) >= count)
            {
                return jobs;
            }

            await Task.Delay(50);
        }

        throw new ShouldAssertException($"Cron '{cron}' has {jobs.Count(j => j.IsFinished)} finished job(s), not {count}: "
            + string.Join(", ", jobs.Select(j => $"{j.State} {j.Error}")));
    }

    /// <summary>Lets the scheduler act on what it was told (for "nothing happens" checks, which can only wait a little).</summary>
    protected static Task SettleAsync() => Task.Delay(600);
}
