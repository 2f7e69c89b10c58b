using Poktapok.Engine.Scheduling;

namespace Poktapok.App;

/// <summary>
/// The app's crons (FUNCTIONS.md §5). Each names its function as a method group, so a renamed function is a
/// compile error, and its arguments are checked against the function at start-up.
/// </summary>
public static class Crons
{
    /// <summary>Declares the crons; <paramref name="settings"/> carries what configuration decides.</summary>
    public static CronTable Declare(CronSettings settings)
    {
        var crons = new CronTable();
        return crons;
    }
}

/// <summary>What configuration decides about the app's crons.</summary>
public sealed record CronSettings
{
    /// <summary>The Luma calendar the daily sync reads (<c>Luma:CalendarSlug</c>).</summary>
    public string LumaCalendarSlug { get; init; } = "frutero-club";

    /// <summary>
    /// When the Luma sync runs, as a five-field cron expression in UTC (<c>Luma:SyncSchedule</c>); <c>off</c>
    /// declares no sync cron. Default: daily at 12:00 UTC (06:00 in Mexico City).
    /// </summary>
    public string LumaSyncSchedule { get; init; } = DailyAtNoon;

    public const string DailyAtNoon = "0 12 * * *";
}
