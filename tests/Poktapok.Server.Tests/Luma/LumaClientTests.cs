using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Poktapok.App.Luma;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Luma;

/// <summary>
/// The Luma client against a real HTTP stand-in (<see cref="LumaFixture"/>): both API list shapes with cursor
/// paging, the calendar and event pages in every JSON-LD shape, partial failures kept as problems, retries,
/// timeouts, Retry-After, the host allow-list, bounded concurrency and slug parsing.
/// </summary>
public sealed class LumaClientTests : IAsyncLifetime
{
    private const int SampleCount = 7;

    private readonly List<HttpClient> _clients = [];
    private LumaFixture _luma = null!;

    public async ValueTask InitializeAsync() => _luma = await LumaFixture.StartAsync(SampleCount);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _luma.DisposeAsync();
    }

    private LumaClient Client(LumaOptions options)
    {
        var http = LumaClient.CreateHttpClient(options);
        _clients.Add(http);
        return new LumaClient(http, options);
    }

    private LumaClient Client(bool apiKey, Action<LumaOptions>? change = null)
    {
        var options = _luma.Options(apiKey);
        change?.Invoke(options);
        return Client(options);
    }

    private Task<LumaCalendar> FetchAsync(LumaClient client) => client.FetchCalendarAsync(_luma.CalendarSlug, CancellationToken.None);

    /// <summary>Every field the fixture knows, as the client should report it whatever the source.</summary>
    private void ShouldMatch(LumaEvent actual, FixtureEvent expected)
    {
        actual.Id.ShouldBe(expected.Id);
        actual.Slug.ShouldBe(expected.Slug);
        actual.Url.ShouldBe($"{_luma.Url}{expected.Slug}");
        actual.Title.ShouldBe(expected.Name);
        actual.Description.ShouldBe(expected.Description);
        actual.CoverUrl.ShouldBe(expected.CoverUrl);
        actual.StartAt.ShouldBe(expected.StartAt);
        actual.EndAt.ShouldBe(expected.EndAt);
        actual.Timezone.ShouldBe(expected.Timezone);
        actual.EventType.ShouldBe((expected.Address, expected.MeetingUrl) switch
        {
            (not null, not null) => EventType.Hybrid,
            (null, not null) => EventType.Virtual,
            _ => EventType.InPerson,
        });
        actual.Location.ShouldBe(expected.Address);
        actual.LocationDetails.ShouldBe(expected.AddressDetails);
        actual.MeetingUrl.ShouldBe(expected.MeetingUrl);
        actual.Coordinates.ShouldBe(expected.Coordinates);
        actual.Hosts.ShouldBe(expected.Hosts);
        actual.IsCancelled.ShouldBe(expected.Cancelled);
        actual.RegistrationType.ShouldBe(expected.Price > 0 ? RegistrationType.Paid : expected.RequireApproval ? RegistrationType.Approval : RegistrationType.Free);
        actual.MaxCapacity.ShouldBe(expected.Capacity);
        actual.RegistrationCount.ShouldBe(expected.GuestCount);
    }

    // ---------------------------------------------------------------- the API

    [Fact]
    public async Task api_follows_the_cursor_across_pages_and_maps_every_field()
    {
        _luma.PageSize = 3;
        var calendar = await FetchAsync(Client(apiKey: true));

        calendar.Source.ShouldBe("api");
        calendar.Complete.ShouldBeTrue(string.Join("; ", calendar.Problems));
        calendar.Events.Select(e => e.Slug).ShouldBe(_luma.Events.Select(e => e.Slug));
        foreach (var (actual, expected) in calendar.Events.Zip(_luma.Events))
        {
            ShouldMatch(actual, expected);
        }

        var pages = _luma.RequestsTo(LumaClient.CurrentListPath);
        pages.Count.ShouldBe(3);
        pages[0].PathAndQuery.ShouldNotContain("pagination_cursor");
        pages[1].PathAndQuery.ShouldContain("pagination_cursor=c3");
        pages[2].PathAndQuery.ShouldContain("pagination_cursor=c6");
        pages.ShouldAllBe(r => r.ApiKey == _luma.ApiKey && r.UserAgent == "Poktapok/1.0 (+https://github.com/fruteroclub)");
        _luma.Requests.Count.ShouldBe(3, "the API source reads no pages");
    }

    [Fact]
    public async Task api_falls_back_to_the_older_list_and_reads_its_shape()
    {
        _luma.PageSize = 4;
        _luma.ApiPathMissing(true);
        var calendar = await FetchAsync(Client(apiKey: true));

        calendar.Complete.ShouldBeTrue(string.Join("; ", calendar.Problems));
        calendar.Events.Count.ShouldBe(SampleCount);
        foreach (var (actual, expected) in calendar.Events.Zip(_luma.Events))
        {
            ShouldMatch(actual, expected);
        }

        _luma.RequestsTo(LumaClient.CurrentListPath).Count.ShouldBe(1);
        _luma.RequestsTo(LumaClient.OlderListPath).Count.ShouldBe(2);
    }

    [Fact]
    public async Task api_with_a_wrong_key_fails_with_401()
    {
        var client = Client(apiKey: true, o => o.ApiKey = "not-the-key");
        var e = await Should.ThrowAsync<LumaFetchException>(() => FetchAsync(client));
        e.Status.ShouldBe(401);
        _luma.Requests.Count.ShouldBe(1, "a 401 is not retried");
    }

    [Fact]
    public async Task a_calendar_over_MaxEvents_is_truncated_and_reported()
    {
        var api = await FetchAsync(Client(apiKey: true, o => o.MaxEvents = 4));
        api.Events.Count.ShouldBe(4);
        api.Complete.ShouldBeFalse();
        api.Problems.ShouldContain(p => p.Message.Contains("more than 4 events"));

        var web = await FetchAsync(Client(apiKey: false, o => o.MaxEvents = 5));
        web.Events.Select(e => e.Slug).ShouldBe(_luma.Events.Take(5).Select(e => e.Slug));
        web.Complete.ShouldBeFalse();
        _luma.RequestsTo("/fruta-6").ShouldBeEmpty();
    }

    // ---------------------------------------------------------------- the web pages

    [Fact]
    public async Task web_calendar_and_event_pages_map_every_field()
    {
        var calendar = await FetchAsync(Client(apiKey: false));

        calendar.Source.ShouldBe("web");
        calendar.Complete.ShouldBeTrue(string.Join("; ", calendar.Problems));
        calendar.Problems.ShouldBeEmpty();
        calendar.Events.Select(e => e.Slug).ShouldBe(_luma.Events.Select(e => e.Slug), "JSON-LD and __NEXT_DATA__ merged by slug");
        foreach (var (actual, expected) in calendar.Events.Zip(_luma.Events))
        {
            ShouldMatch(actual, expected);
            actual.CalendarSlug.ShouldBe(_luma.CalendarSlug);
        }

        calendar.Events[0].Title.ShouldBe("Tacos & Código #0 🌮", "entities decoded, unicode kept");
        calendar.Events.SelectMany(e => e.Hosts).ShouldNotContain(h => h.Name == "Someone Viewing", "the viewer's own keys are never read");
        calendar.Events.Select(e => e.EventType).Distinct().Count().ShouldBe(3);
        _luma.RequestsTo("/fruta-*").Count.ShouldBe(SampleCount);
        _luma.RequestsTo("/fruta-*").ShouldAllBe(r => r.Accept != null && r.Accept.Contains("text/html"));
    }

    [Theory]
    [InlineData(CalendarJsonLdShape.Organization)]
    [InlineData(CalendarJsonLdShape.EventBlocks)]
    [InlineData(CalendarJsonLdShape.Array)]
    [InlineData(CalendarJsonLdShape.Graph)]
    public async Task every_json_ld_shape_of_the_calendar_page_is_read(CalendarJsonLdShape shape)
    {
        // Only the calendar's JSON-LD can name the events: no __NEXT_DATA__, and every event page fails.
        _luma.CalendarJsonLd = shape;
        _luma.CalendarNextData = false;
        _luma.Fail("/fruta-*", 404);
        var calendar = await FetchAsync(Client(apiKey: false));

        calendar.Events.Select(e => e.Slug).ShouldBe(_luma.Events.Select(e => e.Slug));
        calendar.Events.Select(e => e.Title).ShouldBe(_luma.Events.Select(e => e.Name));
        calendar.Events.Select(e => e.StartAt).ShouldBe(_luma.Events.Select(e => e.StartAt));
        calendar.Events.ShouldAllBe(e => e.Description == null && e.Id == null, "those come only from the event pages");
        calendar.Complete.ShouldBeFalse();
        calendar.Problems.Count(p => p.Message.Contains("404")).ShouldBe(SampleCount);
    }

    [Fact]
    public async Task a_calendar_page_without_event_data_is_reported_incomplete()
    {
        _luma.CalendarJsonLd = CalendarJsonLdShape.None;
        _luma.CalendarNextData = false;
        var calendar = await FetchAsync(Client(apiKey: false));

        calendar.Events.ShouldBeEmpty();
        calendar.Complete.ShouldBeFalse();
        calendar.Problems.ShouldContain(p => p.Message.Contains("neither JSON-LD nor __NEXT_DATA__"));
    }

    [Fact]
    public async Task a_malformed_json_ld_block_is_skipped_and_recorded()
    {
        _luma.MalformJsonLd(true);
        var calendar = await FetchAsync(Client(apiKey: false));

        calendar.Events.Count.ShouldBe(SampleCount);
        foreach (var (actual, expected) in calendar.Events.Zip(_luma.Events))
        {
            ShouldMatch(actual, expected);
        }

        calendar.Complete.ShouldBeFalse();
        calendar.Problems.ShouldContain(p => p.Slug == null && p.Message.Contains("malformed JSON-LD"));
        calendar.Problems.ShouldContain(p => p.Slug == "fruta-3" && p.Message.Contains("malformed JSON-LD"));
    }

    [Fact]
    public async Task a_failed_event_page_keeps_the_calendar_data_and_records_a_problem()
    {
        _luma.Fail("/fruta-2", 500);
        var calendar = await FetchAsync(Client(apiKey: false));

        calendar.Events.Count.ShouldBe(SampleCount);
        var kept = calendar.Events.Single(e => e.Slug == "fruta-2");
        var expected = _luma.Events.Single(e => e.Slug == "fruta-2");
        kept.Title.ShouldBe(expected.Name);
        kept.Id.ShouldBe(expected.Id, "the calendar's __NEXT_DATA__ has it");
        kept.StartAt.ShouldBe(expected.StartAt);
        kept.Location.ShouldBe(expected.Address);
        kept.Description.ShouldBeNull("only the event page has it");
        calendar.Events.Where(e => e.Slug != "fruta-2").ShouldAllBe(e => e.Description != null);

        calendar.Complete.ShouldBeFalse();
        calendar.Problems.ShouldHaveSingleItem().Slug.ShouldBe("fruta-2");
        calendar.Problems[0].Message.ShouldContain("Luma answered 500 for /fruta-2");
        _luma.RequestsTo("/fruta-2").Count.ShouldBe(4, "first try and three retries");
    }

    [Fact]
    public async Task a_missing_or_unreadable_start_date_is_null_and_a_problem_never_now()
    {
        _luma.Update("fruta-1", e => e with { StartAt = null });
        _luma.Update("fruta-2", e => e with { RawStartAt = "next tuesday-ish" });
        var calendar = await FetchAsync(Client(apiKey: false));

        calendar.Events.Single(e => e.Slug == "fruta-1").StartAt.ShouldBeNull();
        calendar.Events.Single(e => e.Slug == "fruta-2").StartAt.ShouldBeNull();
        calendar.Events.Single(e => e.Slug == "fruta-3").StartAt.ShouldNotBeNull();
        calendar.Complete.ShouldBeFalse();
        calendar.Problems.ShouldContain(p => p.Slug == "fruta-1" && p.Message.Contains("no start date"));
        calendar.Problems.ShouldContain(p => p.Slug == "fruta-2" && p.Message.Contains("next tuesday-ish"));

        var api = await FetchAsync(Client(apiKey: true));
        api.Events.Single(e => e.Slug == "fruta-1").StartAt.ShouldBeNull();
        api.Problems.ShouldContain(p => p.Slug == "fruta-1" && p.Message.Contains("no start date"));
        api.Complete.ShouldBeFalse();
    }

    [Fact]
    public async Task a_date_without_offset_is_read_in_the_event_timezone_and_a_bad_timezone_is_dropped()
    {
        _luma.Update("fruta-1", e => e with { RawStartAt = "2026-05-01T10:00:00", Timezone = "America/Bogota" });
        _luma.Update("fruta-2", e => e with { Timezone = "Mars/Olympus_Mons" });
        var calendar = await FetchAsync(Client(apiKey: true));

        calendar.Events.Single(e => e.Slug == "fruta-1").StartAt.ShouldBe(new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.FromHours(-5)));
        var unknownZone = calendar.Events.Single(e => e.Slug == "fruta-2");
        unknownZone.Timezone.ShouldBeNull();
        unknownZone.StartAt.ShouldBe(_luma.Events.Single(e => e.Slug == "fruta-2").StartAt);
        calendar.Complete.ShouldBeTrue(string.Join("; ", calendar.Problems));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task events_are_de_duplicated_by_id_then_slug(bool apiKey)
    {
        _luma.AddEvent(FixtureEvent.Sample(1) with { Slug = "fruta-1-copy", Name = "Same id, other slug" });
        var calendar = await FetchAsync(Client(apiKey));

        calendar.Events.Count.ShouldBe(SampleCount);
        calendar.Events.Count(e => e.Id == "evt-Fx0001").ShouldBe(1);
        calendar.Events.ShouldNotContain(e => e.Slug == "fruta-1-copy");
    }

    // ---------------------------------------------------------------- retries, timeouts, rate limits

    [Fact]
    public async Task two_500s_then_success_is_retried_to_success()
    {
        _luma.Fail($"/{_luma.CalendarSlug}", 500, times: 2);
        var calendar = await FetchAsync(Client(apiKey: false));

        calendar.Events.Count.ShouldBe(SampleCount);
        _luma.RequestsTo($"/{_luma.CalendarSlug}").Count.ShouldBe(3);
    }

    [Fact]
    public async Task a_permanent_500_fails_with_the_status_after_the_retries()
    {
        _luma.Fail($"/{_luma.CalendarSlug}", 500);
        var e = await Should.ThrowAsync<LumaFetchException>(() => FetchAsync(Client(apiKey: false, o => o.MaxRetries = 2)));

        e.Status.ShouldBe(500);
        e.Message.ShouldBe($"Luma answered 500 for /{_luma.CalendarSlug}");
        _luma.RequestsTo($"/{_luma.CalendarSlug}").Count.ShouldBe(3);
    }

    [Fact]
    public async Task a_slow_answer_times_out_and_is_retried_then_fails()
    {
        _luma.Delay($"/{_luma.CalendarSlug}", TimeSpan.FromSeconds(10));
        var e = await Should.ThrowAsync<LumaFetchException>(() => FetchAsync(Client(apiKey: false, o => (o.TimeoutSeconds, o.MaxRetries) = (0.5, 1))));

        e.Status.ShouldBeNull();
        e.Message.ShouldContain("in time");
        _luma.RequestsTo($"/{_luma.CalendarSlug}").Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_slow_first_answer_times_out_and_the_retry_succeeds()
    {
        _luma.Delay($"/{_luma.CalendarSlug}", TimeSpan.FromSeconds(10), times: 1);
        var calendar = await FetchAsync(Client(apiKey: false, o => o.TimeoutSeconds = 0.5));

        calendar.Events.Count.ShouldBe(SampleCount);
        _luma.RequestsTo($"/{_luma.CalendarSlug}").Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_429_waits_for_its_retry_after_and_succeeds()
    {
        _luma.RateLimit(LumaClient.CurrentListPath, retryAfterSeconds: 1, times: 1);
        var calendar = await FetchAsync(Client(apiKey: true));

        calendar.Events.Count.ShouldBe(SampleCount);
        var first = _luma.RequestsTo(LumaClient.CurrentListPath);
        first.Count.ShouldBeGreaterThan(1);
        (first[1].At - first[0].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.95), "Retry-After: 1, not the 0.05 s backoff");
    }

    [Fact]
    public async Task a_429_with_an_http_date_waits_until_then()
    {
        // HTTP dates have whole seconds: ask for 2.5 s from now, so at least 1.5 s remain.
        _luma.RateLimitUntil($"/{_luma.CalendarSlug}", DateTimeOffset.UtcNow.AddSeconds(2.5), times: 1);
        var calendar = await FetchAsync(Client(apiKey: false));

        calendar.Events.Count.ShouldBe(SampleCount);
        var requests = _luma.RequestsTo($"/{_luma.CalendarSlug}");
        requests.Count.ShouldBe(2);
        (requests[1].At - requests[0].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task a_429_asking_longer_than_the_maximum_fails_at_once()
    {
        _luma.RateLimit($"/{_luma.CalendarSlug}", retryAfterSeconds: 120, times: 1);
        var e = await Should.ThrowAsync<LumaFetchException>(() => FetchAsync(Client(apiKey: false, o => o.MaxRetryAfterSeconds = 30)));

        e.Status.ShouldBe(429);
        e.Message.ShouldContain("120 s");
        _luma.RequestsTo($"/{_luma.CalendarSlug}").Count.ShouldBe(1);
    }

    // ---------------------------------------------------------------- the host allow-list

    [Fact]
    public async Task a_redirect_to_another_host_is_refused()
    {
        // localhost reaches the same server, so only the allow-list can stop the request.
        _luma.Redirect($"/{_luma.CalendarSlug}", $"http://localhost:{_luma.Url.Port}/other-calendar");
        var e = await Should.ThrowAsync<LumaFetchException>(() => FetchAsync(Client(apiKey: false)));

        e.Message.ShouldContain($"localhost:{_luma.Url.Port}");
        _luma.RequestsTo("/other-calendar").ShouldBeEmpty();
    }

    [Fact]
    public async Task a_redirect_on_the_same_host_is_followed()
    {
        _luma.Redirect("/old-calendar", $"/{_luma.CalendarSlug}");
        var calendar = await Client(apiKey: false).FetchCalendarAsync("old-calendar", CancellationToken.None);

        calendar.Events.Count.ShouldBe(SampleCount);
        _luma.RequestsTo($"/{_luma.CalendarSlug}").Count.ShouldBe(1);
    }

    [Fact]
    public async Task the_http_client_refuses_hosts_that_are_not_configured()
    {
        var http = LumaClient.CreateHttpClient(_luma.Options(apiKey: false));
        _clients.Add(http);

        var e = await Should.ThrowAsync<LumaFetchException>(() => http.GetAsync($"http://localhost:{_luma.Url.Port}/{_luma.CalendarSlug}"));
        e.Message.ShouldContain("localhost");
        await Should.ThrowAsync<LumaFetchException>(() => http.GetAsync("https://lu.ma/frutero-club"));
        _luma.Requests.ShouldBeEmpty();

        using var allowed = await http.GetAsync($"{_luma.Url}{_luma.CalendarSlug}");
        allowed.IsSuccessStatusCode.ShouldBeTrue();
    }

    [Fact]
    public async Task an_event_url_on_another_host_is_skipped_and_recorded()
    {
        _luma.ExtraCalendarJsonLd.Add("""{"@context":"https://schema.org","@type":"Event","name":"Phish","url":"https://evil.example/steal","startDate":"2026-05-01T10:00:00Z"}""");
        var calendar = await FetchAsync(Client(apiKey: false));

        calendar.Events.Count.ShouldBe(SampleCount);
        calendar.Events.ShouldNotContain(e => e.Title == "Phish");
        calendar.Problems.ShouldContain(p => p.Message.Contains("https://evil.example/steal"));
        calendar.Complete.ShouldBeFalse();
        _luma.RequestsTo("/steal").ShouldBeEmpty();
    }

    // ---------------------------------------------------------------- concurrency

    [Fact]
    public async Task event_pages_are_fetched_at_most_MaxConcurrency_at_once()
    {
        for (var n = SampleCount; n < 16; n++)
        {
            _luma.AddEvent(FixtureEvent.Sample(n));
        }

        _luma.Delay("/fruta-*", TimeSpan.FromMilliseconds(150));
        var calendar = await FetchAsync(Client(apiKey: false, o => o.MaxConcurrency = 3));

        calendar.Events.Count.ShouldBe(16);
        calendar.Complete.ShouldBeTrue();
        _luma.MaxConcurrentRequests("/").ShouldBeInRange(2, 3);
    }

    // ---------------------------------------------------------------- the preview

    [Fact]
    public async Task the_preview_reads_an_event_page_from_any_luma_url()
    {
        var expected = _luma.Events.Single(e => e.Slug == "fruta-3");
        var preview = await Client(apiKey: false).FetchEventAsync("https://www.lu.ma/fruta-3?tk=abc#top", CancellationToken.None);

        ShouldMatch(preview, expected);
        preview.CalendarSlug.ShouldBe(_luma.CalendarSlug);
        _luma.Requests.ShouldHaveSingleItem().Path.ShouldBe("/fruta-3");
    }

    [Fact]
    public async Task the_preview_with_an_api_key_takes_the_api_record_first()
    {
        _luma.EventPageJsonLd = false;
        _luma.Update("fruta-4", e => e with { Name = "Renamed in the API" });
        var preview = await Client(apiKey: true).FetchEventAsync("fruta-4", CancellationToken.None);

        preview.Title.ShouldBe("Renamed in the API");
        _luma.RequestsTo(LumaClient.GetEventPath).ShouldHaveSingleItem().PathAndQuery.ShouldContain("event_id=evt-Fx0004");
        ShouldMatch(preview, _luma.Events.Single(e => e.Slug == "fruta-4"));
    }

    [Fact]
    public async Task the_preview_falls_back_to_opengraph()
    {
        _luma.EventPageJsonLd = false;
        _luma.EventPageNextData = false;
        var expected = _luma.Events.Single(e => e.Slug == "fruta-0");
        var preview = await Client(apiKey: false).FetchEventAsync("fruta-0", CancellationToken.None);

        preview.Title.ShouldBe(expected.Name);
        preview.Description.ShouldBe(expected.Description);
        preview.CoverUrl.ShouldBe(expected.CoverUrl);
        preview.StartAt.ShouldBeNull();
        preview.Id.ShouldBeNull();
        preview.EventType.ShouldBeNull();
    }

    [Fact]
    public async Task the_preview_of_a_missing_event_fails_with_404()
    {
        var e = await Should.ThrowAsync<LumaFetchException>(() => Client(apiKey: false).FetchEventAsync("no-such-event", CancellationToken.None));
        e.Status.ShouldBe(404);
        _luma.RequestsTo("/no-such-event").Count.ShouldBe(1, "a 404 is not retried");
    }

    // ---------------------------------------------------------------- slugs and options

    [Theory]
    [InlineData("https://lu.ma/abc-123", "abc-123")]
    [InlineData("https://luma.com/Frutero_Night", "Frutero_Night")]
    [InlineData("https://www.lu.ma/abc?tk=x1", "abc")]
    [InlineData("http://www.luma.com/abc/#details", "abc")]
    [InlineData("lu.ma/abc", "abc")]
    [InlineData("  abc-DEF_9  ", "abc-DEF_9")]
    [InlineData("https://events.example.org/web-host-slug", "web-host-slug")]
    public void ParseSlug_accepts_luma_urls_and_bare_slugs(string input, string slug)
    {
        var options = new LumaOptions { WebUrl = new Uri("https://events.example.org") };
        LumaClient.ParseSlug(input, options).ShouldBe(slug);
    }

    [Theory]
    [InlineData("")]
    [InlineData("https://evil.example/abc")]
    [InlineData("https://lu.ma.evil.example/abc")]
    [InlineData("https://lu.ma/abc/def")]
    [InlineData("https://lu.ma/")]
    [InlineData("https://lu.ma:8443/abc")]
    [InlineData("ftp://lu.ma/abc")]
    [InlineData("javascript:alert(1)")]
    [InlineData("abc def")]
    [InlineData("https://events.example.org:444/abc")]
    public void ParseSlug_refuses_everything_else(string input)
    {
        var options = new LumaOptions { WebUrl = new Uri("https://events.example.org") };
        Should.Throw<InvalidLumaUrlException>(() => LumaClient.ParseSlug(input, options));
        Should.Throw<InvalidLumaUrlException>(() => LumaClient.ParseSlug(new string('a', 101), options));
    }

    [Fact]
    public void options_are_read_from_the_luma_section_and_validated()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Luma:CalendarSlug"] = "fruteroclub",
            ["Luma:ApiKey"] = "secret",
            ["Luma:WebUrl"] = "https://lu.ma",
            ["Luma:MaxConcurrency"] = "2",
            ["Luma:TimeoutSeconds"] = "2.5",
        }).Build();
        var options = LumaOptions.From(configuration);
        options.CalendarSlug.ShouldBe("fruteroclub");
        options.ApiKey.ShouldBe("secret");
        options.WebUrl.ShouldBe(new Uri("https://lu.ma"));
        options.MaxConcurrency.ShouldBe(2);
        options.TimeoutSeconds.ShouldBe(2.5);
        options.MaxRetries.ShouldBe(3);
        LumaOptions.From(configuration.GetSection("Luma")).ApiKey.ShouldBe("secret");

        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Luma:MaxConcurrency"] = "0" }).Build();
        Should.Throw<LumaConfigurationException>(() => LumaOptions.From(bad)).Message.ShouldStartWith("Luma:MaxConcurrency must be between 1 and 64");
        var notUrl = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Luma:ApiUrl"] = "ftp://x" }).Build();
        Should.Throw<LumaConfigurationException>(() => LumaOptions.From(notUrl)).Message.ShouldStartWith("Luma:ApiUrl");
    }

    [Fact]
    public async Task AddLuma_registers_a_working_client()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Luma:ApiUrl"] = _luma.Url.ToString(),
            ["Luma:WebUrl"] = _luma.Url.ToString(),
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddLuma(configuration).BuildServiceProvider();

        services.GetRequiredService<LumaOptions>().WebUrl.ShouldBe(_luma.Url);
        var calendar = await services.GetRequiredService<LumaClient>().FetchCalendarAsync(_luma.CalendarSlug, CancellationToken.None);
        calendar.Events.Count.ShouldBe(SampleCount);
    }
}
