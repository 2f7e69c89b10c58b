namespace Poktapok.App.Schema.Enums;

/// <summary>What started a Luma calendar sync run.</summary>
public enum LumaSyncTrigger
{
    /// <summary>The daily cron.</summary>
    Cron,

    /// <summary>An admin with <c>luma/syncAction:syncCalendar</c>.</summary>
    Admin,

    /// <summary><c>POST /api/luma/sync-calendar</c>.</summary>
    Http,
}
