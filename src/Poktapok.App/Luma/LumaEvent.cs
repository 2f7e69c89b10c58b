using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;

namespace Poktapok.App.Luma;

/// <summary>
/// One Luma event, normalised from the API, the calendar page or the event's own page. Strings are
/// HTML-entity-decoded and trimmed (empty is null); a missing or unreadable date is null, never "now";
/// <see cref="Timezone"/> is a known IANA zone or null; <see cref="Url"/> is <c>{WebUrl}/{Slug}</c>.
/// </summary>
public sealed record LumaEvent(
    string? Id,
    string Slug,
    string Url,
    string? Title,
    string? Description,
    string? CoverUrl,
    DateTimeOffset? StartAt,
    DateTimeOffset? EndAt,
    string? Timezone,
    EventType? EventType,
    string? Location,
    string? LocationDetails,
    string? MeetingUrl,
    Coordinates? Coordinates,
    IReadOnlyList<EventHost> Hosts,
    string? CalendarSlug,
    bool IsCancelled,
    RegistrationType? RegistrationType,
    int? MaxCapacity,
    int? RegistrationCount);
