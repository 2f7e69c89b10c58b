using System.Diagnostics;
using System.Net.WebSockets;
using Poktapok.Protocol.Sync;
using Poktapok.Protocol.Values;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Sync;

/// <summary>
/// What must never leak or stall: results shared only where the caller does not matter, mutations run as the
/// identity they were sent with, one failing query never stops the others, wake-ups never lost, and a
/// stopping server lets its clients go at once.
/// </summary>
public sealed class LiveQueryIsolationTests : DatabaseTest
{
    private static readonly Dictionary<string, string?> s_adminKey = new() { ["Auth:AdminKey"] = "op-key" };

    private static async Task<SyncClient> AdminAsync(TestServer server)
    {
        var admin = await SyncClient.ConnectAsync(server.SyncUrl());
        await admin.SendAsync(new Authenticate(AuthTokenType.Admin, "op-key", 0));
        (await admin.ReceiveAsync<Transition>()).EndVersion.Identity.ShouldBe(1);
        return admin;
    }

    private static async Task<Transition.Modification> ResultAsync(SyncClient client, int queryId)
    {
        while (true)
        {
            if ((await client.ReceiveAsync<Transition>()).Modifications.FirstOrDefault(m => m.QueryId == queryId) is { } found)
            {
                return found;
            }
        }
    }

    [Fact]
    public async Task an_internal_querys_result_is_never_shared_with_a_client_that_may_not_run_it()
    {
        await using var server = await TestServer.StartAsync(Database, s_adminKey);
        await using var admin = await AdminAsync(server);
        await using var anonymous = await SyncClient.ConnectAsync(server.SyncUrl());

        await admin.SubscribeAsync(0, "demo:ping");
        (await ResultAsync(admin, 0)).ShouldBeOfType<Transition.QueryUpdated>().Value.ShouldBe(new ConvexString("pong"));
        await anonymous.SubscribeAsync(0, "demo:ping");
        (await ResultAsync(anonymous, 0)).ShouldBeOfType<Transition.QueryFailed>().ErrorMessage
            .ShouldBe("Could not find public function for 'demo:ping'.");

        // And the other way round: an anonymous refusal is not served to an operator.
        await using var later = await AdminAsync(server);
        await later.SubscribeAsync(0, "demo:ping");
        (await ResultAsync(later, 0)).ShouldBeOfType<Transition.QueryUpdated>();
    }

    [Fact]
    public async Task subscribers_moved_off_a_result_that_started_reading_its_caller_get_their_own()
    {
        await using var server = await TestServer.StartAsync(Database, s_adminKey);
        await using var admin = await AdminAsync(server);
        await using var anonymous = await SyncClient.ConnectAsync(server.SyncUrl());
        await admin.SubscribeAsync(0, "demo:greeting", new { name = "g" });
        (await ResultAsync(admin, 0)).ShouldBeOfType<Transition.QueryUpdated>().Value.ShouldBe(new ConvexString("nobody:0"));
        await anonymous.SubscribeAsync(0, "demo:greeting", new { name = "g" });
        (await ResultAsync(anonymous, 0)).ShouldBeOfType<Transition.QueryUpdated>().Value.ShouldBe(new ConvexString("nobody:0"));

        await server.CallAsync("mutation", "demo:increment", new { name = "g" });

        (await ResultAsync(admin, 0)).ShouldBeOfType<Transition.QueryUpdated>().Value.ShouldBe(new ConvexString("admin:1"));
        (await ResultAsync(anonymous, 0)).ShouldBeOfType<Transition.QueryUpdated>().Value.ShouldBe(new ConvexString("anonymous:1"));
    }

    [Fact]
    public async Task a_mutation_runs_as_the_identity_it_was_sent_with()
    {
        await using var server = await TestServer.StartAsync(Database, s_adminKey);
        await using var client = await AdminAsync(server);

        await client.MutateAsync("demo:incrementSlowly", new { name = "queue", delayMs = 300 });
        await client.MutateAsync("demo:whoRanMe");
        await client.SendAsync(new Authenticate(AuthTokenType.None, null, 1));

        var answers = new Dictionary<int, MutationResponse>();
        while (answers.Count < 2)
        {
            if (await client.ReceiveAsync() is MutationResponse response)
            {
                answers[response.RequestId] = response;
            }
        }

        answers[1].Result.ShouldBe(new ConvexString("admin"));
    }

    [Fact]
    public async Task a_query_that_survives_a_database_error_does_not_stop_the_other_subscriptions()
    {
        await using var server = await TestServer.StartAsync(Database);
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());
        await client.SubscribeAsync(0, "demo:surviveDatabaseError");
        await client.SubscribeAsync(1, "demo:get", new { name = "after-error" });
        (await ResultAsync(client, 0)).ShouldBeOfType<Transition.QueryUpdated>().Value.ShouldBe(new ConvexString("survived"));

        await server.CallAsync("mutation", "demo:increment", new { name = "after-error" });

        var updated = (await ResultAsync(client, 1)).ShouldBeOfType<Transition.QueryUpdated>();
        while (updated.Value is ConvexFloat64 { Value: 0 })
        {
            updated = (await ResultAsync(client, 1)).ShouldBeOfType<Transition.QueryUpdated>();
        }

        updated.Value.ShouldBe(new ConvexFloat64(1));
    }

    [Fact]
    public async Task commits_keep_reaching_watchers_while_another_client_subscribes_to_many_queries()
    {
        await using var server = await TestServer.StartAsync(Database);
        await using var watcher = await SyncClient.ConnectAsync(server.SyncUrl());
        await using var busy = await SyncClient.ConnectAsync(server.SyncUrl());
        await watcher.SubscribeAsync(0, "demo:get", new { name = "watched" });
        await ResultAsync(watcher, 0);

        var writes = Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                await server.CallAsync("mutation", "demo:increment", new { name = $"noise{i % 3}" });
            }
        });
        for (var i = 0; i < 150; i++)
        {
            await busy.SubscribeAsync(i, "demo:get", new { name = $"noise{i}" });
        }

        await writes;
        await server.CallAsync("mutation", "demo:increment", new { name = "watched" });

        var value = (await ResultAsync(watcher, 0)).ShouldBeOfType<Transition.QueryUpdated>().Value;
        value.ShouldBe(new ConvexFloat64(1));
    }

    [Fact]
    public async Task a_stopping_server_closes_its_sync_connections_at_once()
    {
        var server = await TestServer.StartAsync(Database);
        var client = await SyncClient.ConnectAsync(server.SyncUrl());
        await client.SubscribeAsync(0, "demo:get", new { name = "bye" });
        await ResultAsync(client, 0);

        var stopping = Stopwatch.StartNew();
        await server.DisposeAsync();

        stopping.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "the server must not wait for its shutdown timeout");
        var (status, reason) = await client.ReceiveCloseAsync();
        status.ShouldBe(WebSocketCloseStatus.EndpointUnavailable);
        reason!.ShouldStartWith("ServerShuttingDown");
        await client.DisposeAsync();
    }
}
