using System.Text.Json.Nodes;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;

namespace Poktapok.App.Luma;

/// <summary>
/// What the calendar sync may do to an event (FUNCTIONS.md §3.15; docs/luma.md "Who owns which field"), in one place.
/// <list type="bullet">
/// <item><b>Luma owns</b> the schedule and where it happens: <c>startDate</c>, <c>endDate</c>, <c>location</c>,
/// <c>coordinates</c>, <c>lumaUrl</c>, <c>lumaEventId</c>, <c>registrationCount</c>, and cancellation. They follow Luma
/// whenever Luma supplies a value; a value Luma leaves out never clears what is stored.</item>
/// <item><b>Luma fills</b> <c>description</c>, <c>coverImage</c>, <c>hosts</c>, <c>locationDetails</c>, <c>locationUrl</c> and
/// <c>maxCapacity</c> only while they are empty, so an admin's edit of them stands.</item>
/// <item><b>The club owns</b> <c>title</c>, <c>eventType</c>, <c>registrationType</c>, <c>timezone</c>, <c>isPublished</c>,
/// <c>isFeatured</c>, <c>programId</c> and <c>calendar</c> once the event exists: the sync sets them only when it creates it
/// (a title or timezone it had to make up because Luma did not give one follows Luma later, unless changed since).</item>
/// </list>
/// New events are published (as the legacy sync did) and not featured. Nothing is ever deleted or unpublished; an
/// upcoming event the calendar no longer lists gets <c>metadata.luma.missingSince</c>, which goes away if it returns.
/// </summary>
public static class EventUpsert
{
    private const int MaxTitle = 300;
    private const int MaxDescription = 20_000;
    private const int MaxText = 1000;
    private const int MaxUrl = 500;
    private const int MaxShort = 100;
    private const int MaxHosts = 20;

    /// <summary>Why an event cannot be written at all (no start, ends before it starts, a bad slug), or null.</summary>
    public static string? Refusal(LumaEventInput e)
    {
        if (!Patterns.LumaSlug().IsMatch(e.Slug))
        {
            return $"the slug '{Truncate(e.Slug, 120)}' is not a Luma slug";
        }

        if (e.StartAt is not { } start || !double.IsFinite(start))
        {
            return "Luma gave no valid start date";
        }

        return e.EndAt is { } end && end < start ? "Luma gave an end date before the start date" : null;
    }

    /// <summary>A new event from Luma: published, not featured, on <paramref name="calendar"/>.</summary>
    public static Event Create(LumaEventInput e, string calendar, DateTimeOffset now)
    {
        var start = Instant(e.StartAt!.Value);
        var end = e.EndAt is { } ms ? Instant(ms) : (DateTimeOffset?)null;
        return new Event
        {
            Title = Truncate(e.Title, MaxTitle) ?? e.Slug,
            Description = Truncate(e.Description, MaxDescription),
            CoverImage = Url(e.CoverUrl),
            LumaUrl = Url(e.Url) ?? e.Url[..Math.Min(e.Url.Length, MaxUrl)],
            LumaEventId = Truncate(e.Id, MaxShort),
            LumaSlug = e.Slug,
            EventType = e.EventType ?? EventType.InPerson,
            StartDate = start,
            EndDate = end,
            Timezone = Truncate(e.Timezone, MaxShort) ?? Event.DefaultTimezone,
            Location = Truncate(e.Location, MaxText),
            LocationDetails = Truncate(e.LocationDetails, MaxText),
            LocationUrl = Url(e.MeetingUrl),
            Coordinates = Valid(e.Coordinates),
            Hosts = Hosts(e.Hosts),
            Calendar = calendar,
            Status = e.IsCancelled ? EventStatus.Cancelled : EventStatusRule.At(start, end, cancelled: false, now),
            IsPublished = true,
            IsFeatured = false,
            RegistrationCount = e.RegistrationCount is >= 0 ? e.RegistrationCount : 0,
            MaxCapacity = e.MaxCapacity is >= 1 ? e.MaxCapacity : null,
            RegistrationType = e.RegistrationType ?? RegistrationType.Free,
            Metadata = new JsonObject { ["luma"] = LumaMetadata(e, now) },
        };
    }

