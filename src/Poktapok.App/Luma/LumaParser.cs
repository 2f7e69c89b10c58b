using System.Text.Json;
using AngleSharp.Html.Parser;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;
using static Poktapok.App.Luma.LumaJson;

namespace Poktapok.App.Luma;

/// <summary>
/// Reads events out of Luma's pages and API records. Pages are parsed with AngleSharp; the JSON inside them
/// (schema.org JSON-LD, Next.js <c>__NEXT_DATA__</c>) with System.Text.Json, block by block, so one bad block
/// costs only itself.
/// </summary>
internal static class LumaParser
{
    private static readonly string[] s_onlineLocationTypes = ["zoom", "meet", "google_meet", "discord", "twitch", "twitter", "youtube", "online", "virtual"];

    /// <summary>What a page holds: its JSON-LD blocks, its Next.js data and its OpenGraph meta.</summary>
    public sealed record Page(IReadOnlyList<JsonElement> JsonLd, JsonElement? NextData, IReadOnlyDictionary<string, string> Meta, string? Title)
    {
        /// <summary>Next.js's <c>initialData.data</c>, with or without the outer <c>props</c>.</summary>
        public JsonElement? Data => Obj(Obj(Obj(Obj(NextData, "props"), "pageProps"), "initialData"), "data")
            ?? Obj(Obj(Obj(NextData, "pageProps"), "initialData"), "data");

        public bool HasEventData => JsonLd.Count > 0 || NextData is not null;
    }

    public static Page ScanPage(string html, string? slug, List<LumaEventProblem> problems)
    {
        var document = new HtmlParser().ParseDocument(html);
        var jsonLd = new List<JsonElement>();
        JsonElement? nextData = null;
        foreach (var script in document.Scripts)
        {
            var isJsonLd = string.Equals(script.Type?.Trim(), "application/ld+json", StringComparison.OrdinalIgnoreCase);
            var isNextData = script.Id == "__NEXT_DATA__";
            if (!isJsonLd && !isNextData)
            {
                continue;
            }

            try
            {
                var root = Parse(script.Text);
                if (isJsonLd)
                {
                    jsonLd.Add(root);
                }
                else
                {
                    nextData = root;
                }
            }
            catch (JsonException e)
            {
                problems.Add(new(slug, $"skipped a malformed {(isJsonLd ? "JSON-LD" : "__NEXT_DATA__")} block: {e.Message}"));
            }
        }

        var meta = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var tag in document.QuerySelectorAll("meta"))
        {
            var key = tag.GetAttribute("property") ?? tag.GetAttribute("name");
            if (key is not null && Clean(tag.GetAttribute("content")) is { } content)
            {
                meta.TryAdd(key.Trim(), content);
            }
        }

