using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Data;
using Poktapok.Engine.Data;
using Poktapok.Engine.Scheduling;

namespace Poktapok.Server.Cli;

// `poktapok jobs` and `poktapok crons`: the scheduler's state and history, read from the database.
public static partial class PoktapokCli
{
    private static readonly Option<string?> s_state = WithValidator(new Option<string?>("--state")
    {
        Description = "Only jobs in this state: pending, running, success, failed or canceled.",
    }, result =>
    {
        if (result.GetValueOrDefault<string?>() is { } state && !JobStates.All.Contains(state))
        {
            result.AddError($"--state must be one of {string.Join(", ", JobStates.All)}.");
        }
    });

    private static readonly Option<string?> s_cron = new("--cron") { Description = "Only the runs of this cron (its name)." };

    private static readonly Option<int> s_limit = WithValidator(new Option<int>("--limit")
    {
        Description = "How many jobs to show, newest first (1–1000).",
        DefaultValueFactory = _ => 20,
    }, result =>
    {
        if (result.GetValueOrDefault<int>() is < 1 or > 1000)
        {
            result.AddError("--limit must be from 1 to 1000.");
        }
    });

    private static Command JobsCommand(TextWriter output, TextWriter error, IDictionary<string, string?> settings)
    {
        var jobs = new Command("jobs", "List scheduled jobs and their history (state, times, error), newest first.");
        jobs.Options.Add(s_state);
        jobs.Options.Add(s_cron);
        jobs.Options.Add(s_limit);
        jobs.SetAction((parse, ct) => Guarded(error, () => ListJobsAsync(parse, settings, output, ct)));
        return jobs;
    }

    private static Command CronsCommand(TextWriter output, TextWriter error, IDictionary<string, string?> settings)
    {
        var crons = new Command("crons", "List the crons a server recorded: schedule, function, next run, and the last run's state.");
        crons.SetAction((parse, ct) => Guarded(error, () => ListCronsAsync(parse, settings, output, ct)));
        return crons;
    }

    private static async Task<int> ListJobsAsync(ParseResult parse, IDictionary<string, string?> settings, TextWriter output, CancellationToken ct)
    {
        await using var db = await OpenMigratedAsync(parse, settings, ct);
        var query = db.ScheduledJobs.AsNoTracking();
        if (parse.GetValue(s_state) is { } state)
        {
            query = query.Where(j => j.State == state);
        }

        if (parse.GetValue(s_cron) is { } cron)
        {
            query = query.Where(j => j.CronName == cron);
        }

        var rows = await query.OrderByDescending(j => j.ScheduledFor).ThenByDescending(j => j.Id).Take(parse.GetValue(s_limit)).ToListAsync(ct);
        await WriteTableAsync(output, ["id", "function", "state", "scheduled for", "completed", "cron", "error"],
            rows.Select(j => new[]
            {
                j.Id.ToString(), j.FunctionPath, j.State, Time(j.ScheduledFor), j.CompletedAt is { } c ? Time(c) : "", j.CronName ?? "", j.Error ?? "",
            }));
        await output.WriteLineAsync($"{rows.Count} job(s).");
        return ExitOk;
    }

    private static async Task<int> ListCronsAsync(ParseResult parse, IDictionary<string, string?> settings, TextWriter output, CancellationToken ct)
    {
        await using var db = await OpenMigratedAsync(parse, settings, ct);
        var crons = await db.CronStates.AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);
        var lastIds = crons.Select(c => c.LastJobId).OfType<Guid>().ToList();
        var last = await db.ScheduledJobs.AsNoTracking().Where(j => lastIds.Contains(j.Id)).ToDictionaryAsync(j => j.Id, ct);
        await WriteTableAsync(output, ["cron", "schedule", "function", "next run", "last run", "last state"],
            crons.Select(c => new[]
            {
                c.Name, c.Schedule, c.FunctionPath, Time(c.NextRunAt), c.LastRunAt is { } l ? Time(l) : "never",
                c.LastJobId is { } id && last.TryGetValue(id, out var job) ? job.State + (job.Error is null ? "" : ": " + job.Error) : "",
            }));
        await output.WriteLineAsync(crons.Count == 0
            ? "No crons recorded yet: a server records the declared crons when it starts."
            : $"{crons.Count} cron(s).");
        return ExitOk;
    }

    private static async Task<AppDb> OpenMigratedAsync(ParseResult parse, IDictionary<string, string?> settings, CancellationToken ct)
    {
        var target = DatabaseTarget.Parse(Configuration(parse, settings)["Database:Url"]);
        await Migrator.MigrateAsync(target, ct);
        return AppDb.Open(target);
    }

    private static string Time(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // Columns padded to their widest cell; a long error is cut so one job stays one line.
    private static async Task WriteTableAsync(TextWriter output, string[] header, IEnumerable<string[]> rows)
    {
        var cells = rows.Select(r => r.Select(c => c.Length > 80 ? c[..77] + "..." : c).ToArray()).Prepend(header).ToList();
        var widths = header.Select((_, i) => cells.Max(r => r[i].Length)).ToArray();
        foreach (var row in cells)
        {
            await output.WriteLineAsync(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }
    }
}
