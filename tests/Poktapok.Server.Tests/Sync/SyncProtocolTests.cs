using System.Net.WebSockets;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Data;
using Poktapok.Engine.Data;
using Poktapok.Engine.Live;
using Poktapok.Protocol.Sync;
using Poktapok.Protocol.Values;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Sync;

/// <summary>
/// The sync endpoint's edges: what it refuses and how (close reasons the client retries on, FatalError only for
/// broken messages), keep-alive, chunking, limits, authentication plumbing, and several nodes on one database.
/// </summary>
public sealed class SyncProtocolTests : DatabaseTest
{
    private static double Number(ConvexValue value) => ((ConvexFloat64)value).Value;

    [Fact]
    public async Task the_endpoint_answers_on_every_route_the_client_may_use_and_refuses_plain_requests()
    {
        await using var server = await TestServer.StartAsync(Database);
        foreach (var path in new[] { "/api/1.48.0/sync", "/api/sync", "//api/1.48.0/sync" })
        {
            await using var client = await SyncClient.ConnectAsync(new Uri($"ws://{server.Url.Authority}{path}"));
            await client.SubscribeAsync(0, "demo:get", new { name = "route" });
            (await client.ReceiveAsync<Transition>()).EndVersion.QuerySet.ShouldBe(1, path);
        }

        var (status, body) = await server.PostAsync("/api/1.48.0/sync", "{}");
        status.ShouldBe(400);
        body!["code"]!.GetValue<string>().ShouldBe("WebSocketUpgradeRequired");
        using var response = await server.Http.GetAsync("/api/not-a-version/sync");
        ((int)response.StatusCode).ShouldBe(400);
        (await response.Content.ReadAsStringAsync()).ShouldContain("InvalidVersion");
    }

    [Fact]
    public async Task connect_is_optional()
    {
        await using var server = await TestServer.StartAsync(Database);
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl(), sendConnect: false);

        await client.SubscribeAsync(0, "demo:get", new { name = "no-connect" });

        (await client.ReceiveAsync<Transition>()).Modifications.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task a_query_set_change_out_of_sequence_closes_the_socket_so_the_client_reconnects()
    {
        await using var server = await TestServer.StartAsync(Database);
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());

        await client.SendRawAsync("""{"type":"ModifyQuerySet","baseVersion":4,"newVersion":5,"modifications":[]}""");

