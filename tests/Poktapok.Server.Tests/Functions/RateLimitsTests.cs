using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Poktapok.App.Data;
using Poktapok.App.Schema;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;
using Poktapok.Engine.Scheduling;
using Poktapok.Protocol.Sync;
using Poktapok.Protocol.Values;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary>
/// The rate limits of FUNCTIONS.md §1 (ADR-007) on the provider under test: each limited function refuses the call
/// past its limit with <c>RATE_LIMITED</c> and a positive <c>retryAfterMs</c>, and allows again once the bucket refilled;
/// limits count per identity (per connection when anonymous); the operator and server code are never limited;
/// stored buckets (mutations, actions) are exact across servers and under concurrency.
/// </summary>
public sealed class RateLimitsTests : AccountTest, IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly DevAuthKey _dev = new();

    public void Dispose() => _dev.Dispose();

    // Luma is "down" (a closed local port, no retries): an admin's Luma call fails fast with UPSTREAM_ERROR, after the
    // action took its permit.
    protected override IDictionary<string, string?> ServerSettings => new Dictionary<string, string?>(_dev.Settings)
    {
        ["Luma:ApiUrl"] = "http://127.0.0.1:9/",
        ["Luma:WebUrl"] = "http://127.0.0.1:9/",
        ["Luma:MaxRetries"] = "0",
        ["Luma:TimeoutSeconds"] = "2",
    };

    private Task<TestServer> StartAsync() =>
        TestServer.StartAsync(Database, ServerSettings, services => services.AddSingleton<TimeProvider>(_clock));

    private async Task WithClockedServer(Func<TestServer, Task> test)
    {
        await using var server = await StartAsync();
        await test(server);
    }

    private static async Task<List<Outcome>> Repeat(int times, Func<Task<Outcome>> call)
    {
        var outcomes = new List<Outcome>();
        for (var i = 0; i < times; i++)
        {
            outcomes.Add(await call());
        }

        return outcomes;
    }

    /// <summary>Asserts <c>RATE_LIMITED</c> with a <c>retryAfterMs</c> in (0, <paramref name="atMost"/>]; returns it.</summary>
    private static double ShouldBeRateLimited(Outcome outcome, TimeSpan atMost)
    {
        var error = outcome.Fails("RATE_LIMITED");
        var retryAfterMs = error["details"]!["retryAfterMs"]!.GetValue<double>();
        retryAfterMs.ShouldBeGreaterThan(0);
        retryAfterMs.ShouldBeLessThanOrEqualTo(atMost.TotalMilliseconds);
        return retryAfterMs;
    }

    private static string Code() => "CODE" + Guid.NewGuid().ToString("N")[..16];

    // ---------------------------------------------------------------- each limited function

    [Fact]
    public Task login_allows_ten_a_minute_then_again_after_the_window() => WithClockedServer(async s =>
    {
        var did = NewDid();
        (await Repeat(10, () => Call(s, Token(did), "users:login"))).ForEach(o => o.Ok());

        var retryAfterMs = ShouldBeRateLimited(await Call(s, Token(did), "users:login"), TimeSpan.FromSeconds(6));
        retryAfterMs.ShouldBe(6000); // one permit back every 6 s
        (await Call(s, Token(NewDid()), "users:login")).Ok(); // another identity has its own bucket

        _clock.Advance(TimeSpan.FromSeconds(5));
        ShouldBeRateLimited(await Call(s, Token(did), "users:login"), TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(55));
        (await Repeat(10, () => Call(s, Token(did), "users:login"))).ForEach(o => o.Ok());
        ShouldBeRateLimited(await Call(s, Token(did), "users:login"), TimeSpan.FromSeconds(6));
    });

    [Fact]
    public Task generating_upload_urls_allows_sixty_an_hour() => WithClockedServer(async s =>
    {
        var user = await SaveUser();
        (await Repeat(60, () => Call(s, As(user), "files:generateUploadUrl"))).ForEach(o => o.Ok());

        ShouldBeRateLimited(await Call(s, As(user), "files:generateUploadUrl"), TimeSpan.FromMinutes(1));
        (await Call(s, As(await SaveUser()), "files:generateUploadUrl")).Ok();

        _clock.Advance(TimeSpan.FromHours(1));
        (await Call(s, As(user), "files:generateUploadUrl")).Ok();
    });

    [Fact]
    public Task checking_usernames_allows_thirty_a_minute_per_identity() => WithClockedServer(async s =>
    {
        var caller = Token(NewDid());
        (await Repeat(30, () => Call(s, caller, "users:checkUsername", new { username = "some_name" }))).ForEach(o => o.Ok());

        ShouldBeRateLimited(await Call(s, caller, "users:checkUsername", new { username = "other_name" }), TimeSpan.FromSeconds(2));
        (await Call(s, Token(NewDid()), "users:checkUsername", new { username = "some_name" })).Ok();

        _clock.Advance(TimeSpan.FromMinutes(1));
        (await Repeat(30, () => Call(s, caller, "users:checkUsername", new { username = "some_name" }))).ForEach(o => o.Ok());
    });

    [Fact]
    public Task validating_invite_codes_allows_twenty_a_minute_per_identity() => WithClockedServer(async s =>
    {
        var caller = As(await SaveUser());
        (await Repeat(20, () => Call(s, caller, "invitations:validate", new { inviteCode = Code() }))).ForEach(o => o.Ok());

        ShouldBeRateLimited(await Call(s, caller, "invitations:validate", new { inviteCode = Code() }), TimeSpan.FromSeconds(3));
        (await Call(s, As(await SaveUser()), "invitations:validate", new { inviteCode = Code() })).Ok();

        _clock.Advance(TimeSpan.FromMinutes(1));
        (await Call(s, caller, "invitations:validate", new { inviteCode = Code() })).Ok();
    });

    [Fact]
    public Task luma_previews_and_syncs_share_ten_an_hour_per_admin() => WithClockedServer(async s =>
    {
        var admin = As(await SaveUser(role: Poktapok.App.Schema.Enums.UserRole.Admin));
        Task<Outcome> Preview(Caller caller) => Call(s, caller, "luma/preview:fetchEvent", new { url = "https://lu.ma/some-event" });
        Task<Outcome> SyncNow(Caller caller) => Call(s, caller, "luma/syncAction:syncCalendar");

        // A failed Luma call still used its permit: it reached Luma.
        (await Repeat(5, () => Preview(admin))).ForEach(o => o.Fails("UPSTREAM_ERROR", "LUMA_FETCH_FAILED"));
        (await Repeat(5, () => SyncNow(admin))).ForEach(o => o.Fails("UPSTREAM_ERROR", "LUMA_FETCH_FAILED"));

        ShouldBeRateLimited(await Preview(admin), TimeSpan.FromMinutes(6));
        ShouldBeRateLimited(await SyncNow(admin), TimeSpan.FromMinutes(6));
        (await Preview(As(await SaveUser(role: Poktapok.App.Schema.Enums.UserRole.Admin)))).Fails("UPSTREAM_ERROR", "LUMA_FETCH_FAILED");
        (await Preview(Caller.Admin)).Fails("UPSTREAM_ERROR", "LUMA_FETCH_FAILED"); // the operator

        _clock.Advance(TimeSpan.FromMinutes(6));
        (await SyncNow(admin)).Fails("UPSTREAM_ERROR", "LUMA_FETCH_FAILED");
        ShouldBeRateLimited(await Preview(admin), TimeSpan.FromMinutes(6));
        await using var db = Database.Open();
        (await db.LumaSyncRuns.CountAsync()).ShouldBe(6); // refused syncs started no run
    });

    [Fact]
    public async Task the_luma_http_route_answers_429_with_retry_after_once_the_admins_bucket_is_empty()
    {
        await using var s = await TestServer.StartAsync(Database, ServerSettings); // the real clock: nothing waits for it
        var admin = await SaveUser(role: Poktapok.App.Schema.Enums.UserRole.Admin);
        var token = _dev.Mint(admin.PrivyDid, TimeSpan.FromHours(1));

        async Task<HttpResponseMessage> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/luma/sync-calendar") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await s.Http.SendAsync(request);
        }

        for (var i = 0; i < 10; i++)
        {
            using var upstream = await PostAsync();
            upstream.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        }

        using var limited = await PostAsync();
        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        JsonNode.Parse(await limited.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>().ShouldBe("RATE_LIMITED");
        limited.Headers.RetryAfter!.Delta!.Value.ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(6));
    }

    // ---------------------------------------------------------------- who is limited

    [Fact]
    public Task the_operator_and_server_code_are_never_limited() => WithClockedServer(async s =>
    {
        var operatorActingAsUser = Caller.Admin with { Identity = Token(NewDid()).Identity };
        foreach (var caller in new[] { Caller.Admin, operatorActingAsUser, Caller.Anonymous })
        {
            (await Repeat(40, () => Call(s, caller, "users:checkUsername", new { username = "some_name" }))).ForEach(o => o.Ok());
        }

        (await Repeat(12, () => Call(s, Caller.Admin, "luma/preview:fetchEvent", new { url = "https://lu.ma/x" })))
            .ForEach(o => o.Fails("UPSTREAM_ERROR", "LUMA_FETCH_FAILED"));
        (await Repeat(12, () => Call(s, operatorActingAsUser, "users:login"))).ForEach(o => o.Ok());
        for (var i = 0; i < 12; i++)
        {
            // As the cron calls it: server code, no identity, no connection.
            var error = await Should.ThrowAsync<ConvexError>(() =>
                s.Functions.CallAsync<object?>(FunctionKind.Action, "luma/sync:syncCalendar", null, Caller.Anonymous, CancellationToken.None));
            error.Message.ShouldStartWith("Could not read the Luma calendar");
        }
    });

    [Fact]
    public async Task anonymous_sync_subscriptions_are_limited_per_connection()
    {
        await using var s = await StartAsync();
        await using var first = await SyncClient.ConnectAsync(s.SyncUrl());
        await using var second = await SyncClient.ConnectAsync(s.SyncUrl());

        for (var i = 0; i < 31; i++)
        {
            await first.SubscribeAsync(i, "users:checkUsername", new { username = $"name_{i}" });
        }

        var results = await ResultsAsync(first, 31);
        results.Values.OfType<Transition.QueryUpdated>().Count().ShouldBe(30);
        var refused = results[30].ShouldBeOfType<Transition.QueryFailed>();
        var data = JsonNode.Parse(ConvexJson.Serialize(refused.ErrorData!, ConvexJsonFormat.Json))!;
        data["code"]!.GetValue<string>().ShouldBe("RATE_LIMITED");
        data["details"]!["retryAfterMs"]!.GetValue<double>().ShouldBeGreaterThan(0);

        await second.SubscribeAsync(0, "users:checkUsername", new { username = "name_0" });
        (await ResultsAsync(second, 1))[0].ShouldBeOfType<Transition.QueryUpdated>();
    }

    // The first result of each of the first `count` query ids.
    private static async Task<Dictionary<int, Transition.Modification>> ResultsAsync(SyncClient client, int count)
    {
        var results = new Dictionary<int, Transition.Modification>();
        while (results.Count < count)
        {
            foreach (var modification in (await client.ReceiveAsync<Transition>()).Modifications)
            {
                results.TryAdd(modification.QueryId, modification);
            }
        }

        return results;
    }

    [Fact]
    public async Task anonymous_http_callers_are_limited_by_address()
    {
        await using var s = await StartAsync();
        for (var i = 0; i < 20; i++)
        {
            Str((await s.CallAsync("query", "invitations:validate", new { inviteCode = Code() }))["status"]).ShouldBe("success");
        }

        var refused = await s.CallAsync("query", "invitations:validate", new { inviteCode = Code() });
        Str(refused["status"]).ShouldBe("error");
        Str(refused["errorData"]!["code"]).ShouldBe("RATE_LIMITED");
        refused["errorData"]!["details"]!["retryAfterMs"]!.GetValue<double>().ShouldBe(3000);
    }

    [Fact]
    public async Task a_sync_connections_mutations_count_against_its_identity()
    {
        await using var s = await TestServer.StartAsync(Database, ServerSettings); // the real clock, which tokens are checked against
        var did = NewDid();
        await using var client = await SyncClient.ConnectAsync(s.SyncUrl());
        await client.SendAsync(new Authenticate(AuthTokenType.User, _dev.Mint(did, TimeSpan.FromHours(1)), 0));
        for (var i = 0; i < 11; i++)
        {
            await client.MutateAsync("users:login", new { }, requestId: i);
        }

        var responses = new Dictionary<int, MutationResponse>();
        while (responses.Count < 11)
        {
            if (await client.ReceiveAsync() is MutationResponse response)
            {
                responses[response.RequestId] = response;
            }
        }

        Enumerable.Range(0, 10).ShouldAllBe(i => responses[i].Success);
        responses[10].Success.ShouldBeFalse();
        JsonNode.Parse(ConvexJson.Serialize(responses[10].ErrorData!, ConvexJsonFormat.Json))!["code"]!.GetValue<string>().ShouldBe("RATE_LIMITED");

        // Another connection of the same identity shares the bucket.
        await using var other = await SyncClient.ConnectAsync(s.SyncUrl());
        await other.SendAsync(new Authenticate(AuthTokenType.User, _dev.Mint(did, TimeSpan.FromHours(1)), 0));
        await other.MutateAsync("users:login", new { }, requestId: 0);
        MutationResponse? again = null;
        while (again is null)
        {
            again = await other.ReceiveAsync() as MutationResponse;
        }

        again.Success.ShouldBeFalse();
        JsonNode.Parse(ConvexJson.Serialize(again.ErrorData!, ConvexJsonFormat.Json))!["code"]!.GetValue<string>().ShouldBe("RATE_LIMITED");
    }

    // ---------------------------------------------------------------- stored buckets

    [Fact]
    public async Task two_servers_on_one_database_share_the_buckets_of_mutations()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        var did = NewDid();

        (await Repeat(5, () => Call(a, Token(did), "users:login"))).ForEach(o => o.Ok());
        (await Repeat(5, () => Call(b, Token(did), "users:login"))).ForEach(o => o.Ok());

        ShouldBeRateLimited(await Call(a, Token(did), "users:login"), TimeSpan.FromSeconds(6));
        ShouldBeRateLimited(await Call(b, Token(did), "users:login"), TimeSpan.FromSeconds(6));
    }

    [Fact]
    public Task thirty_concurrent_logins_of_one_identity_let_exactly_ten_through() => WithClockedServer(async s =>
    {
        var did = NewDid();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Call(s, Token(did), "users:login")));

        outcomes.Count(o => o.Success).ShouldBe(10);
        outcomes.Where(o => !o.Success).ToList().ForEach(o => ShouldBeRateLimited(o, TimeSpan.FromMinutes(1)));
    });

    [Fact]
    public Task fifty_concurrent_username_checks_of_one_identity_let_exactly_thirty_through() => WithClockedServer(async s =>
    {
        var caller = Token(NewDid());
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(i => Task.Run(() => Call(s, caller, "users:checkUsername", new { username = $"name_{i}" }))));

        outcomes.Count(o => o.Success).ShouldBe(30);
        outcomes.Where(o => !o.Success).ToList().ForEach(o => ShouldBeRateLimited(o, TimeSpan.FromMinutes(1)));
    });

    [Fact]
    public Task a_mutation_that_fails_gives_its_permit_back() => WithClockedServer(async s =>
    {
        var did = NewDid();
        (await Repeat(15, () => Call(s, Token(did), "users:login", new { email = "not-an-email" }))).ForEach(o => o.FailsOnFields("email"));

        (await Repeat(10, () => Call(s, Token(did), "users:login"))).ForEach(o => o.Ok());
        ShouldBeRateLimited(await Call(s, Token(did), "users:login"), TimeSpan.FromSeconds(6));
    });

    [Fact]
    public Task buckets_that_are_full_again_are_deleted() => WithClockedServer(async s =>
    {
        (await Call(s, Token(NewDid()), "users:login")).Ok(); // full again 6 s later
        var uploader = As(await SaveUser());
        (await Repeat(2, () => Call(s, uploader, "files:generateUploadUrl"))).ForEach(o => o.Ok()); // 2 min later
        (await CountBucketsAsync()).ShouldBe(2);

        _clock.Advance(TimeSpan.FromSeconds(90)); // past the scheduler's minute between housekeeping rounds
        s.Services.GetRequiredService<JobScheduler<AppDb>>().Wake();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await CountBucketsAsync() != 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        (await CountBucketsAsync()).ShouldBe(1);
    });

    private async Task<int> CountBucketsAsync()
    {
        await using var db = Database.Open();
        return await db.RateLimits.CountAsync();
    }
}
