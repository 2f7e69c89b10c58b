using System.Globalization;
using Cronos;

namespace Poktapok.Engine.Scheduling;

/// <summary>
/// The crons an app declares (its <c>Crons.cs</c>): a name, a schedule in UTC, and the mutation or action to
/// run with its arguments.
/// <code>
/// crons.Daily("sync luma calendar", hourUtc: 12, minuteUtc: 0, Sync.SyncCalendar, new { calendarSlug });
/// crons.Interval("refresh event statuses", TimeSpan.FromMinutes(5), Events.RefreshStatuses);
/// </code>
/// A cron is due at each occurrence of its schedule; an occurrence missed while no server ran fires once when
/// one starts, and an occurrence whose previous run is still pending or running is skipped (and recorded).
/// </summary>
public sealed class CronTable
{
    private readonly List<CronDefinition> _definitions = [];

    public IReadOnlyList<CronDefinition> Definitions => _definitions;

    /// <summary>Every <paramref name="every"/> (at least one second), counted from the previous run.</summary>
    public CronTable Interval(string name, TimeSpan every, Delegate function, object? args = null)
    {
        if (every < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(every), every, $"Cron '{name}': an interval must be at least one second.");
        }

        return Add(name, new IntervalSchedule(every), function, args);
    }

    /// <summary>Every day at <paramref name="hourUtc"/>:<paramref name="minuteUtc"/> UTC.</summary>
    public CronTable Daily(string name, int hourUtc, int minuteUtc, Delegate function, object? args = null) =>
        Add(name, CronExpressionSchedule.Parse(name, $"{Minute(name, minuteUtc)} {Hour(name, hourUtc)} * * *",
            $"daily at {hourUtc:00}:{minuteUtc:00} UTC"), function, args);

    /// <summary>Every week on <paramref name="day"/> at the given UTC time.</summary>
    public CronTable Weekly(string name, DayOfWeek day, int hourUtc, int minuteUtc, Delegate function, object? args = null) =>
        Add(name, CronExpressionSchedule.Parse(name, $"{Minute(name, minuteUtc)} {Hour(name, hourUtc)} * * {(int)day}",
            $"weekly on {day} at {hourUtc:00}:{minuteUtc:00} UTC"), function, args);

    /// <summary>Every month on <paramref name="day"/> (1–31; months without that day are skipped) at the given UTC time.</summary>
    public CronTable Monthly(string name, int day, int hourUtc, int minuteUtc, Delegate function, object? args = null)
    {
        if (day is < 1 or > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(day), day, $"Cron '{name}': the day of the month must be 1–31.");
        }

        return Add(name, CronExpressionSchedule.Parse(name, $"{Minute(name, minuteUtc)} {Hour(name, hourUtc)} {day} * *",
            $"monthly on day {day} at {hourUtc:00}:{minuteUtc:00} UTC"), function, args);
    }

    /// <summary>A five-field cron expression (minute hour day-of-month month day-of-week), in UTC.</summary>
    public CronTable Cron(string name, string expression, Delegate function, object? args = null) =>
        Add(name, CronExpressionSchedule.Parse(name, expression, $"cron \"{expression}\" UTC"), function, args);

    private CronTable Add(string name, CronSchedule schedule, Delegate function, object? args)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_definitions.Any(d => d.Name == name))
        {
            throw new ArgumentException($"Two crons are named '{name}'.", nameof(name));
        }

        _definitions.Add(new CronDefinition(name, schedule, function, args));
        return this;
    }

    private static int Hour(string name, int hour) =>
        hour is >= 0 and <= 23 ? hour : throw new ArgumentOutOfRangeException(nameof(hour), hour, $"Cron '{name}': the hour must be 0–23.");

    private static int Minute(string name, int minute) =>
        minute is >= 0 and <= 59 ? minute : throw new ArgumentOutOfRangeException(nameof(minute), minute, $"Cron '{name}': the minute must be 0–59.");
}

/// <summary>One declared cron.</summary>
public sealed record CronDefinition(string Name, CronSchedule Schedule, Delegate Function, object? Args);

/// <summary>When a cron is due.</summary>
public abstract class CronSchedule
{
    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public abstract DateTimeOffset Next(DateTimeOffset after);

    /// <summary>How the schedule reads (stored with the cron, so a changed schedule is noticed).</summary>
    public abstract string Description { get; }

    public override string ToString() => Description;
}

/// <summary>Every fixed interval.</summary>
public sealed class IntervalSchedule(TimeSpan every) : CronSchedule
{
    public TimeSpan Every { get; } = every;

    public override DateTimeOffset Next(DateTimeOffset after) => after + Every;

    public override string Description => $"every {Every.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
}

/// <summary>A cron expression evaluated in UTC (parsed by Cronos).</summary>
public sealed class CronExpressionSchedule : CronSchedule
{
    private readonly CronExpression _expression;

    private CronExpressionSchedule(CronExpression expression, string description)
    {
        _expression = expression;
        Description = description;
    }

    public override string Description { get; }

    /// <summary>Parses a five-field expression; a malformed one names the cron and the problem.</summary>
    public static CronExpressionSchedule Parse(string name, string expression, string? description = null)
    {
        try
        {
            return new CronExpressionSchedule(CronExpression.Parse(expression, CronFormat.Standard), description ?? $"cron \"{expression}\" UTC");
        }
        catch (CronFormatException e)
        {
            throw new ArgumentException($"Cron '{name}': \"{expression}\" is not a five-field cron expression ({e.Message}).", nameof(expression), e);
        }
    }

    public override DateTimeOffset Next(DateTimeOffset after) =>
        _expression.GetNextOccurrence(after.ToUniversalTime(), TimeZoneInfo.Utc, inclusive: false)
        ?? throw new InvalidOperationException($"The schedule {Description} has no next occurrence.");
}
