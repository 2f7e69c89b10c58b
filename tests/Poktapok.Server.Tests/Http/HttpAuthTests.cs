using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Http;

/// <summary>Credentials on the HTTP API: the admin key (and acting as a user), bearer tokens, and their refusals.</summary>
public sealed class HttpAuthTests : DatabaseTest
{
    private static readonly Dictionary<string, string?> s_adminKey = new() { ["Auth:AdminKey"] = "op-key" };

    private static async Task<(int Status, JsonNode? Body)> QueryAsync(TestServer server, string path, string? authorization, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/query")
        {
            Content = new StringContent($$"""{"path":"{{path}}","args":[{}]}""", Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    [Fact]
    public async Task the_admin_key_calls_internal_functions_and_without_it_they_do_not_exist()
    {
        await using var server = await TestServer.StartAsync(Database, s_adminKey);

        var (status, body) = await QueryAsync(server, "demo:ping", "Convex op-key");
        status.ShouldBe(200);
        body!["value"]!.GetValue<string>().ShouldBe("pong");

        (_, body) = await QueryAsync(server, "demo:ping", null);
        body!["errorMessage"]!.GetValue<string>().ShouldBe("Could not find public function for 'demo:ping'.");
    }

    [Theory]
    [InlineData("Convex wrong-key", "The admin key is not valid.")]
    [InlineData("Bearer not.a.token", "No auth provider found matching the given token: no providers are configured.")]
    [InlineData("Basic dXNlcjpwYXNz", "The Authorization header must be \"Bearer <token>\" or \"Convex <admin key>\".")]
    [InlineData("Convex op-key:not-base64!", "The acting-as identity must be base64 of a JSON object with subject and issuer.")]
    public async Task a_refused_credential_is_a_401_not_an_anonymous_call(string authorization, string message)
    {
        await using var server = await TestServer.StartAsync(Database, s_adminKey);

        var (status, body) = await QueryAsync(server, "demo:get", authorization);

        status.ShouldBe(401);
        body!["code"]!.GetValue<string>().ShouldBe("InvalidAuthHeader");
        body["message"]!.GetValue<string>().ShouldBe(message);
    }

    [Fact]
    public async Task the_admin_key_is_refused_from_a_browser_unless_configured()
    {
        await using (var strict = await TestServer.StartAsync(Database, s_adminKey))
        {
            (await QueryAsync(strict, "demo:ping", "Convex op-key", origin: "https://dashboard.example")).Status.ShouldBe(401);
        }

        var allowing = new Dictionary<string, string?>(s_adminKey) { ["Auth:AdminKeyFromBrowsers"] = "true" };
        await using var lenient = await TestServer.StartAsync(Database, allowing);
        (await QueryAsync(lenient, "demo:ping", "Convex op-key", origin: "https://dashboard.example")).Status.ShouldBe(200);
    }

    [Fact]
    public async Task an_operator_can_act_as_a_user()
    {
        await using var server = await TestServer.StartAsync(Database, s_adminKey);
        var identity = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"subject":"did:privy:abc","issuer":"privy.io"}"""));

        var (status, body) = await QueryAsync(server, "demo:whoAmI", $"Convex op-key:{identity}");

        status.ShouldBe(200);
        body!["value"]!.GetValue<string>().ShouldBe("privy.io|did:privy:abc");
    }
}
