using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Poktapok.App.Luma;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using Poktapok.Server.Tests.Functions;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Luma;

/// <summary>
/// The calendar sync end to end: the real server, its scheduler and functions, against the Luma stand-in on
/// 127.0.0.1 (API with cursors, public pages, and faults).
/// </summary>
public sealed class LumaSyncTests : AccountTest, IAsyncLifetime
{
    private const string AdminKey = "luma-test-admin-key";
    private LumaFixture _luma = null!;
    private readonly DevAuthKey _dev = new();

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        _luma = await LumaFixture.StartAsync(sampleEvents: 5);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await _luma.DisposeAsync();
        _dev.Dispose();
        await DisposeAsync();
    }

    private Dictionary<string, string?> Settings(bool apiKey = false)
    {
        var settings = new Dictionary<string, string?>(_dev.Settings)
        {
            ["Auth:AdminKey"] = AdminKey,
            ["Luma:ApiUrl"] = _luma.Url.ToString(),
            ["Luma:WebUrl"] = _luma.Url.ToString(),
            ["Luma:CalendarSlug"] = _luma.CalendarSlug,
            ["Luma:RetryBaseDelaySeconds"] = "0.05",
            ["Luma:TimeoutSeconds"] = "1",
            ["Scheduler:PollIntervalSeconds"] = "0.2",
        };
        if (apiKey)
        {
            settings["Luma:ApiKey"] = _luma.ApiKey;
        }

        return settings;
    }

    private Task<TestServer> StartAsync(bool apiKey = false, TimeProvider? clock = null) =>
        TestServer.StartAsync(Database, Settings(apiKey), clock is null ? null : services => services.AddSingleton(clock));

    private static async Task<JsonNode> SyncAsync(TestServer server) =>
        (await Call(server, Caller.Admin, "luma/sync:syncCalendar")).Ok()!;

    private async Task<List<Event>> EventsAsync()
    {
        await using var db = Database.Open();
        return await db.Events.OrderBy(e => e.StartDate).ToListAsync();
    }

    private async Task<LumaSyncRun> LastRunAsync()
    {
        await using var db = Database.Open();
        return await db.LumaSyncRuns.OrderByDescending(r => r.StartedAt).FirstAsync();
    }

    [Fact]
    public async Task the_first_sync_creates_every_event_published_with_every_field_luma_gives()
    {
        var source = _luma.Events.First(e => e.Address is not null && e.Hosts.Count > 0);
        await using var server = await StartAsync();

        var summary = await SyncAsync(server);

        summary["created"]!.GetValue<int>().ShouldBe(5);
        summary["seen"]!.GetValue<int>().ShouldBe(5);
        summary["source"]!.GetValue<string>().ShouldBe("web");
        summary["status"]!.GetValue<string>().ShouldBe("success");
        var events = await EventsAsync();
        events.Count.ShouldBe(5);
        events.ShouldAllBe(e => e.IsPublished && !e.IsFeatured && e.Calendar == _luma.CalendarSlug);
        var row = events.Single(e => e.LumaSlug == source.Slug);
        row.Title.ShouldBe(source.Name);
        row.LumaEventId.ShouldBe(source.Id);
        row.LumaUrl.ShouldEndWith("/" + source.Slug);
        row.StartDate.ShouldBe(source.StartAt!.Value);
        row.EndDate.ShouldBe(source.EndAt);
        row.Timezone.ShouldBe(source.Timezone);
        row.Location.ShouldNotBeNull().ShouldContain(source.Address!.Split(',')[0]);
        row.Coordinates.ShouldBe(source.Coordinates);
        row.Hosts!.Select(h => h.Name).ShouldBe(source.Hosts.Select(h => h.Name));
        row.Description.ShouldBe(source.Description);
        row.Status.ShouldBe(EventStatusRule.At(row.StartDate, row.EndDate, false, DateTimeOffset.UtcNow));

        var runs = (await Call(server, Caller.Admin, "luma/sync:listRuns", new { paginationOpts = new { numItems = 10, cursor = (string?)null } })).Ok()!;
        var run = runs["page"]!.AsArray().ShouldHaveSingleItem()!;
        run["status"]!.GetValue<string>().ShouldBe("success");
        run["trigger"]!.GetValue<string>().ShouldBe("cron");
        run["created"]!.GetValue<int>().ShouldBe(5);
        run["finishedAt"].ShouldNotBeNull();
    }

    [Fact]
    public async Task a_second_sync_with_no_change_reports_every_event_unchanged_and_writes_nothing()
    {
        await using var server = await StartAsync();
        await SyncAsync(server);
        var before = (await EventsAsync()).ToDictionary(e => e.Id, e => e.UpdatedAt);

        var summary = await SyncAsync(server);

        summary["unchanged"]!.GetValue<int>().ShouldBe(5);
        summary["created"]!.GetValue<int>().ShouldBe(0);
        summary["updated"]!.GetValue<int>().ShouldBe(0);
        (await EventsAsync()).ToDictionary(e => e.Id, e => e.UpdatedAt).ShouldBe(before);
    }

    [Fact]
    public async Task a_changed_start_time_is_updated_and_what_an_admin_edited_stands()
    {
        await using var server = await StartAsync();
        await SyncAsync(server);
        var target = _luma.Events[2];
        await using (var db = Database.Open())
        {
            var row = await db.Events.SingleAsync(e => e.LumaSlug == target.Slug);
            row.Title = "Edited by the club";
            row.Description = "The club's own words";
            row.IsFeatured = true;
            await db.SaveChangesAsync();
        }

        var moved = target.StartAt!.Value.AddDays(1);
        _luma.Update(target.Slug, e => e with { StartAt = moved, EndAt = moved.AddHours(2), Name = "Luma's new name", Description = "Luma's words" });
        var summary = await SyncAsync(server);

        summary["updated"]!.GetValue<int>().ShouldBe(1);
        summary["unchanged"]!.GetValue<int>().ShouldBe(4);
        var updated = (await EventsAsync()).Single(e => e.LumaSlug == target.Slug);
        updated.StartDate.ShouldBe(moved);
        updated.EndDate.ShouldBe(moved.AddHours(2));
        updated.Title.ShouldBe("Edited by the club");
        updated.Description.ShouldBe("The club's own words");
        updated.IsFeatured.ShouldBeTrue();
    }

    [Fact]
    public async Task the_official_api_is_read_page_by_page_with_the_key()
    {
        _luma.PageSize = 2;
        await using var server = await StartAsync(apiKey: true);

        var summary = await SyncAsync(server);

        summary["source"]!.GetValue<string>().ShouldBe("api");
        summary["created"]!.GetValue<int>().ShouldBe(5);
        var pages = _luma.RequestsTo("/v1/calendars/events/list");
        pages.Count.ShouldBe(3);
        pages.ShouldAllBe(r => r.ApiKey == _luma.ApiKey);
        pages.Skip(1).ShouldAllBe(r => r.PathAndQuery.Contains("pagination_cursor="));
        (await EventsAsync()).Select(e => e.LumaEventId).ShouldBe(_luma.Events.OrderBy(e => e.StartAt).Select(e => e.Id));
    }

    [Fact]
    public async Task a_calendar_luma_does_not_serve_fails_the_run_and_leaves_every_event_as_it_was()
    {
        await using var server = await StartAsync();
        await SyncAsync(server);
        var before = await EventsAsync();

        _luma.Fail("/" + _luma.CalendarSlug, 500);
        var failure = await Call(server, Caller.Admin, "luma/syncAction:syncCalendar");

        failure.Fails("UPSTREAM_ERROR", "LUMA_FETCH_FAILED")["details"]!["upstreamStatus"]!.GetValue<int>().ShouldBe(500);
        _luma.RequestsTo("/" + _luma.CalendarSlug).Count.ShouldBeGreaterThan(2, "retried before giving up");
        var run = await LastRunAsync();
        run.Status.ShouldBe(LumaSyncStatus.Failed);
        run.Trigger.ShouldBe(LumaSyncTrigger.Admin);
        run.Error.ShouldNotBeNull().ShouldContain("500");
        var after = await EventsAsync();
        after.Select(e => (e.Id, e.StartDate, e.IsPublished, e.UpdatedAt)).ShouldBe(before.Select(e => (e.Id, e.StartDate, e.IsPublished, e.UpdatedAt)));
    }

    [Fact]
    public async Task a_calendar_that_times_out_fails_the_run_and_a_429_is_waited_out()
    {
        await using var server = await StartAsync();
        _luma.Delay("/" + _luma.CalendarSlug, TimeSpan.FromSeconds(3));
        (await Call(server, Caller.Admin, "luma/syncAction:syncCalendar")).Fails("UPSTREAM_ERROR", "LUMA_FETCH_FAILED");
        (await LastRunAsync()).Status.ShouldBe(LumaSyncStatus.Failed);
        (await EventsAsync()).ShouldBeEmpty();

        _luma.ClearFaults();
        _luma.RateLimit("/" + _luma.CalendarSlug, retryAfterSeconds: 1, times: 1);
        var summary = await SyncAsync(server);
        summary["created"]!.GetValue<int>().ShouldBe(5);
        var calendarRequests = _luma.RequestsTo("/" + _luma.CalendarSlug).TakeLast(2).ToList();
        (calendarRequests[1].At - calendarRequests[0].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9));
    }

    [Fact]
    public async Task an_event_removed_from_the_calendar_is_marked_not_deleted_and_unmarked_when_it_returns()
    {
        // Only upcoming events can be missing (past ones leave a calendar by themselves), and only the API's full list
        // can tell (the public page shows a selection).
        var soon = MoveLastEventToNextWeek();
        await using var server = await StartAsync(apiKey: true);
        await SyncAsync(server);
        var gone = _luma.Events.Single(e => e.StartAt == soon);
        _luma.RemoveEvent(gone.Slug);

        var summary = await SyncAsync(server);

        summary["missing"]!.GetValue<int>().ShouldBe(1);
        var row = (await EventsAsync()).Single(e => e.LumaSlug == gone.Slug);
        row.IsPublished.ShouldBeTrue();
        EventUpsert.MissingSince(row).ShouldNotBeNull();
        (await LastRunAsync()).Missing.ShouldBe(1);

        _luma.AddEvent(gone);
        (await SyncAsync(server))["updated"]!.GetValue<int>().ShouldBe(1);
        EventUpsert.MissingSince((await EventsAsync()).Single(e => e.LumaSlug == gone.Slug)).ShouldBeNull();
    }

    // Only upcoming events can be marked missing; the stand-in's sample events are in the past.
    private DateTimeOffset MoveLastEventToNextWeek()
    {
        var soon = DateTimeOffset.UtcNow.AddDays(10);
        _luma.Update(_luma.Events.Last().Slug, e => e with { StartAt = soon, EndAt = soon.AddHours(2) });
        return soon;
    }

    [Fact]
    public async Task a_partial_read_writes_what_it_read_and_marks_nothing_missing()
    {
        var soon = MoveLastEventToNextWeek();
        await using var server = await StartAsync();
        await SyncAsync(server);
        var gone = _luma.Events.Single(e => e.StartAt == soon);
        _luma.RemoveEvent(gone.Slug);
        _luma.MalformJsonLd(true);

        var summary = await SyncAsync(server);

        summary["status"]!.GetValue<string>().ShouldBe("partial");
        summary["missing"]!.GetValue<int>().ShouldBe(0);
        summary["errorMessages"]!.AsArray().ShouldNotBeEmpty();
        var row = (await EventsAsync()).Single(e => e.LumaSlug == gone.Slug);
        row.IsPublished.ShouldBeTrue();
        EventUpsert.MissingSince(row).ShouldBeNull();
        (await LastRunAsync()).Status.ShouldBe(LumaSyncStatus.Partial);
    }

    [Fact]
    public async Task a_read_of_the_public_pages_never_marks_an_event_missing()
    {
        var soon = MoveLastEventToNextWeek();
        await using var server = await StartAsync();
        await SyncAsync(server);
        var gone = _luma.Events.Single(e => e.StartAt == soon);
        _luma.RemoveEvent(gone.Slug);

        var summary = await SyncAsync(server);

        summary["status"]!.GetValue<string>().ShouldBe("success");
        summary["missing"]!.GetValue<int>().ShouldBe(0);
        EventUpsert.MissingSince((await EventsAsync()).Single(e => e.LumaSlug == gone.Slug)).ShouldBeNull();
    }

    [Fact]
    public async Task with_an_api_key_only_the_keys_calendar_is_synced()
    {
        await using var server = await StartAsync(apiKey: true);

        (await Call(server, Caller.Admin, "luma/sync:syncCalendar", new { calendarSlug = "another-calendar" })).FailsOnFields("calendarSlug");
        (await EventsAsync()).ShouldBeEmpty();
        _luma.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_title_the_sync_made_up_follows_luma_once_it_gives_one_unless_an_admin_changed_it()
    {
        var untitled = _luma.Events[0];
        var edited = _luma.Events[1];
        foreach (var slug in new[] { untitled.Slug, edited.Slug })
        {
            _luma.Update(slug, e => e with { Name = "" });
        }

        await using var server = await StartAsync(apiKey: true);
        await SyncAsync(server);
        (await EventsAsync()).Single(e => e.LumaSlug == untitled.Slug).Title.ShouldBe(untitled.Slug);
        await using (var db = Database.Open())
        {
            (await db.Events.SingleAsync(e => e.LumaSlug == edited.Slug)).Title = "Named by the club";
            await db.SaveChangesAsync();
        }

        _luma.Update(untitled.Slug, e => e with { Name = "Named on Luma" });
        _luma.Update(edited.Slug, e => e with { Name = "Also named on Luma" });
        await SyncAsync(server);

        var rows = await EventsAsync();
        rows.Single(e => e.LumaSlug == untitled.Slug).Title.ShouldBe("Named on Luma");
        rows.Single(e => e.LumaSlug == edited.Slug).Title.ShouldBe("Named by the club");
    }

    [Fact]
    public async Task a_second_run_while_one_runs_is_refused()
    {
        await using var server = await StartAsync();
        _luma.Delay("/" + _luma.CalendarSlug, TimeSpan.FromSeconds(0.8), times: 1);

        var first = SyncAsync(server);
        for (var i = 0; i < 100 && !await RunningAsync(); i++)
        {
            await Task.Delay(20);
        }

        (await Call(server, Caller.Admin, "luma/syncAction:syncCalendar")).Fails("CONFLICT", "SYNC_IN_PROGRESS");
        (await first)["created"]!.GetValue<int>().ShouldBe(5);
    }

    private async Task<bool> RunningAsync()
    {
        await using var db = Database.Open();
        return await db.LumaSyncRuns.AnyAsync(r => r.Status == LumaSyncStatus.Running);
    }

    [Fact]
    public async Task the_cron_syncs_the_configured_calendar_daily_at_noon_utc()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2030, 6, 1, 11, 58, 0, TimeSpan.Zero));
        await using var server = await StartAsync(clock: clock);
        for (var i = 0; i < 100; i++)
        {
            await using var db = Database.Open();
            if (await db.CronStates.AnyAsync(c => c.Name == App.Crons.LumaSync))
            {
                break;
            }

            await Task.Delay(50);
        }

        await Task.Delay(300);
        (await EventsAsync()).ShouldBeEmpty();
        clock.Advance(TimeSpan.FromMinutes(2));

        LumaSyncRun? run = null;
        for (var i = 0; i < 200 && run is not { Status: not LumaSyncStatus.Running }; i++)
        {
            await Task.Delay(50);
            await using var db = Database.Open();
            run = await db.LumaSyncRuns.FirstOrDefaultAsync();
        }

        run.ShouldNotBeNull().Status.ShouldBe(LumaSyncStatus.Success);
        run.Trigger.ShouldBe(LumaSyncTrigger.Cron);
        run.StartedAt.ShouldBe(new DateTimeOffset(2030, 6, 1, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromSeconds(5));
        (await EventsAsync()).Count.ShouldBe(5);
    }

    [Fact]
    public async Task the_http_route_syncs_for_admins_only_in_the_legacy_envelope()
    {
        await using var server = await StartAsync();
        var member = await SaveUser();

        async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string? authorization, string body = "{}")
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/luma/sync-calendar")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            if (authorization is not null)
            {
                request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
            }

            using var response = await server.Http.SendAsync(request);
            return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }

        var (status, body) = await PostAsync(null);
        status.ShouldBe(HttpStatusCode.Unauthorized);
        body["error"]!["code"]!.GetValue<string>().ShouldBe("UNAUTHORIZED");

        (status, body) = await PostAsync("Bearer " + _dev.Mint(member.PrivyDid, TimeSpan.FromHours(1)));
        status.ShouldBe(HttpStatusCode.Forbidden);
        body["success"]!.GetValue<bool>().ShouldBeFalse();

        (status, body) = await PostAsync("Convex " + AdminKey, """{"calendarSlug": "not a slug!"}""");
        status.ShouldBe(HttpStatusCode.BadRequest);
        body["error"]!["code"]!.GetValue<string>().ShouldBe("VALIDATION_ERROR");

        (status, body) = await PostAsync("Convex " + AdminKey, "[1]");
        status.ShouldBe(HttpStatusCode.BadRequest);
        (await EventsAsync()).ShouldBeEmpty();

        (status, body) = await PostAsync("Convex " + AdminKey, $$"""{"calendarSlug": "{{_luma.CalendarSlug}}"}""");
        status.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
        body["success"]!.GetValue<bool>().ShouldBeTrue();
        body["data"]!["created"]!.GetValue<int>().ShouldBe(5);
        body["data"]!["runId"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        (await LastRunAsync()).Trigger.ShouldBe(LumaSyncTrigger.Http);

        _luma.Fail("/" + _luma.CalendarSlug, 503);
        (status, body) = await PostAsync("Convex " + AdminKey);
        status.ShouldBe(HttpStatusCode.BadGateway);
        body["error"]!["code"]!.GetValue<string>().ShouldBe("LUMA_FETCH_FAILED");
    }

    [Fact]
    public async Task the_preview_reads_one_event_and_writes_nothing()
    {
        await using var server = await StartAsync();
        var source = _luma.Events[0];

        var preview = (await Call(server, Caller.Admin, "luma/preview:fetchEvent", new { url = $"https://lu.ma/{source.Slug}?tk=abc" })).Ok()!;

        preview["title"]!.GetValue<string>().ShouldBe(source.Name);
        preview["lumaSlug"]!.GetValue<string>().ShouldBe(source.Slug);
        preview["lumaEventId"]!.GetValue<string>().ShouldBe(source.Id);
        preview["startDate"]!.GetValue<double>().ShouldBe(source.StartAt!.Value.ToUnixTimeMilliseconds());
        (await EventsAsync()).ShouldBeEmpty();

        (await Call(server, Caller.Admin, "luma/preview:fetchEvent", new { url = "https://example.org/not-luma" }))
            .Fails("INVALID_ARGUMENT", "INVALID_LUMA_URL");
        (await Call(server, Caller.Admin, "luma/preview:fetchEvent", new { url = "https://lu.ma/no-such-event" }))
            .Fails("UPSTREAM_ERROR", "LUMA_FETCH_FAILED");
        var member = await SaveUser();
        (await Call(server, As(member), "luma/preview:fetchEvent", new { url = $"https://lu.ma/{source.Slug}" }))
            .Fails("FORBIDDEN", "ADMIN_REQUIRED");
    }
}
