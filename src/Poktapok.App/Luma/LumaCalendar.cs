namespace Poktapok.App.Luma;

/// <summary>
/// The events of one calendar. <see cref="Source"/> is <c>"api"</c> or <c>"web"</c>; <see cref="Events"/> are
/// de-duplicated by id, then slug, in the source's order. <see cref="Complete"/> is false when anything was
/// missing (a malformed block, a truncated list, an event page that failed); <see cref="Problems"/> says what.
/// </summary>
public sealed record LumaCalendar(
    string Source,
    IReadOnlyList<LumaEvent> Events,
    bool Complete,
    IReadOnlyList<LumaEventProblem> Problems);

/// <summary>Where a <see cref="LumaCalendar"/> was read from.</summary>
public static class LumaSources
{
    /// <summary>The official API (a key was configured).</summary>
    public const string Api = "api";

    /// <summary>The public calendar and event pages.</summary>
    public const string Web = "web";
}
