using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Poktapok.App.Luma;
using Poktapok.App.Schema.Values;

namespace Poktapok.Server.Tests.Infrastructure;

/// <summary>One event of the fixture's calendar, as Luma knows it.</summary>
public sealed record FixtureEvent(string Id, string Slug, string Name)
{
    public string? Description { get; init; }
    public DateTimeOffset? StartAt { get; init; }
    public DateTimeOffset? EndAt { get; init; }

    /// <summary>Served verbatim instead of <see cref="StartAt"/> (to serve a date Luma should never send).</summary>
    public string? RawStartAt { get; init; }

    public string Timezone { get; init; } = "America/Mexico_City";
    public string? Address { get; init; }
    public string? AddressDetails { get; init; }
    public Coordinates? Coordinates { get; init; }
    public string? MeetingUrl { get; init; }
    public string? CoverUrl { get; init; }
    public IReadOnlyList<EventHost> Hosts { get; init; } = [];
    public bool Cancelled { get; init; }
    public decimal Price { get; init; }
    public bool RequireApproval { get; init; }
    public int? Capacity { get; init; }
    public int GuestCount { get; init; }

    public static readonly DateTimeOffset FirstStart = new(2026, 3, 2, 18, 0, 0, TimeSpan.FromHours(-6));

    /// <summary>
    /// A plausible event <paramref name="n"/>: every third has unicode and an ampersand in its name, n % 5 == 1 is
    /// virtual, n % 5 == 3 hybrid, the rest in person; n % 5 == 2 is paid, n % 5 == 4 needs approval; n % 7 == 6
    /// is cancelled.
    /// </summary>
    public static FixtureEvent Sample(int n)
    {
        var kind = n % 5;
        var inPerson = kind != 1;
        var online = kind is 1 or 3;
        var start = FirstStart.AddDays(7 * n);
        return new FixtureEvent($"evt-Fx{n:D4}", $"fruta-{n}", n % 3 == 0 ? $"Tacos & Código #{n} 🌮" : $"Frutero \"Build\" Night #{n}")
        {
            Description = $"Sesión {n}: aprende & construye <juntos>.\nTrae tu laptop.",
            StartAt = start,
            EndAt = start.AddHours(2),
            Timezone = n % 2 == 0 ? "America/Mexico_City" : "America/Bogota",
            Address = inPerson ? $"Av. Álvaro Obregón {100 + n}, Roma Nte., Ciudad de México" : null,
            AddressDetails = inPerson ? "Piso 3 — pregunta por Frutero" : null,
            Coordinates = inPerson ? new Coordinates(19.4 + n / 1000.0, -99.16 - n / 1000.0) : null,
            MeetingUrl = online ? $"https://zoom.us/j/{1000 + n}" : null,
            CoverUrl = $"https://images.lumacdn.com/event-covers/fx/{n}.png",
            Hosts = n % 2 == 0 ? [new("Ana Frutera", "https://images.lumacdn.com/avatars/ana.png", "anafrutera"), new("Luis Mango", null, "luismango")] : [new("Ana Frutera", "https://images.lumacdn.com/avatars/ana.png", "anafrutera")],
            Cancelled = n % 7 == 6,
            Price = kind == 2 ? 150 : 0,
            RequireApproval = kind == 4,
            Capacity = n % 2 == 0 ? 40 + n : null,
            GuestCount = 3 * n,
        };
    }
}

/// <summary>One request the fixture served.</summary>
public sealed record FixtureRequest(string Method, string Path, string PathAndQuery, TimeSpan At, string? ApiKey, string? UserAgent, string? Accept);

