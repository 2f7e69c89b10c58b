using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;

namespace Poktapok.App.Luma;

/// <summary>
/// One event as the sync action hands it to <c>luma/sync:applyEvents</c>: a <see cref="LumaEvent"/> in argument form
/// (instants as Unix milliseconds).
/// </summary>
public sealed record LumaEventInput(
    string Slug,
    string Url,
    string? Id,
    string? Title,
    string? Description,
    string? CoverUrl,
    double? StartAt,
    double? EndAt,
    string? Timezone,
    EventType? EventType,
    string? Location,
    string? LocationDetails,
    string? MeetingUrl,
    Coordinates? Coordinates,
    List<EventHost> Hosts,
    bool IsCancelled,
    RegistrationType? RegistrationType,
    int? MaxCapacity,
    int? RegistrationCount)
{
    public static LumaEventInput Of(LumaEvent e) => new(
        e.Slug, e.Url, e.Id, e.Title, e.Description, e.CoverUrl,
        e.StartAt?.ToUnixTimeMilliseconds(), e.EndAt?.ToUnixTimeMilliseconds(), e.Timezone, e.EventType,
        e.Location, e.LocationDetails, e.MeetingUrl, e.Coordinates, [.. e.Hosts], e.IsCancelled, e.RegistrationType,
        e.MaxCapacity, e.RegistrationCount);
}
