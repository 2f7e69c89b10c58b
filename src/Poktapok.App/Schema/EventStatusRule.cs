using Poktapok.App.Schema.Enums;

namespace Poktapok.App.Schema;

/// <summary>
/// The one rule for an event's stored <c>status</c> (FUNCTIONS.md §3.14): a cancelled event stays cancelled;
/// otherwise it is <c>upcoming</c> while it has not started, <c>live</c> from its start until its end, and
/// <c>past</c> from then on. An event without an end is taken to last <see cref="DefaultDuration"/>: the earlier
/// port left such events live forever (C34). Every write and <c>events:refreshStatuses</c> use it, so lists can
/// filter on the stored column.
/// </summary>
public static class EventStatusRule
{
    /// <summary>How long an event without an <c>endDate</c> counts as live.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromHours(3);

    /// <summary>The status of an event at <paramref name="now"/>.</summary>
    /// <param name="start">When it starts.</param>
    /// <param name="end">When it ends; null for <paramref name="start"/> + <see cref="DefaultDuration"/>.</param>
    /// <param name="cancelled">Whether an admin cancelled it (that status is set, never computed).</param>
    /// <param name="now">The time of the transaction that writes the status.</param>
    public static EventStatus At(DateTimeOffset start, DateTimeOffset? end, bool cancelled, DateTimeOffset now)
    {
        if (cancelled)
        {
            return EventStatus.Cancelled;
        }

        if (start > now)
        {
            return EventStatus.Upcoming;
        }

        return now < EndOf(start, end) ? EventStatus.Live : EventStatus.Past;
    }

    /// <summary>When an event stops being live: its end, or its start + <see cref="DefaultDuration"/> without one.</summary>
    public static DateTimeOffset EndOf(DateTimeOffset start, DateTimeOffset? end) => end ?? start + DefaultDuration;
}
