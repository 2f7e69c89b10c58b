using Poktapok.Engine.Data;
using Poktapok.Protocol.Sync;
using Poktapok.Protocol.Values;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Sync;

/// <summary>
/// Live queries over a real WebSocket on both providers: subscriptions get their first result and every change
/// after it, versions chain exactly, mutations resolve after a Transition reaching their commit, and only the
/// queries that read a written table run again.
/// </summary>
public sealed class LiveQueryTests : DatabaseTest
{
    private static double Number(ConvexValue value) => ((ConvexFloat64)value).Value;

    private static Transition.QueryUpdated Updated(Transition transition, int queryId) =>
        transition.Modifications.OfType<Transition.QueryUpdated>().Single(m => m.QueryId == queryId);

    [Fact]
    public async Task a_subscription_gets_its_first_result_from_the_initial_version()
    {
        await using var server = await TestServer.StartAsync(Database);
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());

        await client.SubscribeAsync(0, "demo:get", new { name = "first" });

        var transition = await client.ReceiveAsync<Transition>();
        transition.StartVersion.ShouldBe(StateVersion.Initial);
        transition.EndVersion.QuerySet.ShouldBe(1);
        transition.EndVersion.Identity.ShouldBe(0);
        Number(Updated(transition, 0).Value).ShouldBe(0);
        Updated(transition, 0).Journal.ShouldBeNull();
    }

    [Fact]
    public async Task a_mutation_from_another_client_updates_the_subscriber()
    {
        await using var server = await TestServer.StartAsync(Database);
        await using var watcher = await SyncClient.ConnectAsync(server.SyncUrl());
        await using var writer = await SyncClient.ConnectAsync(server.SyncUrl());
        await watcher.SubscribeAsync(3, "demo:get", new { name = "shared" });
        await watcher.ReceiveAsync<Transition>();

        await writer.MutateAsync("demo:increment", new { name = "shared", by = 5 });

        var update = await watcher.ReceiveAsync<Transition>();
        Number(Updated(update, 3).Value).ShouldBe(5);
        update.EndVersion.Ts.ShouldBeGreaterThan(update.StartVersion.Ts);
    }

    [Fact]
    public async Task a_mutation_response_comes_before_the_transition_that_reaches_its_commit()
    {
        await using var server = await TestServer.StartAsync(Database);
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());
        await client.SubscribeAsync(0, "demo:get", new { name = "ryw" });
        await client.ReceiveAsync<Transition>();

        var request = await client.MutateAsync("demo:increment", new { name = "ryw" });

        var response = await client.ReceiveAsync<MutationResponse>();
        response.RequestId.ShouldBe(request);
        response.Success.ShouldBeTrue();
        Number(response.Result!).ShouldBe(1);
        var transition = await client.ReceiveAsync<Transition>();
        transition.EndVersion.Ts.ShouldBeGreaterThanOrEqualTo(response.Ts!.Value);
        Number(Updated(transition, 0).Value).ShouldBe(1, "the view that resolves the mutation includes its write");
    }

    [Fact]
    public async Task a_mutation_that_changes_nothing_subscribed_still_gets_a_transition_reaching_it()
    {
        await using var server = await TestServer.StartAsync(Database);
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());

        await client.MutateAsync("demo:increment", new { name = "unwatched" });

        var response = await client.ReceiveAsync<MutationResponse>();
        var transition = await client.ReceiveAsync<Transition>();
        transition.Modifications.ShouldBeEmpty();
        transition.EndVersion.Ts.ShouldBeGreaterThanOrEqualTo(response.Ts!.Value);
    }

    [Fact]
    public async Task a_failed_mutation_is_answered_without_a_timestamp_and_with_its_error_data()
    {
        await using var server = await TestServer.StartAsync(Database);
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());

        await client.MutateAsync("demo:refuse", new { max = 3 });

        var response = await client.ReceiveAsync<MutationResponse>();
        response.Success.ShouldBeFalse();
        response.Ts.ShouldBeNull();
        response.ErrorMessage!.ShouldContain("That is too many.");
        var data = response.ErrorData.ShouldBeOfType<ConvexObject>();
        data["code"].ShouldBe(new ConvexString("BAD_INPUT"));
    }

    [Fact]
    public async Task a_mutation_resent_on_a_new_connection_runs_once_and_gets_the_first_answer()
    {
        await using var server = await TestServer.StartAsync(Database);
        var sessionId = Guid.NewGuid().ToString();
        MutationResponse first;
        await using (var before = await SyncClient.ConnectAsync(server.SyncUrl(), sessionId: sessionId))
        {
            await before.MutateAsync("demo:increment", new { name = "once" }, requestId: 7);
            first = await before.ReceiveAsync<MutationResponse>();
        }

        await using var after = await SyncClient.ConnectAsync(server.SyncUrl(), sessionId: sessionId);
        await after.MutateAsync("demo:increment", new { name = "once" }, requestId: 7);
        var again = await after.ReceiveAsync<MutationResponse>();

        again.Success.ShouldBeTrue();
        Number(again.Result!).ShouldBe(Number(first.Result!));
        again.Ts!.Value.ShouldBeGreaterThanOrEqualTo(first.Ts!.Value);
        (await after.ReceiveAsync<Transition>()).EndVersion.Ts.ShouldBeGreaterThanOrEqualTo(again.Ts!.Value);
        var value = await server.CallAsync("query", "demo:get", new { name = "once" });
        value["value"]!.GetValue<double>().ShouldBe(1, "the re-sent mutation must not run again");
    }

    [Fact]
    public async Task a_mutation_in_flight_when_the_connection_drops_is_applied_exactly_once()
    {
        await using var server = await TestServer.StartAsync(Database);
        var sessionId = Guid.NewGuid().ToString();
        await using (var dropped = await SyncClient.ConnectAsync(server.SyncUrl(), sessionId: sessionId))
        {
            await dropped.MutateAsync("demo:incrementSlowly", new { name = "inflight", delayMs = 500 }, requestId: 0);
            await Task.Delay(100);
            dropped.Abort();
        }

        await using var resumed = await SyncClient.ConnectAsync(server.SyncUrl(), sessionId: sessionId);
        await resumed.MutateAsync("demo:incrementSlowly", new { name = "inflight", delayMs = 500 }, requestId: 0);
        var response = await resumed.ReceiveAsync<MutationResponse>();

        response.Success.ShouldBeTrue();
        Number(response.Result!).ShouldBe(1);
        var value = await server.CallAsync("query", "demo:get", new { name = "inflight" });
        value["value"]!.GetValue<double>().ShouldBe(1);
    }

    [Fact]
    public async Task all_of_a_clients_changed_queries_move_in_one_transition_to_one_timestamp()
    {
        await using var server = await TestServer.StartAsync(Database);
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());
        await client.SubscribeAsync(0, "demo:get", new { name = "a" });
        await client.SubscribeAsync(1, "demo:get", new { name = "b" });
        var initial = await client.ReceiveAsync<Transition>();
        if (initial.Modifications.Count < 2)
        {
            await client.ReceiveAsync<Transition>();
        }

        await client.MutateAsync("demo:incrementTwoCounters", new { first = "a", second = "b" });

        await client.ReceiveAsync<MutationResponse>();
        var transition = await client.ReceiveAsync<Transition>();
        Number(Updated(transition, 0).Value).ShouldBe(1);
        Number(Updated(transition, 1).Value).ShouldBe(1);
    }

    [Fact]
    public async Task a_write_to_one_table_does_not_rerun_queries_that_did_not_read_it()
    {
        await using var server = await TestServer.StartAsync(Database);
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());
        await using var writer = await SyncClient.ConnectAsync(server.SyncUrl());
        await client.SubscribeAsync(0, "demo:recentEvents", new { limit = 5 });
        await client.ReceiveAsync<Transition>();
        var executions = server.Live.Executions;

        await writer.MutateAsync("demo:increment", new { name = "elsewhere" });
        await writer.ReceiveAsync<MutationResponse>();
        await writer.ReceiveAsync<Transition>();

        server.Live.Executions.ShouldBe(executions, "demo:recentEvents reads events, not demo_counters");
        await client.ExpectSilenceAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task identical_subscriptions_share_one_execution()
    {
        await using var server = await TestServer.StartAsync(Database);
        await using var writer = await SyncClient.ConnectAsync(server.SyncUrl());
        var clients = new List<SyncClient>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var client = await SyncClient.ConnectAsync(server.SyncUrl());
                clients.Add(client);
                await client.SubscribeAsync(0, "demo:get", new { name = "popular" });
                await client.ReceiveAsync<Transition>();
            }

            server.Live.Executions.ShouldBe(1);

            await writer.MutateAsync("demo:increment", new { name = "popular" });
            foreach (var client in clients)
            {
                var transition = await client.ReceiveAsync<Transition>();
                if (transition.Modifications.Count == 0)
                {
                    transition = await client.ReceiveAsync<Transition>();
                }

                Number(Updated(transition, 0).Value).ShouldBe(1);
            }

            server.Live.Executions.ShouldBe(2, "one re-run serves every subscriber");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task an_unsubscribed_query_is_removed_and_gets_no_more_updates()
    {
        await using var server = await TestServer.StartAsync(Database);
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());
        await using var writer = await SyncClient.ConnectAsync(server.SyncUrl());
        await client.SubscribeAsync(0, "demo:get", new { name = "gone" });
        await client.ReceiveAsync<Transition>();

        await client.UnsubscribeAsync(0);
        var removed = await client.ReceiveAsync<Transition>();
        removed.Modifications.ShouldHaveSingleItem().ShouldBeOfType<Transition.QueryRemoved>().QueryId.ShouldBe(0);
        removed.EndVersion.QuerySet.ShouldBe(2);

        await writer.MutateAsync("demo:increment", new { name = "gone" });
        await writer.ReceiveAsync<MutationResponse>();
        await client.ExpectSilenceAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task failing_queries_report_application_errors_with_data_and_internal_errors_without()
    {
        await using var server = await TestServer.StartAsync(Database);
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());
        await client.SubscribeAsync(0, "demo:crash");
        await client.SubscribeAsync(1, "demo:describe", new { title = "abc", count = 11, kind = "hybrid" });
        await client.SubscribeAsync(2, "nothing:here");

        var failures = new Dictionary<int, Transition.QueryFailed>();
        while (failures.Count < 3)
        {
            foreach (var failed in (await client.ReceiveAsync<Transition>()).Modifications.OfType<Transition.QueryFailed>())
            {
                failures[failed.QueryId] = failed;
            }
        }

        failures[0].ErrorMessage.ShouldStartWith("[Request ID: ");
        failures[0].ErrorData.ShouldBeNull();
        failures[1].ErrorData.ShouldBeOfType<ConvexObject>()["code"].ShouldBe(new ConvexString("INVALID_ARGUMENT"));
        failures[2].ErrorMessage.ShouldBe("Could not find public function for 'nothing:here'.");
    }

    [Fact]
    public async Task a_client_that_saw_a_newer_timestamp_is_still_served()
    {
        await using var server = await TestServer.StartAsync(Database);
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl(), maxObserved: ulong.MaxValue / 2);

        await client.SubscribeAsync(0, "demo:get", new { name = "future" });

        Number(Updated(await client.ReceiveAsync<Transition>(), 0).Value).ShouldBe(0);
    }

    [Fact]
    public async Task commit_timestamps_are_nanoseconds_since_the_epoch()
    {
        await using var server = await TestServer.StartAsync(Database);
        var before = TransactionRunner<PoktapokDbContext>.UnixNanoseconds(DateTimeOffset.UtcNow.AddSeconds(-5));

        await server.CallAsync("mutation", "demo:increment", new { name = "clock" });

        var ts = await server.Functions.LatestTimestampAsync(CancellationToken.None);
        ((long)ts).ShouldBeGreaterThan(before);
        ((long)ts).ShouldBeLessThan(TransactionRunner<PoktapokDbContext>.UnixNanoseconds(DateTimeOffset.UtcNow.AddSeconds(5)));
    }
}
