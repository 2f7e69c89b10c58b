using Poktapok.App.Functions;
using Poktapok.App.Functions.Luma;
using Poktapok.Engine.Scheduling;

namespace Poktapok.App;

/// <summary>
/// The app's crons (FUNCTIONS.md §5). Each names its function as a method group, so a renamed function is a
/// compile error, and its arguments are checked against the function at start-up.
/// </summary>
public static class Crons
{
    /// <summary>The name of the Luma calendar sync cron (its runs are the jobs with this cron name).</summary>
    public const string LumaSync = "sync luma calendar";

    /// <summary>The name of the event status cron.</summary>
    public const string EventStatuses = "refresh event statuses";

    /// <summary>The name of the daily cleanup of uploaded files nobody attached.</summary>
    public const string FileCleanup = "delete orphaned files";

    /// <summary>The name of the activity expiry cron.</summary>
    public const string ActivityExpiry = "close expired activities";

    /// <summary>The name of the invitation expiry cron.</summary>
    public const string InvitationExpiry = "expire invitations";

    /// <summary>The name of the cron that drops project view marks past their window.</summary>
    public const string ViewMarks = "forget old project views";

    /// <summary>Declares the crons; <paramref name="settings"/> carries what configuration decides.</summary>
    public static CronTable Declare(CronSettings settings)
    {
        var crons = new CronTable()
            .Interval(EventStatuses, TimeSpan.FromMinutes(5), Events.RefreshStatuses)
            .Daily(FileCleanup, hourUtc: 3, minuteUtc: 0, Files.DeleteOrphans)
            .Interval(ActivityExpiry, TimeSpan.FromHours(1), Activities.CloseExpired)
            .Interval(InvitationExpiry, TimeSpan.FromHours(1), Invitations.ExpireDue)
            .Interval(ViewMarks, TimeSpan.FromHours(1), Projects.ForgetViews);
        if (!string.Equals(settings.LumaSyncSchedule, CronSettings.Off, StringComparison.OrdinalIgnoreCase))
        {
            var args = new { calendarSlug = settings.LumaCalendarSlug };
            if (settings.LumaSyncSchedule == CronSettings.DailyAtNoon)
            {
                crons.Daily(LumaSync, hourUtc: 12, minuteUtc: 0, Sync.SyncCalendar, args);
            }
            else
            {
                crons.Cron(LumaSync, settings.LumaSyncSchedule, Sync.SyncCalendar, args);
            }
        }

        return crons;
    }
}

/// <summary>What configuration decides about the app's crons.</summary>
public sealed record CronSettings
{
    /// <summary>The default schedule of the Luma sync: daily at 12:00 UTC (06:00 in Mexico City).</summary>
    public const string DailyAtNoon = "0 12 * * *";

    /// <summary>The schedule that declares no Luma sync cron.</summary>
    public const string Off = "off";

    /// <summary>The Luma calendar the sync reads (<c>Luma:CalendarSlug</c>).</summary>
    public string LumaCalendarSlug { get; init; } = "frutero-club";

    /// <summary>When the Luma sync runs, a five-field cron expression in UTC (<c>Luma:SyncSchedule</c>), or <see cref="Off"/>.</summary>
    public string LumaSyncSchedule { get; init; } = DailyAtNoon;
}
