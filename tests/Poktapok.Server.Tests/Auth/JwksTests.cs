using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Poktapok.Engine.Auth;
using Poktapok.Protocol.Sync;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Auth;

/// <summary>
/// Keys from a JWKS URL, served by a real HTTP server on 127.0.0.1: fetched once, refetched for a new <c>kid</c>
/// (rotation) or on schedule, at most once per <see cref="JwksOptions.MinRefetchInterval"/>, and a host that is down
/// or answers nonsense is a refusal, not a crash.
/// </summary>
public sealed class JwksTests : IAsyncLifetime
{
    private const string Issuer = "https://issuer.example";
    private const string Audience = "jwks-app";
    private static readonly DateTimeOffset s_start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ManualClock _clock = new(s_start);
    private readonly HttpClient _http = new();
    private readonly Dictionary<string, ECDsa> _keys = [];
    private WebApplication _server = null!;
    private int _requests;

    /// <summary>The kids the server publishes now.</summary>
    private volatile string[] _published = [];

    /// <summary>What the server answers instead of the key set, when set.</summary>
    private volatile Func<HttpContext, Task>? _fault;

    private string JwksUrl => $"{_server.Urls.First()}/jwks.json";

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapGet("/jwks.json", async http =>
        {
            Interlocked.Increment(ref _requests);
            if (_fault is { } fault)
            {
                await fault(http);
                return;
            }

            await http.Response.WriteAsJsonAsync(new { keys = _published.Select(Jwk).ToArray() });
        });
        await _server.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
        _http.Dispose();
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }

    private ECDsa Key(string kid)
    {
        if (!_keys.TryGetValue(kid, out var key))
        {
            _keys[kid] = key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        }

        return key;
    }

    private object Jwk(string kid)
    {
        var q = Key(kid).ExportParameters(false).Q;
        return new { kty = "EC", crv = "P-256", x = Base64UrlEncoder.Encode(q.X), y = Base64UrlEncoder.Encode(q.Y), kid, use = "sig", alg = "ES256" };
    }

    private string Token(string kid, string subject = "did:privy:jwks-user")
    {
        var payload = JsonSerializer.Serialize(new
        {
            iss = Issuer,
            aud = Audience,
            sub = subject,
            sid = "s1",
            iat = _clock.Now.ToUnixTimeSeconds(),
            exp = _clock.Now.AddHours(1).ToUnixTimeSeconds(),
        });
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(payload,
            new SigningCredentials(new ECDsaSecurityKey(Key(kid)) { KeyId = kid }, SecurityAlgorithms.EcdsaSha256));
    }

    private JwtTokenVerifier Verifier(string? url = null, JwksOptions? options = null) => new(
        [new JwtProvider { Name = "Auth:Providers:0", Issuer = Issuer, Audience = Audience, JwksUrl = url ?? JwksUrl }],
        _http, time: _clock, jwks: options);

    private static Task<Engine.Functions.Caller> VerifyAsync(JwtTokenVerifier verifier, string token) =>
        verifier.VerifyAsync(AuthTokenType.User, token, CancellationToken.None);

    private static async Task<string> RefusalAsync(JwtTokenVerifier verifier, string token) =>
        (await Should.ThrowAsync<AuthenticationException>(() => VerifyAsync(verifier, token))).Message;

    [Fact]
    public async Task a_token_with_a_published_kid_is_verified_with_one_fetch()
    {
        _published = ["k1"];
        var verifier = Verifier();

        for (var i = 0; i < 5; i++)
        {
            (await VerifyAsync(verifier, Token("k1"))).Identity!.TokenIdentifier.ShouldBe($"{Issuer}|did:privy:jwks-user");
        }

        _requests.ShouldBe(1);
    }

    [Fact]
    public async Task a_rotated_key_is_fetched_when_a_token_names_it_and_the_removed_key_stops_working()
    {
        _published = ["k1"];
        var verifier = Verifier();
        await VerifyAsync(verifier, Token("k1"));

        _published = ["k2"];
        _clock.Now += TimeSpan.FromSeconds(31);
        var rotated = await VerifyAsync(verifier, Token("k2", "did:privy:after-rotation"));

        rotated.Identity!.Subject.ShouldBe("did:privy:after-rotation");
        _requests.ShouldBe(2);
        (await RefusalAsync(verifier, Token("k1"))).ShouldBe("Token signature is invalid: no signing key with kid 'k1' verifies it.");
        _requests.ShouldBe(2, "k1 was just missing from a fresh fetch: no new fetch inside the window");
    }

    [Fact]
    public async Task a_flood_of_unknown_kids_fetches_at_most_once_per_window()
    {
        _published = ["k1"];
        var verifier = Verifier();
        await VerifyAsync(verifier, Token("k1"));

        for (var window = 1; window <= 3; window++)
        {
            _clock.Now += TimeSpan.FromSeconds(30);
            var refusals = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => RefusalAsync(verifier, Token($"bogus-{window}-{i}"))));

            refusals.ShouldAllBe(m => m.StartsWith("Token signature is invalid: no signing key with kid 'bogus-", StringComparison.Ordinal));
            _requests.ShouldBe(1 + window);
        }

        (await VerifyAsync(verifier, Token("k1"))).Identity.ShouldNotBeNull();
        _requests.ShouldBe(4);
    }

    [Fact]
    public async Task a_new_kid_inside_the_window_waits_for_the_window_to_pass()
    {
        _published = ["k1"];
        var verifier = Verifier();
        await VerifyAsync(verifier, Token("k1"));
        _published = ["k1", "k2"];

        (await RefusalAsync(verifier, Token("k2"))).ShouldStartWith("Token signature is invalid");
        _clock.Now += TimeSpan.FromSeconds(30);
        (await VerifyAsync(verifier, Token("k2"))).Identity.ShouldNotBeNull();

        _requests.ShouldBe(2);
    }

    [Fact]
    public async Task the_key_set_is_fetched_again_on_schedule_and_kept_when_the_host_fails()
    {
        _published = ["k1"];
        var verifier = Verifier();
        await VerifyAsync(verifier, Token("k1"));

        _clock.Now += TimeSpan.FromMinutes(59);
        await VerifyAsync(verifier, Token("k1"));
        _requests.ShouldBe(1);

        _clock.Now += TimeSpan.FromMinutes(2);
        await VerifyAsync(verifier, Token("k1"));
        _requests.ShouldBe(2, "an hour after the last fetch");

        _fault = http =>
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        };
        _clock.Now += TimeSpan.FromHours(2);
        (await VerifyAsync(verifier, Token("k1"))).Identity.ShouldNotBeNull("a failed refresh keeps the keys it had");
        await VerifyAsync(verifier, Token("k1"));
        _requests.ShouldBe(3, "a failed fetch is not retried inside the window");
    }

    [Fact]
    public async Task a_jwks_host_that_is_down_is_a_clear_refusal_retried_after_the_window()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var verifier = Verifier($"http://127.0.0.1:{port}/jwks.json");

        var first = await RefusalAsync(verifier, Token("k1"));
        var second = await RefusalAsync(verifier, Token("k1"));

        first.ShouldBe($"Could not get the signing keys for issuer '{Issuer}' to verify the token; try again later.");
        second.ShouldBe(first);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("html")]
    [InlineData("garbage")]
    [InlineData("empty")]
    [InlineData("hmac-only")]
    [InlineData("slow")]
    public async Task a_jwks_host_answering_nonsense_is_a_refusal(string fault)
    {
        _fault = fault switch
        {
            "status" => http =>
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            },
            "html" => http => http.Response.WriteAsync("<html>login</html>"),
            "garbage" => http =>
            {
                http.Response.ContentType = "application/json";
                return http.Response.WriteAsync("{not json");
            },
            "empty" => http => http.Response.WriteAsJsonAsync(new { keys = Array.Empty<object>() }),
            "hmac-only" => http => http.Response.WriteAsJsonAsync(new { keys = new[] { new { kty = "oct", k = "c2VjcmV0", kid = "k1" } } }),
            _ => async http =>
            {
                await Task.Delay(TimeSpan.FromSeconds(10), http.RequestAborted);
            },
        };
        var verifier = Verifier(options: new JwksOptions { FetchTimeout = TimeSpan.FromMilliseconds(300) });

        var message = await RefusalAsync(verifier, Token("k1"));

        message.ShouldBe($"Could not get the signing keys for issuer '{Issuer}' to verify the token; try again later.");
        _requests.ShouldBe(1);
    }

    [Fact]
    public async Task concurrent_first_tokens_share_one_fetch()
    {
        _published = ["k1"];
        var verifier = Verifier();

        var callers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => VerifyAsync(verifier, Token("k1"))));

        callers.ShouldAllBe(c => c.Identity != null);
        _requests.ShouldBe(1);
    }
}
