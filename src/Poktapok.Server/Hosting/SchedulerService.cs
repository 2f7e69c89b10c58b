using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Poktapok.App.Data;
using Poktapok.Engine.Scheduling;

namespace Poktapok.Server.Hosting;

/// <summary>Runs the scheduler (due jobs and crons) for the lifetime of the server, unless <c>Scheduler:Enabled</c> is false.</summary>
internal sealed class SchedulerService(JobScheduler<AppDb> scheduler, SchedulerOptions options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Enabled)
        {
            scheduler.Start();
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await scheduler.DisposeAsync();

    /// <summary>Reads the <c>Scheduler</c> configuration section.</summary>
    public static SchedulerOptions ReadOptions(IConfiguration configuration)
    {
        var section = configuration.GetSection("Scheduler");
        var defaults = new SchedulerOptions();
        return new SchedulerOptions
        {
            Enabled = section.GetValue("Enabled", defaults.Enabled),
            PollInterval = Seconds(section, "PollIntervalSeconds", defaults.PollInterval),
            MaxConcurrentJobs = Math.Max(1, section.GetValue("MaxConcurrentJobs", defaults.MaxConcurrentJobs)),
            ActionLease = Seconds(section, "ActionLeaseSeconds", defaults.ActionLease),
            HistoryRetention = section.GetValue<double?>("HistoryDays") is { } days && days > 0 ? TimeSpan.FromDays(days) : defaults.HistoryRetention,
        };
    }

    private static TimeSpan Seconds(IConfigurationSection section, string key, TimeSpan fallback) =>
        section.GetValue<double?>(key) is { } seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : fallback;
}
