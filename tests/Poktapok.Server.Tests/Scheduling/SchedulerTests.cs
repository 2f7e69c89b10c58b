using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Poktapok.App.Data;
using Poktapok.App.Functions;
using Poktapok.Engine.Scheduling;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Scheduling;

/// <summary><c>ctx.Scheduler</c> and the jobs it writes: when they run, how often, and what is recorded.</summary>
public sealed class SchedulerTests : SchedulerTest
{
    [Fact]
    public async Task a_scheduled_mutation_runs_once_when_it_is_due_and_records_its_times()
    {
        var clock = ClockAt(2030, 1, 1, 10, 0);
        await using var server = await StartAsync(clock);

        var jobId = await MutateAsync(server, "demo:scheduleIncrement", new { name = "later", delayMs = 60_000 });
        (await JobAsync(server, jobId))!["state"]!.GetValue<string>().ShouldBe(JobStates.Pending);

        clock.Advance(TimeSpan.FromSeconds(59));
        await SettleAsync();
        (await CounterAsync(server, "later")).ShouldBe(0);
        (await JobAsync(server, jobId))!["state"]!.GetValue<string>().ShouldBe(JobStates.Pending);

        clock.Advance(TimeSpan.FromSeconds(2));
        var job = await WaitForStateAsync(server, jobId, JobStates.Success);
        (await CounterAsync(server, "later")).ShouldBe(1);
        job["functionPath"]!.GetValue<string>().ShouldBe("demo:increment");
        job["scheduledFor"]!.GetValue<double>().ShouldBe(new DateTimeOffset(2030, 1, 1, 10, 1, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
        job["completedAt"]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(job["scheduledFor"]!.GetValue<double>());

        clock.Advance(TimeSpan.FromMinutes(10));
        await SettleAsync();
        (await CounterAsync(server, "later")).ShouldBe(1);
    }

    [Fact]
    public async Task a_job_scheduled_by_a_mutation_that_rolled_back_never_exists_and_never_runs()
    {
        await using var server = await StartAsync();

        var response = await server.CallAsync("mutation", "demo:scheduleIncrement", new { name = "ghost", delayMs = 0, thenFail = true });
        response["status"]!.GetValue<string>().ShouldBe("error");

        await SettleAsync();
        await using var db = Database.Open();
        (await db.ScheduledJobs.CountAsync(j => j.FunctionPath == "demo:increment")).ShouldBe(0);
        (await CounterAsync(server, "ghost")).ShouldBe(0);
    }

    [Fact]
    public async Task a_job_whose_function_fails_is_recorded_failed_with_the_error()
    {
        await using var server = await StartAsync();

        var jobId = await MutateAsync(server, "demo:scheduleFailure", new { });

        var job = await WaitForStateAsync(server, jobId, JobStates.Failed);
        job["error"]!.GetValue<string>().ShouldBe("That is too many.");
        job["completedAt"].ShouldNotBeNull();
    }

    [Fact]
    public async Task a_canceled_job_never_runs_and_cannot_be_canceled_twice()
    {
        var clock = ClockAt(2030, 1, 1, 10, 0);
        await using var server = await StartAsync(clock);
        var jobId = await MutateAsync(server, "demo:scheduleIncrement", new { name = "canceled", delayMs = 60_000 });

        (await MutateAsync(server, "demo:cancelJob", new { jobId })).ShouldBe("true");
        (await MutateAsync(server, "demo:cancelJob", new { jobId })).ShouldBe("false");

        clock.Advance(TimeSpan.FromMinutes(5));
        await SettleAsync();
        (await CounterAsync(server, "canceled")).ShouldBe(0);
        var job = await JobAsync(server, jobId);
        job!["state"]!.GetValue<string>().ShouldBe(JobStates.Canceled);
        job["completedAt"]!.GetValue<double>().ShouldBe(new DateTimeOffset(2030, 1, 1, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task a_scheduled_action_moves_from_pending_through_running_to_success()
    {
        await using var server = await StartAsync();

        var jobId = await MutateAsync(server, "demo:scheduleSlowIncrement", new { name = "slow", delayMs = 0, pauseMs = 1500 });

        var running = await WaitForStateAsync(server, jobId, JobStates.Running);
        running["startedAt"].ShouldNotBeNull();
        (await CounterAsync(server, "slow")).ShouldBe(0);
        await WaitForStateAsync(server, jobId, JobStates.Success);
        (await CounterAsync(server, "slow")).ShouldBe(1);
    }

    [Fact]
    public async Task a_pending_job_survives_a_restart_and_runs_on_the_next_server()
    {
        var clock = ClockAt(2030, 1, 1, 10, 0);
        string jobId;
        await using (var first = await StartAsync(clock))
        {
            jobId = await MutateAsync(first, "demo:scheduleIncrement", new { name = "restart", delayMs = 60_000 });
        }

        clock.Advance(TimeSpan.FromMinutes(2));
        await using var second = await StartAsync(clock);
        await WaitForStateAsync(second, jobId, JobStates.Success);
        (await CounterAsync(second, "restart")).ShouldBe(1);
    }

    [Fact]
    public async Task an_action_whose_server_stopped_mid_run_is_marked_failed_and_never_run_again()
    {
        var id = Guid.CreateVersion7();
        await using (var db = Database.Open())
        {
            db.ScheduledJobs.Add(new ScheduledJob
            {
                Id = id, FunctionPath = "demo:incrementAfterPause", Kind = JobKinds.Action, Args = """{"name":"interrupted","pauseMs":0}""",
                ScheduledFor = DateTimeOffset.UtcNow.AddMinutes(-10), State = JobStates.Running, StartedAt = DateTimeOffset.UtcNow.AddMinutes(-10),
                Node = "a-server-that-died", LeaseUntil = DateTimeOffset.UtcNow.AddMinutes(-5),
            });
            await db.SaveChangesAsync();
        }

        await using var server = await StartAsync();

        var job = await WaitForStateAsync(server, id.ToString(), JobStates.Failed);
        job["error"]!.GetValue<string>().ShouldStartWith("Interrupted");
        await SettleAsync();
        (await CounterAsync(server, "interrupted")).ShouldBe(0);
    }

    [Fact]
    public async Task two_servers_on_one_database_run_each_job_exactly_once()
    {
        var settings = new Dictionary<string, string?> { ["Scheduler:PollIntervalSeconds"] = "0.05" };
        await using var a = await StartAsync(settings: settings);
        await using var b = await StartAsync(settings: settings);
        var ran = new System.Collections.Concurrent.ConcurrentBag<(string Node, Guid Id)>();
        foreach (var server in new[] { a, b })
        {
            var scheduler = server.Services.GetRequiredService<JobScheduler<AppDb>>();
            scheduler.JobFinished += run => ran.Add((scheduler.Node, run.Id));
        }

        var jobs = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            // Due at once, so both servers find them on their next poll.
            jobs.Add(await MutateAsync(i % 2 == 0 ? a : b, "demo:scheduleIncrement", new { name = "shared", delayMs = 300 }));
        }

        foreach (var jobId in jobs)
        {
            await WaitForStateAsync(a, jobId, JobStates.Success);
        }

        (await CounterAsync(a, "shared")).ShouldBe(20);

        // JobFinished is raised after the run's commit, so the last runs' events may trail their Success state.
        for (var waited = 0; ran.Count < 20 && waited < 10_000; waited += 50)
        {
            await Task.Delay(50);
        }

        await SettleAsync(); // time for a second run of any job to show up
        ran.Select(r => r.Id).Distinct().Count().ShouldBe(20);
        ran.Count.ShouldBe(20);
    }

    [Fact]
    public async Task two_servers_on_one_database_run_each_action_at_most_once()
    {
        var settings = new Dictionary<string, string?> { ["Scheduler:PollIntervalSeconds"] = "0.05" };
        await using var a = await StartAsync(settings: settings);
        await using var b = await StartAsync(settings: settings);

        var jobs = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            jobs.Add(await MutateAsync(i % 2 == 0 ? a : b, "demo:scheduleSlowIncrement", new { name = "shared action", delayMs = 300, pauseMs = 100 }));
        }

        foreach (var jobId in jobs)
        {
            await WaitForStateAsync(a, jobId, JobStates.Success);
        }

        await SettleAsync();
        (await CounterAsync(a, "shared action")).ShouldBe(10);
    }

    [Fact]
    public async Task scheduling_checks_the_function_and_its_arguments_when_the_cron_is_declared()
    {
        var crons = new CronTable().Interval("bad", TimeSpan.FromMinutes(1), Demo.Get, new { name = "x" });
        var error = await Should.ThrowAsync<SchedulingException>(() => StartAsync(crons: crons));
        error.Message.ShouldContain("is a query");

        var wrongArgs = new CronTable().Interval("bad args", TimeSpan.FromMinutes(1), Demo.Increment, new { nope = 1 });
        (await Should.ThrowAsync<SchedulingException>(() => StartAsync(crons: wrongArgs))).Message.ShouldContain("demo:increment");
    }
}
