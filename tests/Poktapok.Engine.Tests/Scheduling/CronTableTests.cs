using Poktapok.Engine.Scheduling;

namespace Poktapok.Engine.Tests.Scheduling;

public sealed class CronTableTests
{
    private static readonly Action Nothing = () => { };

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static CronSchedule Only(CronTable crons) => crons.Definitions.ShouldHaveSingleItem().Schedule;

    [Fact]
    public void daily_is_the_next_time_of_day_in_utc_strictly_after()
    {
        var daily = Only(new CronTable().Daily("d", 12, 0, Nothing));
        daily.Next(At(2030, 3, 1, 11, 59)).ShouldBe(At(2030, 3, 1, 12, 0));
        daily.Next(At(2030, 3, 1, 12, 0)).ShouldBe(At(2030, 3, 2, 12, 0));
        daily.Next(new DateTimeOffset(2030, 3, 1, 5, 30, 0, TimeSpan.FromHours(-6))).ShouldBe(At(2030, 3, 1, 12, 0));
        daily.Description.ShouldBe("daily at 12:00 UTC");
    }

    [Fact]
    public void weekly_monthly_and_expressions_follow_their_calendar()
    {
        // 2030-03-01 is a Friday.
        Only(new CronTable().Weekly("w", DayOfWeek.Monday, 9, 30, Nothing)).Next(At(2030, 3, 1, 0, 0)).ShouldBe(At(2030, 3, 4, 9, 30));
        Only(new CronTable().Monthly("m", 31, 3, 0, Nothing)).Next(At(2030, 4, 1, 0, 0)).ShouldBe(At(2030, 5, 31, 3, 0));
        Only(new CronTable().Cron("c", "*/5 * * * *", Nothing)).Next(At(2030, 3, 1, 10, 2)).ShouldBe(At(2030, 3, 1, 10, 5));
        Only(new CronTable().Interval("i", TimeSpan.FromMinutes(5), Nothing)).Next(At(2030, 3, 1, 10, 2)).ShouldBe(At(2030, 3, 1, 10, 7));
    }

    [Fact]
    public void a_malformed_declaration_is_refused_naming_the_cron()
    {
        Should.Throw<ArgumentException>(() => new CronTable().Cron("bad", "61 * * * *", Nothing)).Message.ShouldContain("Cron 'bad'");
        Should.Throw<ArgumentException>(() => new CronTable().Cron("six fields", "0 0 12 * * *", Nothing)).Message.ShouldContain("five-field");
        Should.Throw<ArgumentOutOfRangeException>(() => new CronTable().Daily("late", 24, 0, Nothing));
        Should.Throw<ArgumentOutOfRangeException>(() => new CronTable().Monthly("never", 32, 0, 0, Nothing));
        Should.Throw<ArgumentOutOfRangeException>(() => new CronTable().Interval("busy", TimeSpan.FromMilliseconds(10), Nothing));
        Should.Throw<ArgumentException>(() => new CronTable().Daily("twice", 1, 0, Nothing).Daily("twice", 2, 0, Nothing))
            .Message.ShouldContain("twice");
    }
}