/// <summary>
/// A stand-in for Luma on 127.0.0.1: the official API (current and older list shapes, cursor paging, the key
/// checked), the public calendar page and event pages (JSON-LD, <c>__NEXT_DATA__</c>, OpenGraph), over a mutable
/// in-memory calendar, with faults to inject, a request log and the most concurrent requests seen per path prefix.
/// </summary>
public sealed class LumaFixture : IAsyncDisposable
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = false };

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<FixtureEvent> _events = [];
    private readonly List<Fault> _faults = [];
    private readonly ConcurrentQueue<FixtureRequest> _requests = new();
    private readonly ConcurrentDictionary<string, int[]> _inFlight = new(); // prefix → [now, max]
    private readonly Stopwatch _since = Stopwatch.StartNew();
    private volatile bool _malformJsonLd;
    private volatile bool _apiPathMissing;

    private LumaFixture(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public string CalendarSlug { get; set; } = "frutero-club";

    public string ApiKey { get; set; } = "luma-test-key";

    /// <summary>The most entries an API list page holds (whatever <c>pagination_limit</c> asks).</summary>
    public int PageSize { get; set; } = 3;

    /// <summary>How the calendar page shapes its JSON-LD.</summary>
    public CalendarJsonLdShape CalendarJsonLd { get; set; } = CalendarJsonLdShape.Organization;

    /// <summary>Whether the calendar page carries <c>__NEXT_DATA__</c> featured items.</summary>
    public bool CalendarNextData { get; set; } = true;

    /// <summary>Whether event pages carry JSON-LD and <c>__NEXT_DATA__</c> (without both only OpenGraph is left).</summary>
    public bool EventPageJsonLd { get; set; } = true;

    public bool EventPageNextData { get; set; } = true;

    /// <summary>Raw JSON-LD blocks added to the calendar page as they are.</summary>
    public List<string> ExtraCalendarJsonLd { get; } = [];

    public IReadOnlyList<FixtureRequest> Requests => [.. _requests];

    public IReadOnlyList<FixtureEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public static async Task<LumaFixture> StartAsync(int sampleEvents = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fixture = new LumaFixture(app);
        app.Run(fixture.HandleAsync);
        await app.StartAsync();
        fixture.Url = new Uri(app.Urls.First().TrimEnd('/') + "/");
        for (var n = 0; n < sampleEvents; n++)
        {
            fixture.AddEvent(FixtureEvent.Sample(n));
        }

        return fixture;
    }

    /// <summary>Options that point both the API and the web host here, with short delays.</summary>
    public LumaOptions Options(bool apiKey) => new()
    {
        CalendarSlug = CalendarSlug,
        ApiKey = apiKey ? ApiKey : null,
        ApiUrl = Url,
        WebUrl = Url,
        RetryBaseDelaySeconds = 0.05,
        TimeoutSeconds = 1,
    };

    // ---------------------------------------------------------------- the calendar

    public void AddEvent(FixtureEvent e)
    {
        lock (_lock)
        {
            _events.Add(e);
        }
    }

    public void RemoveEvent(string slug)
    {
        lock (_lock)
        {
            _events.RemoveAll(e => e.Slug == slug);
        }
    }

    public void Update(string slug, Func<FixtureEvent, FixtureEvent> change)
    {
        lock (_lock)
        {
            var i = _events.FindIndex(e => e.Slug == slug);
            if (i < 0)
            {
                throw new ArgumentException($"No fixture event {slug}", nameof(slug));
            }

            _events[i] = change(_events[i]);
        }
    }

    // ---------------------------------------------------------------- faults

    /// <summary>
    /// Answers <paramref name="status"/> for the next <paramref name="times"/> requests to <paramref name="path"/>
    /// (a path, or a prefix ending in <c>*</c>).
    /// </summary>
    public void Fail(string path, int status, int times = int.MaxValue) => AddFault(new Fault(path, times) { Status = status });

    /// <summary>Waits <paramref name="delay"/> before answering the next <paramref name="times"/> requests (or until the client gives up).</summary>
    public void Delay(string path, TimeSpan delay, int times = int.MaxValue) => AddFault(new Fault(path, times) { Wait = delay });

    /// <summary>Answers 429 with <c>Retry-After: seconds</c> the next <paramref name="times"/> times.</summary>
    public void RateLimit(string path, int retryAfterSeconds, int times = 1) => AddFault(new Fault(path, times) { Status = 429, RetryAfter = retryAfterSeconds });

    /// <summary>Answers 429 with <c>Retry-After: &lt;HTTP date&gt;</c> the next <paramref name="times"/> times.</summary>
    public void RateLimitUntil(string path, DateTimeOffset until, int times = 1) => AddFault(new Fault(path, times) { Status = 429, RetryAfterDate = until });

    /// <summary>Redirects the next <paramref name="times"/> requests to <paramref name="location"/>.</summary>
    public void Redirect(string path, string location, int times = int.MaxValue) => AddFault(new Fault(path, times) { Status = 302, Location = location });

    /// <summary>Adds a block of broken JSON-LD before the good ones on every page.</summary>
    public void MalformJsonLd(bool on) => _malformJsonLd = on;

    /// <summary>Answers 404 on the current API list path, as a deployment without it would.</summary>
    public void ApiPathMissing(bool on) => _apiPathMissing = on;

    public void ClearFaults()
    {
        lock (_lock)
        {
            _faults.Clear();
        }

        _malformJsonLd = false;
        _apiPathMissing = false;
    }

    /// <summary>The requests to <paramref name="path"/> (a path, or a prefix ending in <c>*</c>).</summary>
    public IReadOnlyList<FixtureRequest> RequestsTo(string path) => [.. Requests.Where(r => Matches(path, r.Path))];

    /// <summary>The most requests ever in flight at once under <paramref name="prefix"/> (<c>/</c>, <c>/v1/</c>, a full path).</summary>
    public int MaxConcurrentRequests(string prefix) => _inFlight.TryGetValue(prefix, out var c) ? Volatile.Read(ref c[1]) : 0;

    private void AddFault(Fault fault)
    {
        lock (_lock)
        {
            _faults.Add(fault);
        }
    }

    private static bool Matches(string pattern, string path) =>
        pattern.EndsWith('*') ? path.StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == path;

    private sealed class Fault(string path, int times)
    {
        public string Path { get; } = path;
        public int Remaining { get; set; } = times;
        public int? Status { get; init; }
        public int? RetryAfter { get; init; }
        public DateTimeOffset? RetryAfterDate { get; init; }
        public string? Location { get; init; }
        public TimeSpan? Wait { get; init; }
    }

    // ---------------------------------------------------------------- serving

    private async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var path = request.Path.Value ?? "/";
        _requests.Enqueue(new FixtureRequest(request.Method, path, path + request.QueryString, _since.Elapsed,
            request.Headers["x-luma-api-key"].FirstOrDefault(), request.Headers.UserAgent.FirstOrDefault(), request.Headers.Accept.FirstOrDefault()));
        var prefixes = Prefixes(path);
        foreach (var prefix in prefixes)
        {
            var counter = _inFlight.GetOrAdd(prefix, _ => new int[2]);
            var now = Interlocked.Increment(ref counter[0]);
            int max;
            while (now > (max = Volatile.Read(ref counter[1])) && Interlocked.CompareExchange(ref counter[1], now, max) != max)
            {
            }
        }

        try
        {
            await ServeAsync(http, path);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // expected: the client timed out and went away
        }
        finally
        {
            foreach (var prefix in prefixes)
            {
                Interlocked.Decrement(ref _inFlight[prefix][0]);
            }
        }
    }

    private static List<string> Prefixes(string path)
    {
        var list = new List<string> { "/" };
        var at = 0;
        while ((at = path.IndexOf('/', at + 1)) > 0)
        {
            list.Add(path[..(at + 1)]);
        }

        if (path != "/" && !path.EndsWith('/'))
        {
            list.Add(path);
        }

        return list;
    }

    private async Task ServeAsync(HttpContext http, string path)
    {
        var faults = new List<Fault>();
        lock (_lock)
        {
            foreach (var f in _faults.Where(f => f.Remaining > 0 && Matches(f.Path, path)))
            {
                f.Remaining--;
                faults.Add(f);
            }
        }

        foreach (var fault in faults)
        {
            if (fault.Wait is { } wait)
            {
                await Task.Delay(wait, http.RequestAborted);
            }

            if (fault.Status is { } status)
            {
                http.Response.StatusCode = status;
                if (fault.RetryAfter is { } seconds)
                {
                    http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                if (fault.RetryAfterDate is { } until)
                {
                    http.Response.Headers.RetryAfter = until.ToString("R", CultureInfo.InvariantCulture);
                }

                if (fault.Location is { } location)
                {
                    http.Response.Headers.Location = location;
                }

                await http.Response.WriteAsync($"fault {status}");
                return;
            }
        }

        if (path.StartsWith("/v1/", StringComparison.Ordinal) || path.StartsWith("/public/", StringComparison.Ordinal))
        {
            await ServeApiAsync(http, path);
            return;
        }

        var slug = path.Trim('/');
        if (slug == CalendarSlug)
        {
            await WriteHtmlAsync(http, CalendarPage());
            return;
        }

        if (Events.FirstOrDefault(e => e.Slug == slug) is { } evt)
        {
            await WriteHtmlAsync(http, EventPage(evt));
            return;
        }

        http.Response.StatusCode = 404;
        await http.Response.WriteAsync("<html><body>Not found</body></html>");
    }

    private async Task ServeApiAsync(HttpContext http, string path)
    {
        if (http.Request.Headers["x-luma-api-key"].FirstOrDefault() != ApiKey)
        {
            http.Response.StatusCode = 401;
            await http.Response.WriteAsJsonAsync(new { message = "Invalid API key" });
            return;
        }

        switch (path)
        {
            case LumaClient.CurrentListPath when !_apiPathMissing:
                await http.Response.WriteAsJsonAsync(ListPage(http, e => (object)CurrentRecord(e)));
                return;
            case LumaClient.OlderListPath:
                await http.Response.WriteAsJsonAsync(ListPage(http, OlderEntry));
                return;
            case LumaClient.GetEventPath when Events.FirstOrDefault(e => e.Id == http.Request.Query["event_id"]) is { } e:
                await http.Response.WriteAsJsonAsync(new { @event = CurrentRecord(e), hosts = HostRecords(e) });
                return;
            default:
                http.Response.StatusCode = 404;
                await http.Response.WriteAsJsonAsync(new { message = "Not found" });
                return;
        }
    }

    private object ListPage(HttpContext http, Func<FixtureEvent, object> entry)
    {
        var events = Events;
        var cursor = http.Request.Query["pagination_cursor"].FirstOrDefault();
        var offset = cursor is { Length: > 1 } ? int.Parse(cursor[1..], CultureInfo.InvariantCulture) : 0;
        var limit = int.TryParse(http.Request.Query["pagination_limit"], CultureInfo.InvariantCulture, out var l) ? Math.Min(l, PageSize) : PageSize;
        var page = events.Skip(offset).Take(limit).Select(entry).ToList();
        var more = offset + limit < events.Count;
        return new { entries = page, has_more = more, next_cursor = more ? $"c{offset + limit}" : null };
    }

    private static string? Iso(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static string LocationType(FixtureEvent e) => e.MeetingUrl is not null ? "zoom" : e.Address is not null ? "offline" : "missing";

    private static object[] HostRecords(FixtureEvent e) =>
        [.. e.Hosts.Select((h, i) => new { id = $"usr-{h.Handle ?? i.ToString(CultureInfo.InvariantCulture)}", name = h.Name, avatar_url = h.AvatarUrl, username = h.Handle })];

    private static object TicketInfo(FixtureEvent e) => new
    {
        is_free = e.Price == 0,
        price = e.Price > 0 ? new { cents = (int)(e.Price * 100), currency = "mxn" } : null,
        require_approval = e.RequireApproval,
        max_capacity = e.Capacity,
    };

    /// <summary>An event of <c>/v1/calendars/events/list</c>: flat, <c>id</c>, <c>coordinate</c>, a full URL.</summary>
    private object CurrentRecord(FixtureEvent e) => new Dictionary<string, object?>
    {
        ["id"] = e.Id,
        ["platform"] = "luma",
        ["calendar_id"] = "cal-Fixture",
        ["name"] = e.Name,
        ["description"] = e.Description,
        ["start_at"] = e.RawStartAt ?? Iso(e.StartAt),
        ["end_at"] = Iso(e.EndAt),
        ["timezone"] = e.Timezone,
        ["url"] = $"https://luma.com/{e.Slug}",
        ["cover_url"] = e.CoverUrl,
        ["geo_address_json"] = e.Address is null ? null : new { address = e.Address, full_address = e.Address, description = e.AddressDetails },
        ["coordinate"] = e.Coordinates is { } c ? new { latitude = c.Lat, longitude = c.Lng } : null,
        ["meeting_url"] = e.MeetingUrl,
        ["location_type"] = LocationType(e),
        ["hosts"] = HostRecords(e),
        ["is_canceled"] = e.Cancelled,
        ["require_approval"] = e.RequireApproval,
        ["ticket_info"] = TicketInfo(e),
        ["max_capacity"] = e.Capacity,
        ["guest_count"] = e.GuestCount,
        ["visibility"] = "public",
        ["tags"] = Array.Empty<object>(),
    };

    /// <summary>An entry of <c>/public/v1/calendar/list-events</c>: <c>{api_id, event:{api_id, …}}</c>, string coordinates, a bare slug.</summary>
    private object OlderEntry(FixtureEvent e) => new Dictionary<string, object?>
    {
        ["api_id"] = "calev-" + e.Id[4..],
        ["event"] = new Dictionary<string, object?>
        {
            ["api_id"] = e.Id,
            ["calendar_api_id"] = "cal-Fixture",
            ["name"] = e.Name,
            ["description"] = e.Description,
            ["start_at"] = e.RawStartAt ?? Iso(e.StartAt),
            ["end_at"] = Iso(e.EndAt),
            ["timezone"] = e.Timezone,
            ["url"] = e.Slug,
            ["cover_url"] = e.CoverUrl,
            ["geo_address_json"] = e.Address is null ? null : new { full_address = e.Address, description = e.AddressDetails },
            ["geo_latitude"] = e.Coordinates?.Lat.ToString(CultureInfo.InvariantCulture),
            ["geo_longitude"] = e.Coordinates?.Lng.ToString(CultureInfo.InvariantCulture),
            ["meeting_url"] = e.MeetingUrl,
            ["location_type"] = LocationType(e),
            ["status"] = e.Cancelled ? "cancelled" : "scheduled",
        },
        ["hosts"] = HostRecords(e),
        ["guest_count"] = e.GuestCount,
        ["ticket_info"] = TicketInfo(e),
        ["tags"] = Array.Empty<object>(),
    };

    /// <summary>The Next.js record of an event (as on calendar and event pages): <c>api_id</c>, a bare slug, <c>geo_address_info</c>.</summary>
    private static Dictionary<string, object?> PageRecord(FixtureEvent e) => new()
    {
        ["api_id"] = e.Id,
        ["name"] = e.Name,
        ["url"] = e.Slug,
        ["start_at"] = e.RawStartAt ?? Iso(e.StartAt),
        ["end_at"] = Iso(e.EndAt),
        ["timezone"] = e.Timezone,
        ["cover_url"] = e.CoverUrl,
        ["location_type"] = LocationType(e),
        ["geo_address_info"] = e.Address is null ? null : new { full_address = e.Address, description = e.AddressDetails, city = "Ciudad de México" },
        ["coordinate"] = e.Coordinates is { } c ? new { latitude = c.Lat, longitude = c.Lng } : null,
        ["visibility"] = "public",
    };

    /// <summary>A schema.org Event as Luma writes it (text HTML-escaped inside the JSON).</summary>
    private static Dictionary<string, object?> SchemaEvent(FixtureEvent e, bool full)
    {
        var physical = e.Address is null ? null : new Dictionary<string, object?>
        {
            ["@type"] = "Place",
            ["name"] = WebUtility.HtmlEncode(e.Address),
            ["address"] = new Dictionary<string, object?> { ["@type"] = "PostalAddress", ["streetAddress"] = WebUtility.HtmlEncode(e.Address) },
            ["geo"] = e.Coordinates is { } c ? new Dictionary<string, object?> { ["@type"] = "GeoCoordinates", ["latitude"] = c.Lat, ["longitude"] = c.Lng } : null,
        };
        var online = e.MeetingUrl is null ? null : new Dictionary<string, object?> { ["@type"] = "VirtualLocation", ["url"] = $"https://luma.com/{e.Slug}" };
        var result = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Event",
            ["@id"] = $"https://luma.com/{e.Slug}",
            ["name"] = WebUtility.HtmlEncode(e.Name),
            ["url"] = $"https://luma.com/{e.Slug}",
            ["startDate"] = e.RawStartAt ?? Iso(e.StartAt),
            ["endDate"] = Iso(e.EndAt),
            ["image"] = e.CoverUrl is null ? null : new[] { e.CoverUrl },
            ["eventStatus"] = e.Cancelled ? "https://schema.org/EventCancelled" : "https://schema.org/EventScheduled",
            ["eventAttendanceMode"] = (physical, online) switch
            {
                (not null, not null) => "https://schema.org/MixedEventAttendanceMode",
                (null, not null) => "https://schema.org/OnlineEventAttendanceMode",
                _ => "https://schema.org/OfflineEventAttendanceMode",
            },
            ["location"] = (physical, online) switch
            {
                (not null, not null) => new object[] { physical, online },
                (not null, null) => physical,
                _ => online,
            },
            ["offers"] = new[] { new Dictionary<string, object?> { ["@type"] = "Offer", ["price"] = e.Price, ["priceCurrency"] = "MXN" } },
        };
        if (full)
        {
            result["description"] = e.Description is null ? null : WebUtility.HtmlEncode(e.Description);
            result["maximumAttendeeCapacity"] = e.Capacity;
            result["organizer"] = e.Hosts.Select(h => new Dictionary<string, object?> { ["@type"] = "Person", ["name"] = WebUtility.HtmlEncode(h.Name), ["image"] = h.AvatarUrl }).ToArray();
        }

        return result;
    }

    private string CalendarPage()
    {
        var events = Events;
        var blocks = new List<string>();
        var schema = events.Select(e => (object)SchemaEvent(e, full: false)).ToList();
        var organization = new Dictionary<string, object?> { ["@context"] = "https://schema.org", ["@type"] = "Organization", ["name"] = "Frutero Club", ["url"] = $"https://luma.com/{CalendarSlug}" };
        switch (CalendarJsonLd)
        {
            case CalendarJsonLdShape.Organization:
                organization["events"] = schema;
                blocks.Add(Json(organization));
                break;
            case CalendarJsonLdShape.EventBlocks:
                blocks.AddRange(schema.Select(Json));
                break;
            case CalendarJsonLdShape.Array:
                blocks.Add(Json(schema));
                break;
            case CalendarJsonLdShape.Graph:
                blocks.Add(Json(new Dictionary<string, object?> { ["@context"] = "https://schema.org", ["@graph"] = new object[] { organization }.Concat(schema).ToArray() }));
                break;
        }

        blocks.AddRange(ExtraCalendarJsonLd);
        var next = !CalendarNextData ? null : NextData(new Dictionary<string, object?>
        {
            ["calendar"] = new { api_id = "cal-Fixture", slug = CalendarSlug, name = "Frutero Club" },
            ["featured_items"] = events.Select(e => new Dictionary<string, object?>
            {
                ["api_id"] = "calev-" + e.Id[4..],
                ["event"] = PageRecord(e),
                ["guest_count"] = e.GuestCount,
                ["ticket_info"] = TicketInfo(e),
                ["hosts"] = HostRecords(e),
                ["calendar"] = new { slug = CalendarSlug },
            }).ToArray(),
        });
        return Html("Frutero Club · Luma", blocks, next, []);
    }

    private string EventPage(FixtureEvent e)
    {
        var blocks = EventPageJsonLd ? new List<string> { Json(SchemaEvent(e, full: true)) } : [];
        var record = PageRecord(e);
        record["description_mirror"] = e.Description is null ? null : new
        {
            type = "doc",
            content = e.Description.Split('\n').Select(line => new { type = "paragraph", content = new[] { new { type = "text", text = line } } }).ToArray(),
        };
        record["meeting_url"] = e.MeetingUrl;
        var next = !EventPageNextData ? null : NextData(new Dictionary<string, object?>
        {
            ["event"] = record,
            ["hosts"] = HostRecords(e),
            ["calendar"] = new { api_id = "cal-Fixture", slug = CalendarSlug },
            ["guest_count"] = e.GuestCount,
            ["ticket_info"] = TicketInfo(e),
            ["is_canceled"] = e.Cancelled,
            ["guests"] = new[] { new { name = "Someone Viewing", email = "viewer@example.com" } },
            ["user"] = new { api_id = "usr-viewer", email = "viewer@example.com" },
        });
        string[] meta =
        [
            Meta("og:title", e.Name),
            Meta("og:description", e.Description ?? ""),
            Meta("og:image", e.CoverUrl ?? ""),
        ];
        return Html($"{e.Name} · Luma", blocks, next, meta);
    }

    private static string Meta(string property, string content) =>
        $"<meta property=\"{property}\" content=\"{WebUtility.HtmlEncode(content)}\">";

    private static string NextData(Dictionary<string, object?> data) =>
        Json(new { props = new { pageProps = new { initialData = new { data } } }, page = "/[slug]", buildId = "fixture" });

    private string Html(string title, List<string> jsonLd, string? nextData, string[] meta)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"es\"><head><meta charset=\"utf-8\">");
        html.Append("<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>");
        foreach (var m in meta)
        {
            html.Append(m);
        }

        if (_malformJsonLd)
        {
            html.Append("<script type=\"application/ld+json\">{\"@type\": \"Event\", \"name\": \"Broken</script>");
        }

        foreach (var block in jsonLd)
        {
            html.Append("<script type=\"application/ld+json\">").Append(block).Append("</script>");
        }

        html.Append("</head><body><div id=\"__next\"><h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1></div>");
        if (nextData is not null)
        {
            html.Append("<script id=\"__NEXT_DATA__\" type=\"application/json\">").Append(nextData).Append("</script>");
        }

        return html.Append("</body></html>").ToString();
    }

    // The default encoder escapes <, > and &, so JSON is safe inside <script>.
    private static string Json(object value) => JsonSerializer.Serialize(value, s_json);

    private static async Task WriteHtmlAsync(HttpContext http, string html)
    {
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(html);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The JSON-LD shapes Luma's calendar page has used.</summary>
public enum CalendarJsonLdShape
{
    /// <summary>One <c>{"@type":"Organization","events":[…]}</c>.</summary>
    Organization,

    /// <summary>One top-level Event per block.</summary>
    EventBlocks,

    /// <summary>One block holding an array of Events.</summary>
    Array,

    /// <summary>One <c>{"@graph":[Organization, Event…]}</c>.</summary>
    Graph,

    /// <summary>No JSON-LD.</summary>
    None,
}
