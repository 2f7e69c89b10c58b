using System.Text;
using System.Text.Json.Nodes;
using Poktapok.Engine.Auth;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Auth;

/// <summary>The configured verifier in the running server: a dev token identifies its caller over HTTP.</summary>
public sealed class DevTokenServerTests : DatabaseTest, IDisposable
{
    private readonly DevAuthKey _dev = new();

    public void Dispose() => _dev.Dispose();

    private static async Task<(int Status, JsonNode? Body)> WhoAmIAsync(TestServer server, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/query")
        {
            Content = new StringContent("""{"path":"demo:whoAmI","args":[{}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        using var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    [Fact]
    public async Task a_dev_token_identifies_its_caller_and_an_expired_one_is_a_401()
    {
        await using var server = await TestServer.StartAsync(Database,
            _dev.Settings);

        var (status, body) = await WhoAmIAsync(server, _dev.Mint("did:privy:server-user", TimeSpan.FromHours(1)));
        var (expiredStatus, expired) = await WhoAmIAsync(server,
            _dev.Mint("did:privy:server-user", TimeSpan.FromHours(1), now: DateTimeOffset.UtcNow.AddHours(-2)));

        status.ShouldBe(200, body?.ToJsonString());
        body!["value"]!.GetValue<string>().ShouldBe("poktapok-dev|did:privy:server-user");
        expiredStatus.ShouldBe(401);
        expired!["message"]!.GetValue<string>().ShouldStartWith("Token expired");
    }

    [Fact]
    public async Task without_dev_auth_a_dev_token_matches_no_provider()
    {
        await using var server = await TestServer.StartAsync(Database);

        var (status, body) = await WhoAmIAsync(server, _dev.Mint("did:privy:server-user", TimeSpan.FromHours(1)));

        status.ShouldBe(401);
        body!["message"]!.GetValue<string>().ShouldStartWith("No auth provider found matching the given token");
    }
}
