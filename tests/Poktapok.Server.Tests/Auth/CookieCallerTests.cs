using Microsoft.AspNetCore.Http;
using Poktapok.Engine.Auth;
using Poktapok.Server.Http;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Auth;

/// <summary>
/// The <c>privy-token</c> cookie identifies a caller on the app's own HTTP routes, only same-origin: a page on another
/// site cannot act with a member's cookie. Exercised on the server's own caller resolution with its configured
/// verifier and a real dev token.
/// </summary>
public sealed class CookieCallerTests : DatabaseTest, IDisposable
{
    private readonly DevAuthKey _dev = new();

    public void Dispose() => _dev.Dispose();

    private static HttpContext Request(TestServer server, string? cookie, string? origin, string? authorization = null)
    {
        var http = new DefaultHttpContext { RequestServices = server.Services };
        http.Request.Scheme = "http";
        http.Request.Host = new HostString(server.Url.Authority);
        if (cookie is not null)
        {
            http.Request.Headers.Cookie = $"{Callers.PrivyCookie}={cookie}";
        }

        if (origin is not null)
        {
            http.Request.Headers.Origin = origin;
        }

        if (authorization is not null)
        {
            http.Request.Headers.Authorization = authorization;
        }

        return http;
    }

    [Fact]
    public async Task the_cookie_identifies_a_same_origin_caller_on_app_routes_only()
    {
        await using var server = await TestServer.StartAsync(Database,
            _dev.Settings);
        var token = _dev.Mint("did:privy:cookie", TimeSpan.FromHours(1));

        (await Callers.FromAsync(Request(server, token, origin: null), acceptCookie: true)).Identity!.Subject.ShouldBe("did:privy:cookie");
        (await Callers.FromAsync(Request(server, token, origin: $"http://{server.Url.Authority}"), acceptCookie: true)).Identity.ShouldNotBeNull();
        (await Callers.FromAsync(Request(server, token, origin: "https://evil.example"), acceptCookie: true)).Identity
            .ShouldBeNull("a cross-site request is anonymous");
        (await Callers.FromAsync(Request(server, token, origin: null), acceptCookie: false)).Identity
            .ShouldBeNull("the Convex HTTP API does not read cookies");
    }

    [Fact]
    public async Task a_bad_cookie_is_refused_and_a_header_wins_over_the_cookie()
    {
        await using var server = await TestServer.StartAsync(Database,
            _dev.Settings);

        var refused = await Should.ThrowAsync<ApiRequestException>(() => Callers.FromAsync(Request(server, "not-a-token", null), acceptCookie: true));
        refused.Status.ShouldBe(401);
        var header = await Callers.FromAsync(
            Request(server, _dev.Mint("did:privy:from-cookie", TimeSpan.FromHours(1)), null, "Bearer " + _dev.Mint("did:privy:from-header", TimeSpan.FromHours(1))),
            acceptCookie: true);
        header.Identity!.Subject.ShouldBe("did:privy:from-header");
    }
}
