namespace Poktapok.App.Schema.Enums;

/// <summary>How a Luma calendar sync run ended.</summary>
public enum LumaSyncStatus
{
    /// <summary>Still running (or its server stopped; a run that old is closed as failed by the next one).</summary>
    Running,

    /// <summary>The whole calendar was read and every event written.</summary>
    Success,

    /// <summary>Written, but something was missing or refused (see the run's errors); nothing was marked as gone.</summary>
    Partial,

    /// <summary>The calendar could not be read; nothing was written.</summary>
    Failed,
}