        var (status, reason) = await client.ReceiveCloseAsync();
        status.ShouldBe(WebSocketCloseStatus.InternalServerError);
        reason!.ShouldStartWith("BaseVersionMismatch");
    }

    [Fact]
    public async Task a_message_that_is_not_protocol_json_gets_a_fatal_error()
    {
        await using var server = await TestServer.StartAsync(Database);
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());

        await client.SendRawAsync("""{"type":"Bogus"}""");

        (await client.ReceiveAsync<FatalError>()).Error.ShouldContain("Bogus");
        await client.ReceiveCloseAsync();
    }

    [Fact]
    public async Task an_idle_connection_gets_application_pings()
    {
        await using var server = await TestServer.StartAsync(Database, new Dictionary<string, string?> { ["Sync:PingIntervalSeconds"] = "0.2" });
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());

        for (var i = 0; i < 3; i++)
        {
            (await client.ReceiveAsync(TimeSpan.FromSeconds(2), skipPings: false)).ShouldBeOfType<Ping>();
        }
    }

    [Fact]
    public async Task a_client_that_answers_no_websocket_ping_is_dropped()
    {
        var settings = new Dictionary<string, string?> { ["Sync:WebSocketPingSeconds"] = "0.3", ["Sync:DeadClientTimeoutSeconds"] = "1" };
        await using var server = await TestServer.StartAsync(Database, settings);
        // A bare TCP connection that upgrades and then never answers a ping (a WebSocket client would).
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.Url.Host, server.Url.Port);
        var stream = tcp.GetStream();
        var key = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
            $"GET /api/1.48.0/sync HTTP/1.1\r\nHost: {server.Url.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"));

        var received = new MemoryStream();
        var buffer = new byte[4096];
        var started = DateTime.UtcNow;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // the server aborted the connection (a reset): dropped as dead
        }

        var bytes = received.ToArray();
        System.Text.Encoding.ASCII.GetString(bytes).ShouldStartWith("HTTP/1.1 101");
        var frames = bytes.AsSpan(bytes.AsSpan().IndexOf("\r\n\r\n"u8) + 4);
        frames.Length.ShouldBeGreaterThan(0);
        (frames[0] & 0x0F).ShouldBe(0x9, "the first frame the server sends is a WebSocket ping");
        (DateTime.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(14), "the server closed the dead connection itself");
    }

    [Fact]
    public async Task a_large_transition_is_sent_in_chunks_to_clients_that_support_them_and_whole_to_older_ones()
    {
        var settings = new Dictionary<string, string?> { ["Sync:TransitionChunkChars"] = "64" };
        await using var server = await TestServer.StartAsync(Database, settings);

        await using (var modern = await SyncClient.ConnectAsync(server.SyncUrl("1.48.0")))
        {
            await modern.SubscribeAsync(0, "demo:echo", new { value = new string('x', 300) });
            var chunks = new List<TransitionChunk>();
            do
            {
                chunks.Add(SyncJson.ParseServer((await modern.ReceiveTextAsync(TimeSpan.FromSeconds(10)))!).ShouldBeOfType<TransitionChunk>());
            }
            while (chunks.Count < chunks[0].TotalParts);

            chunks.Count.ShouldBeGreaterThan(4);
            chunks.Select(c => c.PartNumber).ShouldBe(Enumerable.Range(0, chunks.Count));
            chunks.ShouldAllBe(c => c.TransitionId == chunks[0].TransitionId);
            var whole = SyncJson.ParseServer(string.Concat(chunks.Select(c => c.Chunk))).ShouldBeOfType<Transition>();
            whole.Modifications.ShouldHaveSingleItem().ShouldBeOfType<Transition.QueryUpdated>().Value.ShouldBe(new ConvexString(new string('x', 300)));
        }

        await using var old = await SyncClient.ConnectAsync(server.SyncUrl("1.27.0"));
        await old.SubscribeAsync(0, "demo:echo", new { value = new string('x', 300) });
        (await old.ReceiveAsync<Transition>()).Modifications.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task queries_beyond_the_limit_fail_without_closing_the_connection()
    {
        await using var server = await TestServer.StartAsync(Database, new Dictionary<string, string?> { ["Sync:MaxQueriesPerConnection"] = "2" });
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());

        for (var i = 0; i < 3; i++)
        {
            await client.SubscribeAsync(i, "demo:get", new { name = $"q{i}" });
        }

        var results = new Dictionary<int, Transition.Modification>();
        while (results.Count < 3)
        {
            foreach (var modification in (await client.ReceiveAsync<Transition>()).Modifications)
            {
                results[modification.QueryId] = modification;
            }
        }

        results[0].ShouldBeOfType<Transition.QueryUpdated>();
        results[1].ShouldBeOfType<Transition.QueryUpdated>();
        results[2].ShouldBeOfType<Transition.QueryFailed>().ErrorMessage.ShouldStartWith("TooManyQueries");
    }

    [Fact]
    public async Task a_message_over_the_size_limit_closes_the_socket_with_a_reason()
    {
        await using var server = await TestServer.StartAsync(Database, new Dictionary<string, string?> { ["Sync:MaxMessageBytes"] = "1000" });
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());

        await client.MutateAsync("demo:echo", new { value = new string('x', 5000) });

        var (status, reason) = await client.ReceiveCloseAsync();
        status.ShouldBe(WebSocketCloseStatus.MessageTooBig);
        reason!.ShouldStartWith("MessageTooLarge");
    }

    [Fact]
    public async Task a_binary_frame_closes_the_socket_with_a_reason()
    {
        await using var server = await TestServer.StartAsync(Database);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(server.SyncUrl(), CancellationToken.None);

        await socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None);

        var result = await socket.ReceiveAsync(new byte[1024], new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        result.MessageType.ShouldBe(WebSocketMessageType.Close);
        result.CloseStatus.ShouldBe(WebSocketCloseStatus.InvalidMessageType);
        result.CloseStatusDescription!.ShouldStartWith("BinaryFrame");
    }

    [Fact]
    public async Task a_client_that_does_not_read_is_disconnected_instead_of_growing_the_servers_memory()
    {
        await using var server = await TestServer.StartAsync(Database, new Dictionary<string, string?> { ["Sync:MaxOutboundMessages"] = "5" });
        // A session nobody reads from, driven through the engine as the transport would drive it.
        await using var session = server.Live.Connect(new Version(1, 48, 0));
        await session.HandleAsync("""{"type":"ModifyQuerySet","baseVersion":0,"newVersion":1,"modifications":[{"type":"Add","queryId":0,"udfPath":"demo:get","args":[{"name":"slow"}]}]}""", CancellationToken.None);

        for (var i = 0; i < 10 && !session.IsClosing; i++)
        {
            await server.CallAsync("mutation", "demo:increment", new { name = "slow" });
            await Task.Delay(50);
        }

        session.IsClosing.ShouldBeTrue();
        session.CloseStatus.ShouldBe(WebSocketCloseStatus.PolicyViolation);
        session.CloseReason.ShouldStartWith("ClientTooSlow");
    }

    [Fact]
    public async Task authenticate_none_bumps_the_identity_version_and_a_token_is_refused_with_auth_error()
    {
        await using var server = await TestServer.StartAsync(Database);
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());

        await client.SendAsync(new Authenticate(AuthTokenType.None, null, 0));
        var confirmed = await client.ReceiveAsync<Transition>();
        confirmed.EndVersion.Identity.ShouldBe(1);
        confirmed.Modifications.ShouldBeEmpty();

        await client.SendAsync(new Authenticate(AuthTokenType.User, "header.payload.signature", 1));
        var refused = await client.ReceiveAsync<AuthError>();
        refused.AuthUpdateAttempted.ShouldBeTrue();
        refused.BaseVersion.ShouldBe(1);
        await client.ReceiveCloseAsync();
    }

    [Fact]
    public async Task an_authenticate_out_of_sequence_closes_the_socket()
    {
        await using var server = await TestServer.StartAsync(Database);
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());

        await client.SendAsync(new Authenticate(AuthTokenType.None, null, 3));

        (await client.ReceiveCloseAsync()).Status.ShouldBe(WebSocketCloseStatus.InternalServerError);
    }

    [Fact]
    public async Task an_action_is_answered_with_an_action_response()
    {
        await using var server = await TestServer.StartAsync(Database);
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());

        await client.SendRawAsync("""{"type":"Action","requestId":4,"udfPath":"demo:incrementTwice","args":[{"name":"acted"}]}""");

        var response = await client.ReceiveAsync<ActionResponse>();
        response.RequestId.ShouldBe(4);
        response.Success.ShouldBeTrue();
        Number(response.Result!).ShouldBe(2);
    }

    [Fact]
    public async Task a_mutation_through_one_node_updates_a_subscriber_on_another()
    {
        // PostgreSQL nodes hear each other through NOTIFY (the poll is made too slow to matter); SQLite nodes
        // sharing a file find each other's commits by polling.
        var settings = new Dictionary<string, string?>
        {
            ["Sync:PollIntervalSeconds"] = TestDatabase.Provider == Engine.Data.DatabaseProvider.Postgres ? "600" : "0.2",
        };
        await using var a = await TestServer.StartAsync(Database, settings);
        await using var b = await TestServer.StartAsync(Database, settings);
        await using var watcher = await SyncClient.ConnectAsync(a.SyncUrl());
        await using var writer = await SyncClient.ConnectAsync(b.SyncUrl());
        await watcher.SubscribeAsync(0, "demo:get", new { name = "across" });
        await watcher.ReceiveAsync<Transition>();

        await writer.MutateAsync("demo:increment", new { name = "across", by = 3 });
        var response = await writer.ReceiveAsync<MutationResponse>();

        var update = await watcher.ReceiveAsync<Transition>();
        Number(update.Modifications.OfType<Transition.QueryUpdated>().Single().Value).ShouldBe(3);
        update.EndVersion.Ts.ShouldBeGreaterThanOrEqualTo(response.Ts!.Value);
    }

    [Fact]
    public async Task a_query_that_reads_its_caller_is_shared_only_within_an_identity_and_one_that_does_not_by_everyone()
    {
        await using var server = await TestServer.StartAsync(Database, new Dictionary<string, string?> { ["Auth:AdminKey"] = "test-admin-key" });
        await using var admin = await SyncClient.ConnectAsync(server.SyncUrl());
        await admin.SendAsync(new Authenticate(AuthTokenType.Admin, "test-admin-key", 0));
        (await admin.ReceiveAsync<Transition>()).EndVersion.Identity.ShouldBe(1);
        await using var anonymous = await SyncClient.ConnectAsync(server.SyncUrl());
        await using var another = await SyncClient.ConnectAsync(server.SyncUrl());

        foreach (var client in new[] { admin, anonymous, another })
        {
            await client.SubscribeAsync(0, "demo:whoAmI");
            await client.SubscribeAsync(1, "demo:get", new { name = "everyone" });
        }

        async Task<Dictionary<int, ConvexValue>> ResultsAsync(SyncClient client)
        {
            var results = new Dictionary<int, ConvexValue>();
            while (results.Count < 2)
            {
                foreach (var updated in (await client.ReceiveAsync<Transition>()).Modifications.OfType<Transition.QueryUpdated>())
                {
                    results[updated.QueryId] = updated.Value;
                }
            }

            return results;
        }

        (await ResultsAsync(admin))[0].ShouldBe(new ConvexString("admin"));
        (await ResultsAsync(anonymous))[0].ShouldBe(new ConvexString("anonymous"));
        (await ResultsAsync(another))[0].ShouldBe(new ConvexString("anonymous"));
        // Kept: demo:whoAmI once per identity (admin, anonymous), demo:get once for everyone. Identities that
        // subscribed at the same moment may each run a query once before it is known not to read its caller.
        server.Live.CachedResults.ShouldBe(3);
        server.Live.Executions.ShouldBeLessThanOrEqualTo(6);
    }

    [Fact]
    public async Task a_wrong_admin_key_is_refused()
    {
        await using var server = await TestServer.StartAsync(Database, new Dictionary<string, string?> { ["Auth:AdminKey"] = "test-admin-key" });
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());

        await client.SendAsync(new Authenticate(AuthTokenType.Admin, "guess", 0));

        (await client.ReceiveAsync<AuthError>()).Error.ShouldBe("The admin key is not valid.");
    }

    [Fact]
    public async Task recorded_mutation_results_older_than_an_hour_are_deleted()
    {
        await using (var db = Database.Open())
        {
            db.MutationResults.Add(new MutationRecord { SessionId = "old", RequestId = 1, Result = "1", LogLines = "[]", CreatedAt = DateTimeOffset.UtcNow.AddHours(-2) });
            db.MutationResults.Add(new MutationRecord { SessionId = "recent", RequestId = 1, Result = "1", LogLines = "[]", CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-5) });
            await db.SaveChangesAsync();
        }

        await using var server = await TestServer.StartAsync(Database);

        var kept = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            await using var db = Database.Open();
            kept = await db.MutationResults.Select(m => m.SessionId).ToListAsync();
            if (kept.Count == 1)
            {
                break;
            }

            await Task.Delay(100);
        }

        kept.ShouldBe(["recent"]);
    }

    private static async Task<ConvexValue> ValueOfFirstUpdate(SyncSession session)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await session.NextFramesAsync(timeout.Token) is { } frames)
        {
            foreach (var frame in frames)
            {
                if (SyncJson.ParseServer(frame) is Transition { Modifications: [Transition.QueryUpdated updated, ..] })
                {
                    return updated.Value;
                }
            }
        }

        throw new ShouldAssertException("the session closed before a result arrived");
    }
}
