using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.Timeout;
using static Poktapok.App.Luma.LumaJson;

namespace Poktapok.App.Luma;

/// <summary>
/// Reads a Luma calendar and its events: from the official API when <see cref="LumaOptions.ApiKey"/> is set,
/// else from the public calendar page and each event's own page. Writes nothing; see FUNCTIONS.md §3.15.
/// </summary>
public sealed class LumaClient
{
    public const string CurrentListPath = "/v1/calendars/events/list";
    public const string OlderListPath = "/public/v1/calendar/list-events";
    public const string GetEventPath = "/v1/events/get";

    private const int PageSize = 50;

    private readonly HttpClient _http;
    private readonly LumaOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;

    /// <summary>
    /// A client over <paramref name="http"/>, normally <see cref="CreateHttpClient"/>'s, which enforces the host
    /// allow-list, retries and timeouts; <paramref name="clock"/> only times the fetches for the log.
    /// </summary>
    public LumaClient(HttpClient http, LumaOptions options, ILogger<LumaClient>? logger = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _http = http;
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The resilient, host-restricted client (see <see cref="LumaHttp"/>); the caller owns it.</summary>
    public static HttpClient CreateHttpClient(LumaOptions options, ILoggerFactory? logging = null) => LumaHttp.Create(options, logging);

    /// <summary>
    /// The slug of a bare slug or a <c>lu.ma</c>/<c>luma.com</c>/configured-web-host event URL (with or without
    /// <c>www.</c>, query or fragment). Throws <see cref="InvalidLumaUrlException"/> for anything else.
    /// </summary>
    public static string ParseSlug(string urlOrSlug, LumaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return LumaSlugs.TryParse(urlOrSlug, options, out var reason)
            ?? throw new InvalidLumaUrlException($"Invalid Luma URL: '{Shorten(urlOrSlug)}' {reason}. Expected lu.ma/<slug>, luma.com/<slug> or a bare slug.");
    }

    /// <summary>
    /// Every event of the calendar (with an API key, of the key's calendar: the API knows no slugs, so
    /// <paramref name="calendarSlug"/> is then only checked). Throws <see cref="LumaFetchException"/> when the list itself cannot be had;
    /// anything less (a bad block, a failed event page, a truncated list) is in <see cref="LumaCalendar.Problems"/>.
    /// </summary>
    public async Task<LumaCalendar> FetchCalendarAsync(string calendarSlug, CancellationToken ct)
    {
        var slug = ParseSlug(calendarSlug, _options);
        var started = _clock.GetTimestamp();
        var calendar = _options.ApiKey is null
            ? await FetchWebCalendarAsync(slug, ct).ConfigureAwait(false)
            : await FetchApiCalendarAsync(ct).ConfigureAwait(false);
        _logger.LogInformation("Luma: read {Count} events of {Calendar} from the {Source} in {Elapsed} ({Problems} problems)",
            calendar.Events.Count, slug, calendar.Source, _clock.GetElapsedTime(started), calendar.Problems.Count);
        return calendar;
    }

    /// <summary>
    /// One event for the admin preview: its page (JSON-LD, then <c>__NEXT_DATA__</c>, then OpenGraph), and with an
    /// API key and a known id, the API record first.
    /// </summary>
    public async Task<LumaEvent> FetchEventAsync(string urlOrSlug, CancellationToken ct)
    {
        var slug = ParseSlug(urlOrSlug, _options);
        var problems = new List<LumaEventProblem>();
        var draft = await FetchEventPageAsync(slug, problems, ct).ConfigureAwait(false);
        if (_options.ApiKey is not null && draft.Id is { } id)
        {
            try
            {
                var answer = await GetJsonAsync(ApiUrl(GetEventPath, "event_id=" + Uri.EscapeDataString(id)), ct).ConfigureAwait(false);
                var record = LumaParser.FromRecord(Obj(answer, "event") ?? answer, answer, _options, out _);
                record.Slug = slug;
                draft = record.FillFrom(draft);
            }
            catch (LumaFetchException e)
            {
                _logger.LogWarning("Luma: the API has no record of {Id} ({Reason}); the event page is used alone", id, e.Message);
            }
        }

        var result = draft.ToEvent(_options, problems);
        foreach (var problem in problems)
        {
            _logger.LogInformation("Luma: event {Slug} {Problem}", slug, problem.Message);
        }

        return result;
    }

    // ---------------------------------------------------------------- the API

    private async Task<LumaCalendar> FetchApiCalendarAsync(CancellationToken ct)
    {
        var problems = new List<LumaEventProblem>();
        var drafts = new List<EventDraft>();
        var path = CurrentListPath;
        var cursors = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        var complete = true;
        while (true)
        {
            var query = $"pagination_limit={PageSize}" + (cursor is null ? "" : "&pagination_cursor=" + Uri.EscapeDataString(cursor));
            JsonElement page;
            try
            {
                page = await GetJsonAsync(ApiUrl(path, query), ct).ConfigureAwait(false);
            }
            catch (LumaFetchException e) when (e.Status == 404 && path == CurrentListPath && cursor is null)
            {
                _logger.LogInformation("Luma: {Path} is missing; using the older {Older}", CurrentListPath, OlderListPath);
                path = OlderListPath;
                continue;
            }

            foreach (var entry in Items(page, "entries"))
            {
                if (drafts.Count == _options.MaxEvents)
                {
                    problems.Add(new(null, $"the calendar has more than {_options.MaxEvents} events; only the first {_options.MaxEvents} were read"));
                    return Result(LumaSources.Api, drafts, problems, complete: false);
                }

                var (record, container) = Obj(entry, "event") is { } inner ? (inner, (JsonElement?)entry) : (entry, null);
                var draft = LumaParser.FromRecord(record, container, _options, out var url);
                if (draft.Slug is null)
                {
                    problems.Add(new(null, $"skipped event {draft.Id ?? draft.Title ?? "(no id)"}: {(url is null ? "it has no URL" : $"its URL {url} is not a Luma event URL")}"));
                    complete = false;
                    continue;
                }

                drafts.Add(draft);
            }

            if (Bool(page, "has_more") != true)
            {
                return Result(LumaSources.Api, drafts, problems, complete);
            }

            var next = Str(page, "next_cursor");
            if (next is null || !cursors.Add(next))
            {
                problems.Add(new(null, "the API said more events follow but gave no new cursor; the list may be incomplete"));
                return Result(LumaSources.Api, drafts, problems, complete: false);
            }

            cursor = next;
        }
    }

    // ---------------------------------------------------------------- the web pages

    private async Task<LumaCalendar> FetchWebCalendarAsync(string calendarSlug, CancellationToken ct)
    {
        var problems = new List<LumaEventProblem>();
        var html = await GetTextAsync(WebUrl(calendarSlug), json: false, ct).ConfigureAwait(false);
        var page = LumaParser.ScanPage(html, null, problems);
        var complete = problems.Count == 0;
        if (!page.HasEventData)
        {
            problems.Add(new(null, "the calendar page has neither JSON-LD nor __NEXT_DATA__; Luma may have changed it"));
            complete = false;
        }

        var bySlug = new Dictionary<string, EventDraft>(StringComparer.Ordinal);
        var drafts = new List<EventDraft>();
        void Add(EventDraft draft, string? url)
        {
            if (draft.Slug is null)
            {
                problems.Add(new(null, $"skipped the event '{draft.Title ?? "(untitled)"}': {(url is null ? "it has no URL" : $"its URL {url} is not a Luma event URL")}"));
                complete = false;
            }
            else if (bySlug.TryGetValue(draft.Slug, out var known))
            {
                known.FillFrom(draft);
            }
            else
            {
                bySlug[draft.Slug] = draft;
                drafts.Add(draft);
            }
        }

        foreach (var e in page.JsonLd.SelectMany(block => LumaParser.JsonLdEvents(block)))
        {
            Add(LumaParser.FromJsonLd(e, _options, out var url), url);
        }

        foreach (var (record, container) in LumaParser.CalendarRecords(page.Data))
        {
            Add(LumaParser.FromRecord(record, container, _options, out var url), url);
        }

        if (drafts.Count > _options.MaxEvents)
        {
            problems.Add(new(null, $"the calendar has more than {_options.MaxEvents} events; only the first {_options.MaxEvents} were read"));
            drafts.RemoveRange(_options.MaxEvents, drafts.Count - _options.MaxEvents);
            complete = false;
        }

        // Each event's own page says what the calendar page does not (description, id, timezone, hosts, …), and
        // is believed first; a page that fails leaves the calendar's data for its event.
        var pageProblems = new List<LumaEventProblem>[drafts.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(Enumerable.Range(0, drafts.Count), parallel, async (i, token) =>
        {
            var own = pageProblems[i] = [];
            var fromCalendar = drafts[i];
            try
            {
                var fromPage = await FetchEventPageAsync(fromCalendar.Slug!, own, token).ConfigureAwait(false);
                drafts[i] = fromPage.FillFrom(fromCalendar);
            }
            catch (LumaFetchException e)
            {
                own.Add(new(fromCalendar.Slug, $"its event page could not be read, so only the calendar's data is kept: {e.Message}"));
            }
        }).ConfigureAwait(false);

        foreach (var own in pageProblems)
        {
            complete &= own.Count == 0;
            problems.AddRange(own);
        }

        return Result(LumaSources.Web, drafts, problems, complete);
    }

    private async Task<EventDraft> FetchEventPageAsync(string slug, List<LumaEventProblem> problems, CancellationToken ct)
    {
        var html = await GetTextAsync(WebUrl(slug), json: false, ct).ConfigureAwait(false);
        var page = LumaParser.ScanPage(html, slug, problems);
        var events = page.JsonLd.SelectMany(block => LumaParser.JsonLdEvents(block)).Select(e => LumaParser.FromJsonLd(e, _options, out _)).ToList();

        // The page's own Event: the one with this slug, or the only one (a renamed event's page names its new
        // slug). Never just the first of several, which may be another event shown on the page (C32).
        var draft = events.FirstOrDefault(e => e.Slug == slug) ?? (events.Count == 1 ? events[0] : new EventDraft());
        if (Obj(page.Data, "event") is { } record)
        {
            draft.FillFrom(LumaParser.FromRecord(record, page.Data, _options, out _));
        }

        draft.FillFrom(LumaParser.FromMeta(page));
        draft.Slug = slug;
        return draft;
    }

    // ---------------------------------------------------------------- results and HTTP

    private LumaCalendar Result(string source, List<EventDraft> drafts, List<LumaEventProblem> problems, bool complete)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        var events = new List<LumaEvent>(drafts.Count);
        var dateProblems = problems.Count;
        foreach (var draft in drafts)
        {
            if ((draft.Id is { } id && !ids.Add(id)) | !slugs.Add(draft.Slug!))
            {
                continue;
            }

            events.Add(draft.ToEvent(_options, problems));
        }

        return new LumaCalendar(source, events, complete && problems.Count == dateProblems, problems);
    }

    private Uri ApiUrl(string path, string query) => new UriBuilder(_options.ApiUrl) { Path = path, Query = query }.Uri;

    private Uri WebUrl(string slug) => new(LumaSlugs.WebBase(_options), slug);

    private async Task<JsonElement> GetJsonAsync(Uri url, CancellationToken ct)
    {
        var text = await GetTextAsync(url, json: true, ct).ConfigureAwait(false);
        try
        {
            return Parse(text);
        }
        catch (JsonException e)
        {
            throw new LumaFetchException($"Luma answered {url.AbsolutePath} with something that is not JSON: {e.Message}", null, e);
        }
    }

    private async Task<string> GetTextAsync(Uri url, bool json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var accept in LumaHttp.Accept(json))
        {
            request.Headers.Accept.Add(accept);
        }

        if (json && _options.ApiKey is { } key)
        {
            request.Headers.TryAddWithoutValidation("x-luma-api-key", key);
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                var wait = LumaHttp.RetryAfter(response) is { } w && w.TotalSeconds > _options.MaxRetryAfterSeconds
                    ? $" (it asks to wait {w.TotalSeconds:0} s, more than the {_options.MaxRetryAfterSeconds:0.##} s allowed)"
                    : "";
                throw new LumaFetchException($"Luma answered {status} for {url.AbsolutePath}{wait}", status);
            }

            return await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is TimeoutRejectedException or OperationCanceledException)
        {
            throw new LumaFetchException(
                $"Luma did not answer {url.AbsolutePath} in time ({_options.TimeoutSeconds:0.##} s per attempt, {_options.MaxRetries} retries)", null, e);
        }
        catch (HttpRequestException e)
        {
            throw new LumaFetchException($"Could not reach Luma for {url.AbsolutePath}: {e.Message}", (int?)e.StatusCode, e);
        }
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..80] + "…";
}
