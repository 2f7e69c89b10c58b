using System.ComponentModel.DataAnnotations;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;

namespace Poktapok.App.Functions.Luma;

/// <summary>The admin's "sync now" (<c>luma/syncAction:*</c>).</summary>
public static class SyncAction
{
    /// <summary>
    /// Runs the calendar sync now (admin) and returns its summary. Refuses what <see cref="Sync.SyncCalendar"/>
    /// refuses: callers below admin, a run already running, a calendar Luma does not serve, more than 10 Luma calls an
    /// hour by one admin (<c>RATE_LIMITED</c>).
    /// </summary>
    [Action]
    public static Task<SyncSummary> SyncCalendar(ActionContext ctx, [RegularExpression("^[A-Za-z0-9_-]{1,100}$")] string? calendarSlug = null) =>
        ctx.RunAction<SyncSummary>(Sync.SyncCalendar, new { calendarSlug, trigger = LumaSyncTrigger.Admin });
}