    // What the sync knows about a row it created: when, and which club-owned fields it had to fill with a fallback
    // (a title from the slug, the default timezone) because Luma did not say; those follow Luma once it does.
    private static JsonObject LumaMetadata(LumaEventInput e, DateTimeOffset now)
    {
        var luma = new JsonObject { ["syncedAt"] = now.ToUnixTimeMilliseconds() };
        var defaulted = new JsonArray();
        if (Truncate(e.Title, MaxTitle) is null)
        {
            defaulted.Add(Fallback.Title);
        }

        if (Truncate(e.Timezone, MaxShort) is null)
        {
            defaulted.Add(Fallback.Timezone);
        }

        if (defaulted.Count > 0)
        {
            luma["defaulted"] = defaulted;
        }

        return luma;
    }

    private static class Fallback
    {
        public const string Title = "title";
        public const string Timezone = "timezone";
    }

    /// <summary>Applies Luma's data to an existing event under the ownership rules; true when anything changed.</summary>
    public static bool Merge(Event row, LumaEventInput e, DateTimeOffset now)
    {
        var changed = false;
        void Set<T>(T current, T value, Action<T> assign)
        {
            if (!EqualityComparer<T>.Default.Equals(current, value))
            {
                assign(value);
                changed = true;
            }
        }

        // Luma owns these: they follow Luma whenever it supplies a value.
        Set(row.StartDate, Instant(e.StartAt!.Value), v => row.StartDate = v);
        if (e.EndAt is { } endMs)
        {
            Set(row.EndDate, Instant(endMs), v => row.EndDate = v);
        }

        if (Truncate(e.Location, MaxText) is { } location)
        {
            Set(row.Location, location, v => row.Location = v);
        }

        if (Valid(e.Coordinates) is { } coordinates)
        {
            Set(row.Coordinates, coordinates, v => row.Coordinates = v);
        }

        if (Url(e.Url) is { } lumaUrl)
        {
            Set(row.LumaUrl, lumaUrl, v => row.LumaUrl = v);
        }

        if (Truncate(e.Id, MaxShort) is { } id)
        {
            Set(row.LumaEventId, id, v => row.LumaEventId = v);
        }

        if (e.RegistrationCount is { } count and >= 0)
        {
            Set(row.RegistrationCount, count, v => row.RegistrationCount = v);
        }

        // Luma fills these only while they are empty.
        if (string.IsNullOrEmpty(row.Description) && Truncate(e.Description, MaxDescription) is { } description)
        {
            Set(row.Description, description, v => row.Description = v);
        }

        if (string.IsNullOrEmpty(row.CoverImage) && Url(e.CoverUrl) is { } cover)
        {
            Set(row.CoverImage, cover, v => row.CoverImage = v);
        }

        if (row.Hosts is null or [] && Hosts(e.Hosts) is [_, ..] hosts)
        {
            row.Hosts = hosts;
            changed = true;
        }

        if (string.IsNullOrEmpty(row.LocationDetails) && Truncate(e.LocationDetails, MaxText) is { } details)
        {
            Set(row.LocationDetails, details, v => row.LocationDetails = v);
        }

        if (string.IsNullOrEmpty(row.LocationUrl) && Url(e.MeetingUrl) is { } meeting)
        {
            Set(row.LocationUrl, meeting, v => row.LocationUrl = v);
        }

        if (row.MaxCapacity is null && e.MaxCapacity is >= 1)
        {
            Set(row.MaxCapacity, e.MaxCapacity, v => row.MaxCapacity = v);
        }

        // Club-owned fields the sync had to fill with a fallback follow Luma once it gives a value, unless changed since.
        var defaulted = Defaulted(row);
        if (defaulted.Contains(Fallback.Title) && row.Title == row.LumaSlug && Truncate(e.Title, MaxTitle) is { } title)
        {
            row.Title = title;
            defaulted.Remove(Fallback.Title);
            changed = true;
        }

        if (defaulted.Contains(Fallback.Timezone) && row.Timezone == Event.DefaultTimezone && Truncate(e.Timezone, MaxShort) is { } zone)
        {
            Set(row.Timezone, zone, v => row.Timezone = v);
            defaulted.Remove(Fallback.Timezone);
        }

        if (defaulted.Count != Defaulted(row).Count)
        {
            row.Metadata = WithLuma(row.Metadata, luma =>
            {
                if (defaulted.Count == 0)
                {
                    luma.Remove("defaulted");
                }
                else
                {
                    luma["defaulted"] = new JsonArray([.. defaulted.Select(f => (JsonNode?)f)]);
                }
            });
        }

        // Cancellation is Luma's to declare; a cancellation the club made stands even if Luma has none.
        var status = e.IsCancelled || row.Status == EventStatus.Cancelled
            ? EventStatus.Cancelled
            : EventStatusRule.At(row.StartDate, row.EndDate, cancelled: false, now);
        Set(row.Status, status, v => row.Status = v);

        if (MissingSince(row) is not null)
        {
            row.Metadata = WithLuma(row.Metadata, luma => luma.Remove("missingSince"));
            changed = true;
        }

        if (changed)
        {
            row.Metadata = WithLuma(row.Metadata, luma => luma["syncedAt"] = now.ToUnixTimeMilliseconds());
        }

        return changed;
    }

