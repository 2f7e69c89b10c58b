using Poktapok.Protocol.Sync;
using Poktapok.Protocol.Values;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Sync;

/// <summary>Real tokens on the sync socket: confirmation, results that follow the identity, and expiry.</summary>
public sealed class SyncAuthTests : DatabaseTest, IDisposable
{
    private readonly DevAuthKey _dev = new();

    public void Dispose() => _dev.Dispose();

    private Task<TestServer> StartAsync() => TestServer.StartAsync(Database, _dev.Settings);

    [Fact]
    public async Task an_accepted_token_bumps_the_identity_and_reruns_queries_that_read_the_caller()
    {
        await using var server = await StartAsync();
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());
        await client.SubscribeAsync(0, "demo:whoAmI");
        (await client.ReceiveAsync<Transition>()).Modifications.OfType<Transition.QueryUpdated>().Single().Value
            .ShouldBe(new ConvexString("anonymous"));

        await client.SendAsync(new Authenticate(AuthTokenType.User, _dev.Mint("did:privy:alice", TimeSpan.FromHours(1)), 0));

        var confirmed = await client.ReceiveAsync<Transition>();
        confirmed.EndVersion.Identity.ShouldBe(1);
        confirmed.Modifications.OfType<Transition.QueryUpdated>().Single().Value.ShouldBe(new ConvexString("poktapok-dev|did:privy:alice"));

        await client.SendAsync(new Authenticate(AuthTokenType.User, _dev.Mint("did:privy:bob", TimeSpan.FromHours(1)), 1));
        var switched = await client.ReceiveAsync<Transition>();
        switched.EndVersion.Identity.ShouldBe(2);
        switched.Modifications.OfType<Transition.QueryUpdated>().Single().Value.ShouldBe(new ConvexString("poktapok-dev|did:privy:bob"));
    }

    [Fact]
    public async Task when_the_token_expires_the_client_is_told_with_an_auth_error_that_was_not_an_update()
    {
        await using var server = await StartAsync();
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());

        await client.SendAsync(new Authenticate(AuthTokenType.User, _dev.Mint("did:privy:short", TimeSpan.FromSeconds(2)), 0));
        (await client.ReceiveAsync<Transition>()).EndVersion.Identity.ShouldBe(1);

        var expired = await client.ReceiveAsync<AuthError>(TimeSpan.FromSeconds(15));
        expired.AuthUpdateAttempted.ShouldBeFalse();
        expired.BaseVersion.ShouldBe(1);
        await client.ReceiveCloseAsync();
    }

    [Fact]
    public async Task a_token_signed_by_another_key_is_refused()
    {
        await using var server = await StartAsync();
        using var forger = _dev.Other();
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl());

        await client.SendAsync(new Authenticate(AuthTokenType.User, forger.Mint("did:privy:mallory", TimeSpan.FromHours(1)), 0));

        var refused = await client.ReceiveAsync<AuthError>();
        refused.AuthUpdateAttempted.ShouldBeTrue();
        refused.BaseVersion.ShouldBe(0);
    }
}
