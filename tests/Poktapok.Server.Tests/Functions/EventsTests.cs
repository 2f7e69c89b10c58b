using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Poktapok.App;
using Poktapok.App.Data;
using Poktapok.App.Functions;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary>
/// <c>events:*</c> (FUNCTIONS.md §3.14, §5) and <c>GET /api/events</c> (§4) on the provider under test, through the
/// function runtime and the HTTP API. Tests that depend on the time run on a runtime with a hand-set clock.
/// </summary>
public sealed class EventsTests : AccountTest
{
    private static readonly HttpClient s_noHttp = new();

    // Whole milliseconds, as clients send them; far enough from the real now for the server's clock.
    private static readonly DateTimeOffset s_future = DateTimeOffset.FromUnixTimeMilliseconds(
        DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeMilliseconds());

    private static readonly DateTimeOffset s_t0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static object Page(int numItems = 20, string? cursor = null) => new { numItems, cursor };

    private static Dictionary<string, object?> Valid(params (string Key, object? Value)[] changes)
    {
        var args = new Dictionary<string, object?> { ["title"] = "Frutero Meetup", ["lumaUrl"] = "https://lu.ma/meetup", ["startDate"] = s_future };
        foreach (var (key, value) in changes)
        {
            args[key] = value;
        }

        return args;
    }

    private static Event Row(string title, DateTimeOffset start, EventStatus status = EventStatus.Upcoming, bool published = true,
        bool featured = false, Guid? programId = null, string? slug = null) => new()
    {
        Title = title,
        LumaUrl = "https://lu.ma/" + Rows.Unique("e"),
        StartDate = start,
        Status = status,
        IsPublished = published,
        IsFeatured = featured,
        ProgramId = programId,
        LumaSlug = slug,
    };

    private static List<string> Titles(JsonNode list) => [.. (list is JsonArray a ? a : list["page"]!.AsArray()).Select(e => Str(e!["title"]))];

    private static double Ms(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    // The real runtime over this test's database, with a clock the test sets.
    private FunctionRunner<AppDb> RuntimeAt(ManualClock clock)
    {
        var values = AppFunctions.CreateValueMapper();
        var transactions = new TransactionRunner<AppDb>(c => AppDb.Open(Database.Target, c), Database.Target.Provider, clock);
        return new FunctionRunner<AppDb>(AppFunctions.CreateRegistry(values), values, transactions, s_noHttp, NullLogger.Instance);
    }

    private async Task<EventStatus> StoredStatus(Guid id)
    {
        await using var db = Database.Open();
        return (await db.Events.SingleAsync(e => e.Id == id)).Status;
    }

    // ---------------------------------------------------------------- create, get, remove

    [Fact]
    public Task create_fills_the_defaults_trims_and_returns_the_event() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);

        var created = (await Call(s, As(admin), "events:create", Valid(
            ("title", "  Frutero Meetup  "), ("description", "   "), ("lumaSlug", ""), ("location", " CDMX ")))).Ok()!["event"]!;

        Str(created["title"]).ShouldBe("Frutero Meetup");
        created["description"].ShouldBeNull();
        created["lumaSlug"].ShouldBeNull();
        Str(created["location"]).ShouldBe("CDMX");
        Str(created["eventType"]).ShouldBe("in-person");
        Str(created["timezone"]).ShouldBe("America/Mexico_City");
        Str(created["registrationType"]).ShouldBe("free");
        Str(created["status"]).ShouldBe("upcoming");
        created["hosts"]!.AsArray().Count.ShouldBe(0);
        created["isPublished"]!.GetValue<bool>().ShouldBeFalse();
        created["isFeatured"]!.GetValue<bool>().ShouldBeFalse();
        created["registrationCount"]!.GetValue<double>().ShouldBe(0);
        created["startDate"]!.GetValue<double>().ShouldBe(Ms(s_future));
        created["createdAt"]!.GetValue<double>().ShouldBeGreaterThan(0);
        created["_creationTime"]!.GetValue<double>().ShouldBe(created["createdAt"]!.GetValue<double>(), 0.001);