        return new Page(jsonLd, nextData, meta, Clean(document.Title));
    }

    // ---------------------------------------------------------------- JSON-LD

    /// <summary>
    /// The schema.org Events in a JSON-LD block: a top-level Event, an array of them, an <c>@graph</c>, or an
    /// Organization's <c>events</c> (nested in any of those).
    /// </summary>
    public static IEnumerable<JsonElement> JsonLdEvents(JsonElement root, int depth = 0)
    {
        if (depth > 8)
        {
            yield break;
        }

        if (root.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in root.EnumerateArray())
            {
                foreach (var e in JsonLdEvents(item, depth + 1))
                {
                    yield return e;
                }
            }

            yield break;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        if (IsEventType(root))
        {
            yield return root;
        }

        foreach (var key in (string[])["@graph", "events", "event"])
        {
            if (Prop(root, key) is { } nested && nested.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
            {
                foreach (var e in JsonLdEvents(nested, depth + 1))
                {
                    yield return e;
                }
            }
        }
    }

    private static bool IsEventType(JsonElement e) => Prop(e, "@type") switch
    {
        { ValueKind: JsonValueKind.String } s => IsEventTypeName(s.GetString()),
        { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && IsEventTypeName(t.GetString())),
        _ => false,
    };

    private static bool IsEventTypeName(string? type) =>
        type is not null && (type.EndsWith("Event", StringComparison.Ordinal) || type.EndsWith("/Event", StringComparison.Ordinal));

    /// <summary>A schema.org Event; <see cref="EventDraft.Slug"/> stays null when its URL is not a Luma event URL.</summary>
    public static EventDraft FromJsonLd(JsonElement e, LumaOptions options, out string? url)
    {
        url = Str(e, "url", "@id");
        var draft = new EventDraft
        {
            Slug = url is null ? null : LumaSlugs.TryParse(url, options, out _),
            Id = Str(e, "identifier") is { } id && id.StartsWith("evt-", StringComparison.Ordinal) ? id : null,
            Title = Str(e, "name"),
            Description = Str(e, "description"),
            CoverUrl = Image(Prop(e, "image")),
            StartAt = Str(e, "startDate"),
            EndAt = Str(e, "endDate"),
            MaxCapacity = Count(e, "maximumAttendeeCapacity"),
        };

        var status = Str(e, "eventStatus");
        if (status is not null)
        {
            draft.Cancelled = status.EndsWith("EventCancelled", StringComparison.OrdinalIgnoreCase)
                || status.EndsWith("EventCanceled", StringComparison.OrdinalIgnoreCase);
        }

        switch (Str(e, "eventAttendanceMode"))
        {
            case { } m when m.EndsWith("MixedEventAttendanceMode", StringComparison.OrdinalIgnoreCase):
                (draft.Online, draft.Physical) = (true, true);
                break;
            case { } m when m.EndsWith("OnlineEventAttendanceMode", StringComparison.OrdinalIgnoreCase):
                draft.Online = true;
                break;
            case { } m when m.EndsWith("OfflineEventAttendanceMode", StringComparison.OrdinalIgnoreCase):
                draft.Physical = true;
                break;
        }

        foreach (var location in Items(e, "location"))
        {
            if (Str(location, "@type") == "VirtualLocation")
            {
                draft.Online = true;
                if (Str(location, "url") is { } meeting && LumaSlugs.TryParse(meeting, options, out _) is null)
                {
                    draft.MeetingUrl ??= meeting;
                }

                continue;
            }

            draft.Location ??= Address(Prop(location, "address")) ?? Str(location, "name");
            draft.Coordinates ??= Point(Obj(location, "geo"), "latitude", "longitude");
        }

        var hosts = Items(e, "organizer").Concat(Items(e, "performer"))
            .Select(h => Str(h, "name") is { } name ? new EventHost(name, Image(Prop(h, "image"))) : null)
            .OfType<EventHost>().DistinctBy(h => h.Name).ToList();
        draft.Hosts = hosts.Count > 0 ? hosts : null;

        var prices = Items(e, "offers").Select(o => Num(o, "price", "lowPrice")).OfType<double>().ToList();
        draft.Registration = prices.Any(p => p > 0) ? RegistrationType.Paid
            : prices.Count > 0 || Bool(e, "isAccessibleForFree") == true ? RegistrationType.Free
            : null;
        return draft;
    }

    private static string? Image(JsonElement? image) => image switch
    {
        { ValueKind: JsonValueKind.String } s => Clean(s.GetString()),
        { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().Select(i => Image(i)).FirstOrDefault(i => i is not null),
        { ValueKind: JsonValueKind.Object } o => Str(o, "url", "contentUrl"),
        _ => null,
    };

    private static string? Address(JsonElement? address)
    {
        if (address is { ValueKind: JsonValueKind.String } s)
        {
            return Clean(s.GetString());
        }

        var parts = new[] { Str(address, "streetAddress"), Str(address, "addressLocality"), Str(address, "addressRegion"), Str(address, "addressCountry") ?? Str(Obj(address, "addressCountry"), "name") }
            .OfType<string>().Distinct().ToList();
        return parts.Count > 0 ? string.Join(", ", parts) : null;
    }

    private static Coordinates? Point(JsonElement? e, string lat, string lng) =>
        Num(e, lat) is { } la && Num(e, lng) is { } ln && Math.Abs(la) <= 90 && Math.Abs(ln) <= 180 ? new Coordinates(la, ln) : null;

    // ---------------------------------------------------------------- API records and __NEXT_DATA__

    /// <summary>
    /// An event record of the API (current or older shape) or of a page's <c>__NEXT_DATA__</c>. Hosts, guest count,
    /// ticket info and calendar may sit beside the event in <paramref name="container"/> (an API entry, a
    /// featured item, a page's data); the viewer's own keys there (<c>guests</c>, <c>user</c>, …) are never read.
    /// </summary>
    public static EventDraft FromRecord(JsonElement e, JsonElement? container, LumaOptions options, out string? url)
    {
        url = Str(e, "url");
        var slug = url is null ? null : LumaSlugs.TryParse(url, options, out _);
        if (slug is null && Str(e, "slug") is { } s && LumaSlugs.IsSlug(s))
        {
            (slug, url) = (s, url ?? s);
        }

        var address = Obj(e, "geo_address_json") ?? Obj(e, "geo_address_info");
        var ticket = Obj(e, "ticket_info") ?? Obj(container, "ticket_info");
        var draft = new EventDraft
        {
            Id = Str(e, "id", "api_id"),
            Slug = slug,
            Title = Str(e, "name"),
            Description = Str(e, "description", "description_md") ?? MirrorText(Obj(e, "description_mirror")),
            CoverUrl = Str(e, "cover_url"),
            StartAt = Str(e, "start_at"),
            EndAt = Str(e, "end_at"),
            Timezone = Str(e, "timezone"),
            Location = Str(address, "full_address", "address"),
            LocationDetails = Str(address, "description"),
            MeetingUrl = Str(e, "meeting_url", "zoom_meeting_url"),
            Coordinates = Point(Obj(e, "coordinate"), "latitude", "longitude") ?? Point(e, "geo_latitude", "geo_longitude"),
            CalendarSlug = Str(Obj(e, "calendar") ?? Obj(container, "calendar"), "slug") is { } cal && LumaSlugs.IsSlug(cal) ? cal : null,
            MaxCapacity = Count(e, "max_capacity", "capacity") ?? Count(ticket, "max_capacity"),
            RegistrationCount = Count(container, "guest_count") ?? Count(e, "guest_count", "registration_count"),
        };

        var locationType = Str(e, "location_type");
        if (locationType is not null && s_onlineLocationTypes.Contains(locationType, StringComparer.OrdinalIgnoreCase))
        {
            draft.Online = true;
        }
        else if (string.Equals(locationType, "offline", StringComparison.OrdinalIgnoreCase))
        {
            draft.Physical = true;
        }

        var status = Str(e, "status", "event_status");
        var cancelled = Bool(e, "is_canceled", "is_cancelled", "cancelled", "canceled");
        if (status is not null || cancelled is not null)
        {
            draft.Cancelled = cancelled == true || status is "cancelled" or "canceled";
        }

        var hosts = Items(e, "hosts").Any() ? Items(e, "hosts") : Items(container, "hosts");
        var list = hosts.Select(Host).OfType<EventHost>().ToList();
        draft.Hosts = list.Count > 0 ? list : null;

        var price = Price(Prop(ticket, "price")) ?? Price(Prop(e, "ticket_price"));
        draft.Registration = price > 0 ? RegistrationType.Paid
            : (Bool(ticket, "require_approval") ?? Bool(e, "require_approval")) == true ? RegistrationType.Approval
            : Bool(ticket, "is_free") == true || price == 0 ? RegistrationType.Free
            : null;
        return draft;
    }

    private static EventHost? Host(JsonElement h)
    {
        var name = Str(h, "name") ?? Clean($"{Str(h, "first_name")} {Str(h, "last_name")}");
        return name is null ? null : new EventHost(name, Str(h, "avatar_url"), Str(h, "username", "twitter_handle"));
    }

    /// <summary>A price as a number, a numeric string, or <c>{cents}</c> / <c>{amount}</c>.</summary>
    private static double? Price(JsonElement? price) => price switch
    {
        { ValueKind: JsonValueKind.Object } o => Num(o, "cents") / 100 ?? Num(o, "amount"),
        { } p => p.ValueKind switch
        {
            JsonValueKind.Number when p.TryGetDouble(out var d) => d,
            JsonValueKind.String when double.TryParse(p.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        },
        _ => null,
    };

    /// <summary>The event records in a calendar page's Next.js data: <c>featured_items[].event</c> and <c>events[]</c>.</summary>
    public static IEnumerable<(JsonElement Event, JsonElement? Container)> CalendarRecords(JsonElement? data)
    {
        foreach (var key in (string[])["featured_items", "events"])
        {
            foreach (var item in Items(data, key))
            {
                if (Obj(item, "event") is { } inner)
                {
                    yield return (inner, item);
                }
                else if (item.ValueKind == JsonValueKind.Object)
                {
                    yield return (item, null);
                }
            }
        }
    }

    // ---------------------------------------------------------------- OpenGraph

    /// <summary>The last resort on an event page: its OpenGraph meta (and <c>&lt;title&gt;</c>).</summary>
    public static EventDraft FromMeta(Page page) => new()
    {
        Title = page.Meta.GetValueOrDefault("og:title") ?? page.Title,
        Description = page.Meta.GetValueOrDefault("og:description") ?? page.Meta.GetValueOrDefault("description"),
        CoverUrl = page.Meta.GetValueOrDefault("og:image") ?? page.Meta.GetValueOrDefault("twitter:image"),
    };
}