    /// <summary>Marks an event the calendar no longer lists (kept, still published); false when it was already marked.</summary>
    public static bool MarkMissing(Event row, DateTimeOffset now)
    {
        if (MissingSince(row) is not null)
        {
            return false;
        }

        row.Metadata = WithLuma(row.Metadata, luma => luma["missingSince"] = now.ToUnixTimeMilliseconds());
        return true;
    }

    private static List<string> Defaulted(Event row) =>
        row.Metadata["luma"] is JsonObject luma && luma["defaulted"] is JsonArray fields
            ? [.. fields.Select(f => f?.GetValue<string>()).OfType<string>()]
            : [];

    /// <summary>When the calendar stopped listing the event (Unix ms), or null.</summary>
    public static double? MissingSince(Event row) =>
        row.Metadata["luma"] is JsonObject luma && luma["missingSince"] is JsonValue value && value.TryGetValue<double>(out var ms) ? ms : null;

    // The metadata column is compared as a whole: a changed copy, not an edit in place, is what gets saved.
    private static JsonObject WithLuma(JsonObject metadata, Action<JsonObject> change)
    {
        var copy = (JsonObject)metadata.DeepClone();
        if (copy["luma"] is not JsonObject luma)
        {
            luma = [];
            copy["luma"] = luma;
        }

        change(luma);
        return copy;
    }

    private static DateTimeOffset Instant(double ms) => DateTimeOffset.FromUnixTimeMilliseconds((long)ms);

    private static string? Truncate(string? value, int max)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length <= max ? trimmed : trimmed[..max];
    }

    private static string? Url(string? value) =>
        Truncate(value, int.MaxValue) is { Length: <= MaxUrl } url
        && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? url
            : null;

    private static Coordinates? Valid(Coordinates? c) =>
        c is { } p && double.IsFinite(p.Lat) && double.IsFinite(p.Lng) && double.Abs(p.Lat) <= 90 && double.Abs(p.Lng) <= 180 ? p : null;

    private static List<EventHost> Hosts(IEnumerable<EventHost>? hosts) =>
        (hosts ?? [])
            .Where(h => !string.IsNullOrWhiteSpace(h.Name))
            .Select(h => new EventHost(Truncate(h.Name, MaxShort)!, Url(h.AvatarUrl), Truncate(h.Handle, MaxShort)))
            .Take(MaxHosts)
            .ToList();
}