        var id = Str(created["_id"]);
        var got = (await Call(s, As(admin), "events:adminGet", new { eventId = id })).Ok()!["event"]!;
        got.ToJsonString().ShouldBe(created.ToJsonString());
        (await Call(s, As(admin), "events:get", new { eventId = id })).Ok()!.ToJsonString().ShouldBe(created.ToJsonString());
    });

    [Fact]
    public Task create_keeps_every_field_given() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var program = await Save(Rows.MinimalProgram());

        var created = (await Call(s, As(admin), "events:create", Valid(
            ("description", "Talks and fruit."), ("coverImage", "https://cdn.example.org/c.png"), ("lumaEventId", "evt-123"),
            ("lumaSlug", "frutero-meetup_1"), ("eventType", "hybrid"), ("endDate", s_future.AddHours(2)), ("timezone", "Europe/Madrid"),
            ("locationDetails", "Floor 2"), ("locationUrl", "http://maps.example.org/x"), ("coordinates", new { lat = 19.43, lng = -99.13 }),
            ("hosts", new[] { new { name = " Ana ", avatarUrl = "https://cdn.example.org/a.png", handle = "ana" } }), ("calendar", "frutero-club"),
            ("programId", program.Id), ("isPublished", true), ("isFeatured", true), ("registrationCount", 12), ("maxCapacity", 50),
            ("registrationType", "approval")))).Ok()!["event"]!;

        Str(created["eventType"]).ShouldBe("hybrid");
        created["endDate"]!.GetValue<double>().ShouldBe(Ms(s_future.AddHours(2)));
        Str(created["timezone"]).ShouldBe("Europe/Madrid");
        created["coordinates"]!.ToJsonString().ShouldBe("""{"lat":19.43,"lng":-99.13}""");
        created["hosts"]!.ToJsonString().ShouldBe("""[{"name":"Ana","avatarUrl":"https://cdn.example.org/a.png","handle":"ana"}]""");
        Str(created["programId"]).ShouldBe(program.Id.ToString());
        created["maxCapacity"]!.GetValue<double>().ShouldBe(50);
        created["registrationCount"]!.GetValue<double>().ShouldBe(12);
        Str(created["registrationType"]).ShouldBe("approval");
        Str(created["lumaSlug"]).ShouldBe("frutero-meetup_1");
        created["isPublished"]!.GetValue<bool>().ShouldBeTrue();

        await using var db = Database.Open();
        var row = await db.Events.SingleAsync(e => e.Id == Guid.Parse(Str(created["_id"])));
        row.Hosts.ShouldBe([new EventHost("Ana", "https://cdn.example.org/a.png", "ana")]);
        row.IsFeatured.ShouldBeTrue();
    });

    [Fact]
    public Task remove_deletes_the_row_and_then_finds_nothing() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var id = Str((await Call(s, As(admin), "events:create", Valid())).Ok()!["event"]!["_id"]);

        (await Call(s, As(admin), "events:remove", new { eventId = id })).Ok()!.ToJsonString().ShouldBe("""{"deleted":true}""");

        (await Call(s, As(admin), "events:adminGet", new { eventId = id })).Fails("NOT_FOUND");
        (await Call(s, As(admin), "events:remove", new { eventId = id })).Fails("NOT_FOUND");
        (await Call(s, As(admin), "events:update", new { eventId = id, title = "x" })).Fails("NOT_FOUND");
        await using var db = Database.Open();
        (await db.Events.AnyAsync()).ShouldBeFalse();
    });

    [Fact]
    public Task a_malformed_event_id_is_an_invalid_argument() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);

        (await Call(s, As(admin), "events:get", new { eventId = "not-an-id" })).FailsOnFields("eventId");
        (await Call(s, As(admin), "events:get", new { eventId = Guid.NewGuid() })).Fails("NOT_FOUND");
    });

    // ---------------------------------------------------------------- validation

    /// <summary>One broken field each: the key, the value, and the field the refusal names.</summary>
    private static readonly (string Key, object? Value, string Field)[] s_invalid =
    [
        ("title", "   ", "title"),
        ("title", new string('t', 301), "title"),
        ("description", new string('d', 20001), "description"),
        ("coverImage", "ftp://cdn.example.org/c.png", "coverImage"),
        ("coverImage", "not a url", "coverImage"),
        ("lumaUrl", "", "lumaUrl"),
        ("lumaUrl", "javascript:alert(1)", "lumaUrl"),
        ("lumaUrl", "https://lu.ma/" + new string('u', 490), "lumaUrl"),
        ("lumaEventId", new string('e', 101), "lumaEventId"),
        ("lumaSlug", "bad slug", "lumaSlug"),
        ("lumaSlug", "slash/slug", "lumaSlug"),
        ("lumaSlug", new string('s', 101), "lumaSlug"),
        ("endDate", s_future.AddMinutes(-1), "endDate"),
        ("timezone", "Mars/Olympus_Mons", "timezone"),
        ("timezone", new string('z', 101), "timezone"),
        ("location", new string('l', 1001), "location"),
        ("locationDetails", new string('l', 1001), "locationDetails"),
        ("locationUrl", "maps", "locationUrl"),
        ("coordinates", new { lat = 90.5, lng = 0 }, "coordinates"),
        ("coordinates", new { lat = 0, lng = -180.5 }, "coordinates"),
        ("hosts", Enumerable.Range(0, 21).Select(i => new { name = $"Host {i}" }).ToArray(), "hosts"),
        ("hosts", new[] { new { name = "  " } }, "hosts[0].name"),
        ("hosts", new[] { new { name = new string('n', 101) } }, "hosts[0].name"),
        ("hosts", new object[] { new { name = "Ana" }, new { name = "Bo", avatarUrl = "avatar.png" } }, "hosts[1].avatarUrl"),
        ("hosts", new[] { new { name = "Ana", handle = new string('h', 101) } }, "hosts[0].handle"),
        ("calendar", new string('c', 101), "calendar"),
        ("registrationCount", -1, "registrationCount"),
        ("maxCapacity", 0, "maxCapacity"),
        ("programId", Guid.NewGuid(), "programId"),
    ];

    [Fact]
    public Task create_refuses_each_broken_field_by_name() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var mismatches = new List<string>();
        foreach (var (key, value, field) in s_invalid)
        {
            var outcome = await Call(s, As(admin), "events:create", Valid((key, value)));
            var fields = outcome.Error?["details"]?["fields"]?.AsObject().Select(f => f.Key).ToList();
            if (outcome.Success || Str(outcome.Error?["code"] ?? "none") != "INVALID_ARGUMENT" || fields is null || !fields.SequenceEqual([field]))
            {
                mismatches.Add($"{key}={value}: {outcome.Message} {outcome.Error?.ToJsonString()}");
            }
        }

        mismatches.ShouldBeEmpty();
        await using var db = Database.Open();
        (await db.Events.AnyAsync()).ShouldBeFalse();
    });

    [Fact]
    public Task update_refuses_each_broken_field_by_name_and_changes_nothing() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var created = (await Call(s, As(admin), "events:create", Valid())).Ok()!["event"]!;
        var id = Str(created["_id"]);
        var mismatches = new List<string>();
        foreach (var (key, value, field) in s_invalid.Append(("timezone", "  ", "timezone")))
        {
            var outcome = await Call(s, As(admin), "events:update", new Dictionary<string, object?> { ["eventId"] = id, [key] = value });
            var fields = outcome.Error?["details"]?["fields"]?.AsObject().Select(f => f.Key).ToList();
            if (outcome.Success || Str(outcome.Error?["code"] ?? "none") != "INVALID_ARGUMENT" || fields is null || !fields.SequenceEqual([field]))
            {
                mismatches.Add($"{key}={value}: {outcome.Message} {outcome.Error?.ToJsonString()}");
            }
        }

        mismatches.ShouldBeEmpty();
        (await Call(s, As(admin), "events:adminGet", new { eventId = id })).Ok()!["event"]!.ToJsonString().ShouldBe(created.ToJsonString());
    });

    [Fact]
    public Task every_broken_field_is_reported_at_once() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);

        (await Call(s, As(admin), "events:create", Valid(("title", ""), ("lumaUrl", "nope"), ("maxCapacity", 0), ("endDate", s_future.AddDays(-1)))))
            .FailsOnFields("title", "lumaUrl", "maxCapacity", "endDate");
    });

    [Fact]
    public Task an_end_before_the_start_counts_the_stored_date_that_is_not_given() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var id = Str((await Call(s, As(admin), "events:create", Valid(("endDate", s_future.AddHours(2))))).Ok()!["event"]!["_id"]);

        (await Call(s, As(admin), "events:update", new { eventId = id, startDate = s_future.AddHours(3) })).FailsOnFields("endDate");
        (await Call(s, As(admin), "events:update", new { eventId = id, startDate = s_future.AddHours(3), endDate = (DateTimeOffset?)null })).Ok();
    });

    [Fact]
    public Task closed_sets_unknown_fields_and_nulls_for_required_fields_are_argument_validation_errors() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var id = Str((await Call(s, As(admin), "events:create", Valid())).Ok()!["event"]!["_id"]);

        var refusals = new[]
        {
            await Call(s, As(admin), "events:create", Valid(("eventType", "concert"))),
            await Call(s, As(admin), "events:create", Valid(("registrationType", "vip"))),
            await Call(s, As(admin), "events:create", Valid(("status", "live"))),
            await Call(s, As(admin), "events:create", Valid(("createdAt", s_future))),
            await Call(s, As(admin), "events:create", new { title = "No Luma URL", startDate = s_future }),
            await Call(s, As(admin), "events:update", new { eventId = id, status = "past" }),
            await Call(s, As(admin), "events:update", new { eventId = id, id = Guid.NewGuid() }),
            await Call(s, As(admin), "events:update", new { eventId = id, updatedAt = s_future }),
            await Call(s, As(admin), "events:update", new { eventId = id, title = (string?)null }),
            await Call(s, As(admin), "events:listPublished", new { status = "cancelled" }),
        };

        foreach (var refusal in refusals)
        {
            refusal.Success.ShouldBeFalse();
            refusal.Error.ShouldBeNull(refusal.Message);
            refusal.Message.ShouldNotBeNull().ShouldStartWith("ArgumentValidationError");
        }
    });

    // ---------------------------------------------------------------- luma slug

    [Fact]
    public Task a_luma_slug_another_event_has_is_a_conflict_on_create_and_update() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        (await Call(s, As(admin), "events:create", Valid(("lumaSlug", "taken")))).Ok();
        var other = Str((await Call(s, As(admin), "events:create", Valid(("lumaSlug", "mine")))).Ok()!["event"]!["_id"]);

        var onCreate = (await Call(s, As(admin), "events:create", Valid(("lumaSlug", " taken ")))).Fails("CONFLICT", "LUMA_SLUG_TAKEN");
        Str(onCreate["details"]!["lumaSlug"]).ShouldBe("taken");
        (await Call(s, As(admin), "events:update", new { eventId = other, lumaSlug = "taken" })).Fails("CONFLICT", "LUMA_SLUG_TAKEN");

        (await Call(s, As(admin), "events:update", new { eventId = other, lumaSlug = "mine", title = "Same slug again" })).Ok();
        (await Call(s, As(admin), "events:update", new { eventId = other, lumaSlug = (string?)null })).Ok()!["event"]!["lumaSlug"].ShouldBeNull();
        (await Call(s, As(admin), "events:create", Valid(("lumaSlug", "mine")))).Ok();
    });

    [Fact]
    public Task get_by_luma_slug_finds_published_events_and_hides_unpublished_ones_from_non_admins() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var member = await SaveUser();
        await Save(Row("Open", s_future, slug: "open-event"));
        await Save(Row("Draft", s_future, published: false, slug: "draft-event"));

        Str((await Call(s, Caller.Anonymous, "events:getByLumaSlug", new { lumaSlug = " open-event " })).Ok()!["title"]).ShouldBe("Open");
        (await Call(s, Caller.Anonymous, "events:getByLumaSlug", new { lumaSlug = "draft-event" })).Ok().ShouldBeNull();
        (await Call(s, As(member), "events:getByLumaSlug", new { lumaSlug = "draft-event" })).Ok().ShouldBeNull();
        Str((await Call(s, As(admin), "events:getByLumaSlug", new { lumaSlug = "draft-event" })).Ok()!["title"]).ShouldBe("Draft");
        (await Call(s, As(admin), "events:getByLumaSlug", new { lumaSlug = "nothing" })).Ok().ShouldBeNull();
        (await Call(s, As(admin), "events:getByLumaSlug", new { lumaSlug = new string('s', 101) })).FailsOnFields("lumaSlug");
    });

    // ---------------------------------------------------------------- partial update

    [Fact]
    public Task update_changes_only_the_given_fields_and_null_clears() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var program = await Save(Rows.MinimalProgram());
        var before = (await Call(s, As(admin), "events:create", Valid(
            ("description", "Talks."), ("endDate", s_future.AddHours(2)), ("coordinates", new { lat = 1.5, lng = 2.5 }), ("maxCapacity", 10),
            ("programId", program.Id), ("hosts", new[] { new { name = "Ana" } }), ("isFeatured", true)))).Ok()!["event"]!.AsObject();
        var id = Str(before["_id"]);
        await Task.Delay(5);

        var retitled = (await Call(s, As(admin), "events:update", new { eventId = id, title = " New title " })).Ok()!["event"]!.AsObject();

        Str(retitled["title"]).ShouldBe("New title");
        retitled["updatedAt"]!.GetValue<double>().ShouldBeGreaterThan(before["updatedAt"]!.GetValue<double>());
        foreach (var (key, value) in before.Where(p => p.Key is not ("title" or "updatedAt")))
        {
            (retitled[key]?.ToJsonString() ?? "null").ShouldBe(value?.ToJsonString() ?? "null", key);
        }

        var cleared = (await Call(s, As(admin), "events:update", new
        {
            eventId = id, description = (string?)null, endDate = (DateTimeOffset?)null, coordinates = (object?)null, maxCapacity = (int?)null,
            programId = (Guid?)null, locationUrl = "", hosts = Array.Empty<object>(), isFeatured = false,
        })).Ok()!["event"]!;

        cleared["description"].ShouldBeNull();
        cleared["endDate"].ShouldBeNull();
        cleared["coordinates"].ShouldBeNull();
        cleared["maxCapacity"].ShouldBeNull();
        cleared["programId"].ShouldBeNull();
        cleared["locationUrl"].ShouldBeNull();
        cleared["hosts"]!.AsArray().Count.ShouldBe(0);
        cleared["isFeatured"]!.GetValue<bool>().ShouldBeFalse();
        Str(cleared["title"]).ShouldBe("New title");
        Str(cleared["lumaUrl"]).ShouldBe(Str(before["lumaUrl"]));

        await using var db = Database.Open();
        var row = await db.Events.SingleAsync(e => e.Id == Guid.Parse(id));
        row.Description.ShouldBeNull();
        row.EndDate.ShouldBeNull();
        row.Coordinates.ShouldBeNull();
        row.MaxCapacity.ShouldBeNull();
        row.ProgramId.ShouldBeNull();
        row.Title.ShouldBe("New title");
    });

    [Fact]
    public Task status_accepts_only_cancelled_and_null_recomputes_it() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var id = Str((await Call(s, As(admin), "events:create", Valid())).Ok()!["event"]!["_id"]);

        Str((await Call(s, As(admin), "events:update", new { eventId = id, status = "cancelled" })).Ok()!["event"]!["status"]).ShouldBe("cancelled");
        Str((await Call(s, As(admin), "events:update", new { eventId = id, title = "Still cancelled" })).Ok()!["event"]!["status"])
            .ShouldBe("cancelled");
        (await StoredStatus(Guid.Parse(id))).ShouldBe(EventStatus.Cancelled);

        Str((await Call(s, As(admin), "events:update", new { eventId = id, status = (string?)null })).Ok()!["event"]!["status"]).ShouldBe("upcoming");
        (await StoredStatus(Guid.Parse(id))).ShouldBe(EventStatus.Upcoming);

        Str((await Call(s, As(admin), "events:create", Valid(("status", "cancelled")))).Ok()!["event"]!["status"]).ShouldBe("cancelled");
    });

    // ---------------------------------------------------------------- status and time

    [Fact]
    public async Task the_status_is_computed_on_every_write_with_the_transactions_clock()
    {
        var clock = new ManualClock(s_t0);
        var runtime = RuntimeAt(clock);

        async Task<string> Created(DateTimeOffset start, DateTimeOffset? end) =>
            Str((await Call(runtime, Caller.Admin, "events:create", Valid(("startDate", start), ("endDate", end)))).Ok()!["event"]!["status"]);

        (await Created(s_t0.AddMinutes(1), null)).ShouldBe("upcoming");
        (await Created(s_t0, null)).ShouldBe("live");
        (await Created(s_t0.AddHours(-3).AddMilliseconds(1), null)).ShouldBe("live");
        (await Created(s_t0.AddHours(-3), null)).ShouldBe("past");
        (await Created(s_t0.AddHours(-5), s_t0.AddMilliseconds(1))).ShouldBe("live");
        (await Created(s_t0.AddHours(-5), s_t0)).ShouldBe("past");

        var id = Str((await Call(runtime, Caller.Admin, "events:create", Valid(("startDate", s_t0.AddDays(1))))).Ok()!["event"]!["_id"]);
        clock.Now = s_t0.AddDays(1).AddHours(1);
        Str((await Call(runtime, Caller.Admin, "events:update", new { eventId = id, title = "Renamed" })).Ok()!["event"]!["status"]).ShouldBe("live");
        Str((await Call(runtime, Caller.Admin, "events:update", new { eventId = id, startDate = s_t0.AddDays(2) })).Ok()!["event"]!["status"])
            .ShouldBe("upcoming");
    }

    [Fact]
    public async Task refresh_statuses_moves_events_along_and_writes_only_those_that_change()
    {
        var clock = new ManualClock(s_t0);
        var runtime = RuntimeAt(clock);
        async Task<Guid> Created(DateTimeOffset start, DateTimeOffset? end, bool cancelled = false) =>
            Guid.Parse(Str((await Call(runtime, Caller.Admin, "events:create",
                Valid(("startDate", start), ("endDate", end), ("status", cancelled ? "cancelled" : null)))).Ok()!["event"]!["_id"]));

        var soon = await Created(s_t0.AddHours(1), null);
        var later = await Created(s_t0.AddHours(5), s_t0.AddHours(6));
        var cancelled = await Created(s_t0.AddHours(1), null, cancelled: true);
        var done = await Created(s_t0.AddDays(-1), null);
        Dictionary<Guid, DateTimeOffset> updatedAt;
        await using (var db = Database.Open())
        {
            updatedAt = await db.Events.ToDictionaryAsync(e => e.Id, e => e.UpdatedAt);
        }

        async Task<JsonNode> Refresh() => (await Call(runtime, Caller.Admin, "events:refreshStatuses")).Ok()!;

        (await Refresh()).ToJsonString().ShouldBe("""{"updated":0,"more":false}""");

        clock.Now = s_t0.AddHours(2);
        (await Refresh()).ToJsonString().ShouldBe("""{"updated":1,"more":false}""");
        (await StoredStatus(soon)).ShouldBe(EventStatus.Live);
        (await StoredStatus(later)).ShouldBe(EventStatus.Upcoming);
        (await StoredStatus(cancelled)).ShouldBe(EventStatus.Cancelled);
        (await StoredStatus(done)).ShouldBe(EventStatus.Past);
        await using (var db = Database.Open())
        {
            var now = await db.Events.ToDictionaryAsync(e => e.Id, e => e.UpdatedAt);
            now[later].ShouldBe(updatedAt[later]);
            now[done].ShouldBe(updatedAt[done]);
            now[cancelled].ShouldBe(updatedAt[cancelled]);
            now[soon].ShouldBe(clock.Now.AddTicks(-(clock.Now.UtcTicks % 10)));
        }

        clock.Now = s_t0.AddHours(5.5);
        (await Refresh()).ToJsonString().ShouldBe("""{"updated":2,"more":false}""");
        (await StoredStatus(soon)).ShouldBe(EventStatus.Past);
        (await StoredStatus(later)).ShouldBe(EventStatus.Live);

        clock.Now = s_t0.AddHours(6);
        (await Refresh()).ToJsonString().ShouldBe("""{"updated":1,"more":false}""");
        (await StoredStatus(later)).ShouldBe(EventStatus.Past);
        (await StoredStatus(cancelled)).ShouldBe(EventStatus.Cancelled);
        (await Refresh()).ToJsonString().ShouldBe("""{"updated":0,"more":false}""");
    }

    [Fact]
    public async Task refresh_statuses_works_in_batches_of_five_hundred()
    {
        await using (var db = Database.Open())
        {
            db.Events.AddRange(Enumerable.Range(0, Events.RefreshBatchSize + 3)
                .Select(i => Row($"Stale {i}", s_t0.AddDays(-1).AddMinutes(i), EventStatus.Upcoming)));
            // Rows whose status is right at s_t0, of every kind, before and among the stale ones: never read as due.
            db.Events.AddRange(Enumerable.Range(0, 200).SelectMany(i => new[]
            {
                Row($"Upcoming {i}", s_t0.AddMinutes(i + 1), EventStatus.Upcoming),
                Row($"Live {i}", s_t0.AddSeconds(-i), EventStatus.Live),
                Row($"Past {i}", s_t0.AddDays(-2).AddMinutes(i), EventStatus.Past),
                Row($"Cancelled {i}", s_t0.AddDays(-1).AddMinutes(i), EventStatus.Cancelled),
            }));
            await db.SaveChangesAsync();
        }

        var runtime = RuntimeAt(new ManualClock(s_t0));

        (await Call(runtime, Caller.Admin, "events:refreshStatuses")).Ok()!.ToJsonString().ShouldBe("""{"updated":500,"more":true}""");
        (await Call(runtime, Caller.Admin, "events:refreshStatuses")).Ok()!.ToJsonString().ShouldBe("""{"updated":3,"more":false}""");
        await using var check = Database.Open();
        (await check.Events.CountAsync(e => e.Status == EventStatus.Past)).ShouldBe(Events.RefreshBatchSize + 3 + 200);
        (await check.Events.CountAsync(e => e.Status == EventStatus.Live)).ShouldBe(200);
        (await check.Events.CountAsync(e => e.Status == EventStatus.Cancelled)).ShouldBe(200);
    }

    [Fact]
    public Task refresh_statuses_is_internal_and_runs_on_the_servers_clock() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var stale = await Save(Row("Started an hour ago", DateTimeOffset.UtcNow.AddHours(-1), EventStatus.Upcoming));
        var over = await Save(Row("Ended yesterday", DateTimeOffset.UtcNow.AddDays(-1), EventStatus.Live));
        var ahead = await Save(Row("Next month", s_future, EventStatus.Past));

        (await Call(s, As(admin), "events:refreshStatuses")).Message.ShouldNotBeNull().ShouldContain("Could not find public function");
        var result = await s.CallAsync("mutation", "events:refreshStatuses");
        Str(result["status"]).ShouldBe("error");

        (await Call(s, Caller.Admin, "events:refreshStatuses")).Ok()!.ToJsonString().ShouldBe("""{"updated":3,"more":false}""");
        (await StoredStatus(stale.Id)).ShouldBe(EventStatus.Live);
        (await StoredStatus(over.Id)).ShouldBe(EventStatus.Past);
        (await StoredStatus(ahead.Id)).ShouldBe(EventStatus.Upcoming);
    });

    // ---------------------------------------------------------------- visibility

    [Fact]
    public Task unpublished_events_are_hidden_from_everyone_but_admins() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var moderator = await SaveUser(role: UserRole.Moderator);
        var suspendedAdmin = await SaveUser(AccountStatus.Suspended, UserRole.Admin);
        var member = await SaveUser();
        var draft = await Save(Row("Draft", s_future, published: false));
        var open = await Save(Row("Open", s_future));

        foreach (var caller in new[] { Caller.Anonymous, As(member), As(moderator), As(suspendedAdmin) })
        {
            (await Call(s, caller, "events:get", new { eventId = draft.Id })).Fails("NOT_FOUND");
            Str((await Call(s, caller, "events:get", new { eventId = open.Id })).Ok()!["title"]).ShouldBe("Open");
        }

        Str((await Call(s, As(admin), "events:get", new { eventId = draft.Id })).Ok()!["title"]).ShouldBe("Draft");
        Str((await Call(s, Caller.Admin, "events:get", new { eventId = draft.Id })).Ok()!["title"]).ShouldBe("Draft");

        Titles((await Call(s, Caller.Anonymous, "events:listPublished")).Ok()!).ShouldBe(["Open"]);
        Titles((await Call(s, As(admin), "events:listPublished")).Ok()!).ShouldBe(["Open"]);
        Titles((await Call(s, As(admin), "events:list", new { paginationOpts = Page() })).Ok()!).ShouldBe(["Open"]);
        Titles((await Call(s, As(admin), "events:adminList", new { paginationOpts = Page() })).Ok()!).ShouldBe(["Open", "Draft"], ignoreOrder: true);
    });

    // ---------------------------------------------------------------- lists

    // Stored statuses as the cron leaves them; lists filter on them, never on the clock.
    private async Task<Guid> SaveListFixture()
    {
        var program = await Save(Rows.MinimalProgram());
        await Save(Row("Past 1", s_t0.AddDays(-10), EventStatus.Past));
        await Save(Row("Past 2", s_t0.AddDays(-5), EventStatus.Past, featured: true));
        await Save(Row("Live", s_t0.AddHours(-1), EventStatus.Live, programId: program.Id));
        await Save(Row("Upcoming 2", s_t0.AddDays(5), EventStatus.Upcoming, programId: program.Id));
        await Save(Row("Upcoming 1", s_t0.AddDays(2), EventStatus.Upcoming, featured: true));
        await Save(Row("Upcoming 3", s_t0.AddDays(9), EventStatus.Upcoming));
        await Save(Row("Cancelled", s_t0.AddDays(3), EventStatus.Cancelled));
        await Save(Row("Draft upcoming", s_t0.AddDays(1), EventStatus.Upcoming, published: false, programId: program.Id));
        await Save(Row("Draft past", s_t0.AddDays(-1), EventStatus.Past, published: false, featured: true));
        return program.Id;
    }

    [Fact]
    public Task list_published_filters_by_status_and_featured_and_orders_by_start() => WithServer(async s =>
    {
        await SaveListFixture();
        async Task<List<string>> List(object args) => Titles((await Call(s, Caller.Anonymous, "events:listPublished", args)).Ok()!);

        (await List(new { })).ShouldBe(["Upcoming 3", "Upcoming 2", "Cancelled", "Upcoming 1", "Live", "Past 2", "Past 1"]);
        (await List(new { status = "all" })).ShouldBe(await List(new { }));
        (await List(new { status = "upcoming" })).ShouldBe(["Upcoming 1", "Upcoming 2", "Upcoming 3"]);
        (await List(new { status = "live" })).ShouldBe(["Live"]);
        (await List(new { status = "past" })).ShouldBe(["Past 2", "Past 1"]);
        (await List(new { featured = true })).ShouldBe(["Upcoming 1", "Past 2"]);
        (await List(new { featured = false, status = "upcoming" })).ShouldBe(["Upcoming 2", "Upcoming 3"]);
        (await List(new { status = "upcoming", limit = 2 })).ShouldBe(["Upcoming 1", "Upcoming 2"]);
        (await List(new { limit = 1 })).ShouldBe(["Upcoming 3"]);

        (await Call(s, Caller.Anonymous, "events:listPublished", new { limit = 0 })).FailsOnFields("limit");
        (await Call(s, Caller.Anonymous, "events:listPublished", new { limit = 101 })).FailsOnFields("limit");
    });

    [Fact]
    public async Task list_published_defaults_to_twenty()
    {
        await using (var db = Database.Open())
        {
            db.Events.AddRange(Enumerable.Range(0, 25).Select(i => Row($"E{i}", s_t0.AddDays(i))));
            await db.SaveChangesAsync();
        }

        await WithServer(async s =>
        {
            var list = Titles((await Call(s, Caller.Anonymous, "events:listPublished")).Ok()!);
            list.Count.ShouldBe(20);
            list[0].ShouldBe("E24");
        });
    }

    [Fact]
    public Task list_pages_through_published_events_with_filters() => WithServer(async s =>
    {
        var program = await SaveListFixture();

        async Task<List<string>> All(Dictionary<string, object?> filters, int numItems = 2)
        {
            var seen = new List<string>();
            string? cursor = null;
            JsonNode page;
            do
            {
                var call = new Dictionary<string, object?>(filters) { ["paginationOpts"] = Page(numItems, cursor) };
                page = (await Call(s, Caller.Anonymous, "events:list", call)).Ok()!;
                page["page"]!.AsArray().Count.ShouldBeLessThanOrEqualTo(numItems);
                seen.AddRange(Titles(page));
                cursor = Str(page["continueCursor"]);
            }
            while (!page["isDone"]!.GetValue<bool>());

            return seen;
        }

        (await All([])).ShouldBe(["Upcoming 3", "Upcoming 2", "Cancelled", "Upcoming 1", "Live", "Past 2", "Past 1"]);
        (await All(new() { ["status"] = "upcoming" })).ShouldBe(["Upcoming 1", "Upcoming 2", "Upcoming 3"]);
        (await All(new() { ["status"] = "past" }, numItems: 1)).ShouldBe(["Past 2", "Past 1"]);
        (await All(new() { ["featured"] = true })).ShouldBe(["Upcoming 1", "Past 2"]);
        (await All(new() { ["programId"] = program })).ShouldBe(["Upcoming 2", "Live"]);
        (await All(new() { ["programId"] = program, ["status"] = "live" })).ShouldBe(["Live"]);
    });

    [Fact]
    public Task admin_list_includes_unpublished_events_and_filters_by_status_program_and_published() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var program = await SaveListFixture();
        async Task<List<string>> List(object args) => Titles((await Call(s, As(admin), "events:adminList", args)).Ok()!);

        (await List(new { paginationOpts = Page() })).ShouldBe(
            ["Upcoming 3", "Upcoming 2", "Cancelled", "Upcoming 1", "Draft upcoming", "Live", "Draft past", "Past 2", "Past 1"]);
        (await List(new { paginationOpts = Page(), status = "upcoming" })).ShouldBe(["Draft upcoming", "Upcoming 1", "Upcoming 2", "Upcoming 3"]);
        (await List(new { paginationOpts = Page(), status = "cancelled" })).ShouldBe(["Cancelled"]);
        (await List(new { paginationOpts = Page(), published = false })).ShouldBe(["Draft upcoming", "Draft past"]);
        (await List(new { paginationOpts = Page(), published = true, status = "past" })).ShouldBe(["Past 2", "Past 1"]);
        (await List(new { paginationOpts = Page(), programId = program })).ShouldBe(["Upcoming 2", "Draft upcoming", "Live"]);
    });

    [Fact]
    public async Task pages_larger_than_a_hundred_are_served_as_a_hundred()
    {
        await using (var db = Database.Open())
        {
            db.Events.AddRange(Enumerable.Range(0, 101).Select(i => Row($"E{i}", s_t0.AddMinutes(i))));
            await db.SaveChangesAsync();
        }

        await WithServer(async s =>
        {
            var admin = await SaveUser(role: UserRole.Admin);
            var page = (await Call(s, Caller.Anonymous, "events:list", new { paginationOpts = Page(500) })).Ok()!;
            page["page"]!.AsArray().Count.ShouldBe(100);
            page["isDone"]!.GetValue<bool>().ShouldBeFalse();
            var adminPage = (await Call(s, As(admin), "events:adminList", new { paginationOpts = Page(500) })).Ok()!;
            adminPage["page"]!.AsArray().Count.ShouldBe(100);
        });
    }

    // ---------------------------------------------------------------- GET /api/events

    [Fact]
    public Task get_api_events_answers_the_legacy_envelope_with_iso_timestamps() => WithServer(async s =>
    {
        await SaveListFixture();
        var withEnd = await Save(With(Row("With end", new DateTimeOffset(2026, 3, 14, 15, 9, 26, 535, 897, TimeSpan.Zero), EventStatus.Past), e =>
        {
            e.EndDate = new DateTimeOffset(2026, 3, 14, 18, 0, 0, TimeSpan.Zero);
            e.Hosts = [Rows.Host];
        }));

        using var response = await s.Http.GetAsync("/api/events?status=past");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        ((int)response.StatusCode).ShouldBe(200);
        response.Headers.CacheControl!.ToString().ShouldBe("public, max-age=60");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        body["success"]!.GetValue<bool>().ShouldBeTrue();
        var events = body["data"]!["events"]!.AsArray();
        events.Select(e => Str(e!["title"])).ShouldBe(["Past 2", "Past 1", "With end"]);
        var row = events[2]!.AsObject();
        Str(row["id"]).ShouldBe(withEnd.Id.ToString());
        row.ContainsKey("_id").ShouldBeFalse();
        row.ContainsKey("_creationTime").ShouldBeFalse();
        Str(row["startDate"]).ShouldBe("2026-03-14T15:09:26.535Z");
        Str(row["endDate"]).ShouldBe("2026-03-14T18:00:00.000Z");
        DateTimeOffset.Parse(Str(row["createdAt"]), CultureInfo.InvariantCulture).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
        DateTimeOffset.TryParse(Str(row["updatedAt"]), CultureInfo.InvariantCulture, out _).ShouldBeTrue();
        Str(row["status"]).ShouldBe("past");
        Str(row["lumaUrl"]).ShouldStartWith("https://lu.ma/");
        Str(row["eventType"]).ShouldBe("in-person");
        row["isPublished"]!.GetValue<bool>().ShouldBeTrue();
        row["hosts"]!.ToJsonString().ShouldBe("""[{"name":"Frutero Club","avatarUrl":"https://cdn.example.org/frutero.png","handle":"fruteroclub"}]""");
        row["programId"].ShouldBeNull();
        row.ContainsKey("programId").ShouldBeTrue();
        events[0]!["endDate"].ShouldBeNull();
    });

    [Fact]
    public Task get_api_events_serves_the_same_published_events_as_list_published() => WithServer(async s =>
    {
        await SaveListFixture();
        var admin = await SaveUser(role: UserRole.Admin);

        foreach (var query in new[] { "", "?status=upcoming", "?featured=true", "?limit=2", "?status=all&featured=false&limit=3", "?status=" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events" + query);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");
            using var response = await s.Http.SendAsync(request);
            ((int)response.StatusCode).ShouldBe(200, query);
            var http = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!["events"]!.AsArray().Select(e => Str(e!["id"]));

            var args = System.Web.HttpUtility.ParseQueryString(query.TrimStart('?'));
            var call = new Dictionary<string, object?>();
            if (args["status"] is { Length: > 0 } status)
            {
                call["status"] = status;
            }

            if (args["featured"] is { } featured)
            {
                call["featured"] = featured == "true";
            }

            if (args["limit"] is { } limit)
            {
                call["limit"] = int.Parse(limit, CultureInfo.InvariantCulture);
            }

            var function = (await Call(s, As(admin), "events:listPublished", call)).Ok()!.AsArray().Select(e => Str(e!["_id"]));
            http.ShouldBe(function, query);
            http.ShouldNotBeEmpty(query);
        }
    });

    [Theory]
    [InlineData("status=soon")]
    [InlineData("status=cancelled")]
    [InlineData("featured=yes")]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("limit=ten")]
    [InlineData("limit=-1")]
    [InlineData("limit=1&limit=2")]
    public Task get_api_events_refuses_bad_parameters_with_the_legacy_validation_error(string query) => WithServer(async s =>
    {
        using var response = await s.Http.GetAsync("/api/events?" + query);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        ((int)response.StatusCode).ShouldBe(400);
        body["success"]!.GetValue<bool>().ShouldBeFalse();
        Str(body["error"]!["code"]).ShouldBe("VALIDATION_ERROR");
        Str(body["error"]!["message"]).ShouldNotBeNullOrWhiteSpace();
        response.Headers.CacheControl?.Public.ShouldNotBe(true);
    });

    [Fact]
    public Task other_legacy_events_paths_stay_not_found() => WithServer(async s =>
    {
        using var admin = await s.Http.GetAsync("/api/admin/events");
        using var post = await s.Http.PostAsync("/api/events", null);

        ((int)admin.StatusCode).ShouldBe(404);
        ((int)post.StatusCode).ShouldBeOneOf(404, 405);
    });
}
