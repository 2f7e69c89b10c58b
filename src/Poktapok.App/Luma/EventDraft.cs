using System.Globalization;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;

namespace Poktapok.App.Luma;

/// <summary>
/// What one source says about one event, before sources are merged (first value wins, see <see cref="FillFrom"/>)
/// and turned into a <see cref="LumaEvent"/>. Dates stay text until then, so the event's timezone can place a
/// date written without an offset.
/// </summary>
internal sealed class EventDraft
{
    public string? Id { get; set; }
    public string? Slug { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? CoverUrl { get; set; }
    public string? StartAt { get; set; }
    public string? EndAt { get; set; }
    public string? Timezone { get; set; }
    public string? Location { get; set; }
    public string? LocationDetails { get; set; }
    public string? MeetingUrl { get; set; }
    public Coordinates? Coordinates { get; set; }
    public List<EventHost>? Hosts { get; set; }
    public string? CalendarSlug { get; set; }
    public bool? Cancelled { get; set; }

    /// <summary>The source says the event is online (an online location type or attendance mode).</summary>
    public bool? Online { get; set; }

    /// <summary>The source says the event has a venue (an offline attendance mode), address or not.</summary>
    public bool? Physical { get; set; }

    public RegistrationType? Registration { get; set; }
    public int? MaxCapacity { get; set; }
    public int? RegistrationCount { get; set; }

    /// <summary>Fills every field this draft lacks from <paramref name="other"/>.</summary>
    public EventDraft FillFrom(EventDraft other)
    {
        Id ??= other.Id;
        Slug ??= other.Slug;
        Title ??= other.Title;
        Description ??= other.Description;
        CoverUrl ??= other.CoverUrl;
        StartAt ??= other.StartAt;
        EndAt ??= other.EndAt;
        Timezone = ValidTimezone(Timezone) is null ? other.Timezone ?? Timezone : Timezone;
        Location ??= other.Location;
        LocationDetails ??= other.LocationDetails;
        MeetingUrl ??= other.MeetingUrl;
        Coordinates ??= other.Coordinates;
        Hosts = MergeHosts(Hosts, other.Hosts);
        CalendarSlug ??= other.CalendarSlug;
        Cancelled ??= other.Cancelled;
        Online ??= other.Online;
        Physical ??= other.Physical;
        Registration = Stronger(Registration, other.Registration);
        MaxCapacity ??= other.MaxCapacity;
        RegistrationCount ??= other.RegistrationCount;
        return this;
    }

    /// <summary>
    /// This source's hosts, each completed from the other source's host of the same name (JSON-LD organizers
    /// have no handle; Luma's own records do); the other's list when this one has none.
    /// </summary>
    private static List<EventHost>? MergeHosts(List<EventHost>? mine, List<EventHost>? other)
    {
        if (mine is not { Count: > 0 })
        {
            return other;
        }

        if (other is not { Count: > 0 })
        {
            return mine;
        }

        return [.. mine.Select(h => other.FirstOrDefault(o => string.Equals(o.Name, h.Name, StringComparison.OrdinalIgnoreCase)) is { } o
            ? h with { AvatarUrl = h.AvatarUrl ?? o.AvatarUrl, Handle = h.Handle ?? o.Handle }
            : h)];
    }

    /// <summary>
    /// Paid over approval over free: schema.org offers say only "price 0" for an event that needs approval, so the
    /// more specific answer wins whichever source gave it.
    /// </summary>
    private static RegistrationType? Stronger(RegistrationType? a, RegistrationType? b) =>
        a is null ? b : b is null ? a : Rank(a.Value) >= Rank(b.Value) ? a : b;

    private static int Rank(RegistrationType type) => type switch
    {
        RegistrationType.Paid => 3,
        RegistrationType.Approval => 2,
        _ => 1,
    };

    /// <summary>The event; date problems go to <paramref name="problems"/>. Requires <see cref="Slug"/>.</summary>
    public LumaEvent ToEvent(LumaOptions options, List<LumaEventProblem> problems)
    {
        var slug = Slug ?? throw new InvalidOperationException("An event draft without a slug");
        var zone = ValidTimezone(Timezone);
        if (StartAt is null)
        {
            problems.Add(new(slug, "has no start date"));
        }

        var online = MeetingUrl is not null || Online == true;
        var physical = Location is not null || Coordinates is not null || Physical == true;
        EventType? type = (online, physical) switch
        {
            (true, true) => Schema.Enums.EventType.Hybrid,
            (true, false) => Schema.Enums.EventType.Virtual,
            (false, true) => Schema.Enums.EventType.InPerson,
            _ => null,
        };

        return new LumaEvent(
            Id, slug, LumaSlugs.EventUrl(options, slug), Title, Description, CoverUrl,
            ParseDate(StartAt, zone, slug, "start date", problems), ParseDate(EndAt, zone, slug, "end date", problems),
            zone?.Id, type, Location, LocationDetails, MeetingUrl, Coordinates, Hosts ?? [], CalendarSlug,
            Cancelled ?? false, Registration, MaxCapacity, RegistrationCount);
    }

    /// <summary>A known IANA zone, or null.</summary>
    public static TimeZoneInfo? ValidTimezone(string? id) =>
        id is { Length: > 0 and <= 100 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;

    /// <summary>
    /// An ISO-8601 date with an offset; one without an offset is read in the event's zone when that is known.
    /// Anything else is null and a problem, never "now".
    /// </summary>
    public static DateTimeOffset? ParseDate(string? text, TimeZoneInfo? zone, string? slug, string what, List<LumaEventProblem> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var local) && local.Kind == DateTimeKind.Unspecified)
        {
            if (zone is null)
            {
                problems.Add(new(slug, $"has a {what} without a UTC offset and no known timezone: '{text}'"));
                return null;
            }

            return new DateTimeOffset(local, zone.GetUtcOffset(local));
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return value;
        }

        problems.Add(new(slug, $"has a {what} that is not an ISO-8601 date: '{Truncate(text)}'"));
        return null;
    }

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
