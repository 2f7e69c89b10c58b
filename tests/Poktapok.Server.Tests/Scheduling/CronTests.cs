using Microsoft.EntityFrameworkCore;
using Poktapok.App.Functions;
using Poktapok.Engine.Scheduling;

namespace Poktapok.Server.Tests.Scheduling;

/// <summary>Crons declared in code, fired by the scheduler under a clock the test moves.</summary>
public sealed class CronTests : SchedulerTest
{
    [Fact]
    public async Task a_daily_cron_fires_at_its_time_once_per_day()
    {
        var clock = ClockAt(2030, 3, 1, 11, 59);
        var crons = new CronTable().Daily("noon", 12, 0, Demo.Increment, new { name = "noon" });
        await using var server = await StartAsync(clock, crons);
        await WaitForCronsAsync(1);

        clock.Advance(TimeSpan.FromSeconds(59));
        await SettleAsync();
        (await CounterAsync(server, "noon")).ShouldBe(0);

        clock.Advance(TimeSpan.FromSeconds(2));
        var jobs = await WaitForCronJobsAsync("noon", 1);
        jobs.ShouldHaveSingleItem().State.ShouldBe(JobStates.Success);
        jobs[0].ScheduledFor.ShouldBe(new DateTimeOffset(2030, 3, 1, 12, 0, 1, TimeSpan.Zero));
        (await CounterAsync(server, "noon")).ShouldBe(1);

        clock.Advance(TimeSpan.FromHours(6));
        await SettleAsync();
        (await CounterAsync(server, "noon")).ShouldBe(1);

        clock.Advance(TimeSpan.FromHours(18));
        await WaitForCronJobsAsync("noon", 2);
        (await CounterAsync(server, "noon")).ShouldBe(2);
        await using var db = Database.Open();
        var state = await db.CronStates.SingleAsync();
        state.NextRunAt.ShouldBe(new DateTimeOffset(2030, 3, 3, 12, 0, 0, TimeSpan.Zero));
        state.Schedule.ShouldBe("daily at 12:00 UTC");
    }

    [Fact]
    public async Task an_occurrence_missed_while_no_server_ran_fires_once_at_start_up()
    {
        var clock = ClockAt(2030, 3, 1, 11, 0);
        var crons = new CronTable().Daily("noon", 12, 0, Demo.Increment, new { name = "missed" });
        await using (var first = await StartAsync(clock, crons))
        {
            await WaitForCronsAsync(1);
        }

        // Three noons pass with no server running.
        clock.Advance(TimeSpan.FromDays(3));
        await using var second = await StartAsync(clock, crons);

        await WaitForCronJobsAsync("noon", 1);
        await SettleAsync();
        (await CronJobsAsync("noon")).Count.ShouldBe(1);
        (await CounterAsync(second, "missed")).ShouldBe(1);
        await using var db = Database.Open();
        (await db.CronStates.SingleAsync()).NextRunAt.ShouldBe(new DateTimeOffset(2030, 3, 4, 12, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task a_run_due_while_the_previous_one_still_runs_is_skipped_and_recorded()
    {
        var clock = ClockAt(2030, 3, 1, 10, 0);
        var crons = new CronTable().Interval("slow", TimeSpan.FromMinutes(1), Demo.IncrementAfterPause, new { name = "slow", pauseMs = 2500 });
        await using var server = await StartAsync(clock, crons);
        await WaitForCronsAsync(1);

        clock.Advance(TimeSpan.FromMinutes(1));
        await WaitUntilAsync(async () => (await CronJobsAsync("slow")).Any(j => j.State == JobStates.Running));
        clock.Advance(TimeSpan.FromMinutes(1));

        var jobs = await WaitForCronJobsAsync("slow", 2);
        var skipped = jobs.Single(j => j.State == JobStates.Canceled);
        skipped.Error!.ShouldStartWith("Skipped: the previous run");
        jobs.Single(j => j.State == JobStates.Success).Id.ShouldNotBe(skipped.Id);
        (await CounterAsync(server, "slow")).ShouldBe(1);
    }

    [Fact]
    public async Task two_servers_turn_each_occurrence_into_one_run()
    {
        var clock = ClockAt(2030, 3, 1, 10, 0);
        var crons = new CronTable().Interval("every minute", TimeSpan.FromMinutes(1), Demo.Increment, new { name = "shared cron" });
        var settings = new Dictionary<string, string?> { ["Scheduler:PollIntervalSeconds"] = "0.05" };
        await using var a = await StartAsync(clock, crons, settings);
        await using var b = await StartAsync(clock, crons, settings);
        await WaitForCronsAsync(1);

        for (var minute = 1; minute <= 5; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await WaitForCronJobsAsync("every minute", minute);
        }

        await SettleAsync();
        (await CronJobsAsync("every minute")).Count.ShouldBe(5);
        (await CounterAsync(a, "shared cron")).ShouldBe(5);
    }

    [Fact]
    public async Task a_cron_no_longer_declared_is_forgotten_and_its_history_kept()
    {
        var clock = ClockAt(2030, 3, 1, 10, 0);
        var first = new CronTable().Interval("old", TimeSpan.FromMinutes(1), Demo.Increment, new { name = "old" });
        await using (await StartAsync(clock, first))
        {
            await WaitForCronsAsync(1);
            clock.Advance(TimeSpan.FromMinutes(1));
            await WaitForCronJobsAsync("old", 1);
        }

        var second = new CronTable().Interval("new", TimeSpan.FromMinutes(1), Demo.Increment, new { name = "new" });
        await using var server = await StartAsync(clock, second);
        await WaitUntilAsync(async () =>
        {
            await using var db = Database.Open();
            return await db.CronStates.Select(c => c.Name).SingleOrDefaultAsync() == "new";
        });
        (await CronJobsAsync("old")).Count.ShouldBe(1);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new ShouldAssertException("The condition never held.");
    }
}
