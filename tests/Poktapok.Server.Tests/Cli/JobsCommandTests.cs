using Poktapok.Engine.Scheduling;
using Poktapok.Server.Cli;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Cli;

/// <summary><c>poktapok jobs</c> and <c>poktapok crons</c>: the scheduler's state and history, read from the database.</summary>
public sealed class JobsCommandTests : DatabaseTest
{
    private async Task<(int Code, string Output, string Error)> Poktapok(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var url = Database.Target.Provider == Engine.Data.DatabaseProvider.Sqlite
            ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(Database.Target.ConnectionString).DataSource
            : Database.Target.ConnectionString;
        var code = await PoktapokCli.RunAsync(args, output, error, new Dictionary<string, string?> { ["Database:Url"] = url });
        return (code, output.ToString(), error.ToString());
    }

    private async Task SaveJobAsync(string state, string? cron = null, string? error = null)
    {
        await using var db = Database.Open();
        db.ScheduledJobs.Add(new ScheduledJob
        {
            Id = Guid.CreateVersion7(), FunctionPath = "demo:increment", Kind = JobKinds.Mutation, Args = "{}", State = state,
            ScheduledFor = DateTimeOffset.UtcNow, CronName = cron, Error = error,
            CompletedAt = state == JobStates.Pending ? null : DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task jobs_lists_the_history_newest_first_and_filters_by_state_and_cron()
    {
        await SaveJobAsync(JobStates.Success, cron: "noon");
        await SaveJobAsync(JobStates.Failed, error: "That is too many.");
        await SaveJobAsync(JobStates.Pending);

        var all = await Poktapok("jobs");
        all.Code.ShouldBe(0, all.Error);
        all.Output.ShouldContain("3 job(s).");

        var failed = await Poktapok("jobs", "--state", "failed");
        failed.Output.ShouldContain("That is too many.");
        failed.Output.ShouldContain("1 job(s).");

        (await Poktapok("jobs", "--cron", "noon")).Output.ShouldContain("1 job(s).");
    }

    [Fact]
    public async Task jobs_refuses_an_unknown_state_and_crons_says_when_none_were_recorded()
    {
        var refused = await Poktapok("jobs", "--state", "exploded");
        refused.Code.ShouldNotBe(0);
        refused.Error.ShouldContain("--state must be one of");

        var crons = await Poktapok("crons");
        crons.Code.ShouldBe(0, crons.Error);
        crons.Output.ShouldContain("No crons recorded yet");
    }

    [Fact]
    public async Task crons_shows_each_recorded_cron_with_its_next_run_and_last_state()
    {
        var declared = App.Crons.Declare(new App.CronSettings()).Definitions.Count;
        await using (var server = await TestServer.StartAsync(Database))
        {
            for (var i = 0; i < 100; i++)
            {
                await using var db = Database.Open();
                if (db.CronStates.Count() == declared)
                {
                    break;
                }

                await Task.Delay(50);
            }
        }

        var crons = await Poktapok("crons");
        crons.Output.ShouldContain("sync luma calendar");
        crons.Output.ShouldContain("daily at 12:00 UTC");
        crons.Output.ShouldContain("luma/sync:syncCalendar");
        crons.Output.ShouldContain("refresh event statuses");
        crons.Output.ShouldContain("delete orphaned files");
        crons.Output.ShouldContain("daily at 03:00 UTC");
        crons.Output.ShouldContain($"{declared} cron(s).");
    }
}
