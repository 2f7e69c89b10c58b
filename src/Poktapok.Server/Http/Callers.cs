using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Poktapok.Engine.Auth;
using Poktapok.Engine.Functions;
using Poktapok.Protocol.Sync;

namespace Poktapok.Server.Http;

/// <summary>
/// Who is calling over HTTP, as Convex's backend reads it (PROTOCOL.md §5.4):
/// <list type="bullet">
/// <item><c>Authorization: Bearer &lt;token&gt;</c>: a user token, verified by the configured providers;</item>
/// <item><c>Authorization: Convex &lt;admin key&gt;[:&lt;base64 JSON identity&gt;]</c>: an operator, acting as admin
/// (optionally as a user). Refused from browsers (a request with an <c>Origin</c>) unless
/// <c>Auth:AdminKeyFromBrowsers</c> is true;</item>
/// <item>on the app's own HTTP routes only, the <c>privy-token</c> cookie, when the request is same-origin (no
/// <c>Origin</c> header, or the server's own): a cross-site page cannot act with a member's cookie;</item>
/// <item>nothing: anonymous.</item>
/// </list>
/// A credential that is present but refused is a 401 <c>InvalidAuthHeader</c>, never a silent anonymous call.
/// The caller's <see cref="Caller.Connection"/> is the client's address (<c>http:&lt;ip&gt;</c>): each HTTP request
/// stands alone and a new TCP connection costs nothing, so the address is what rate limits count anonymous HTTP
/// callers by (ADR-007). Behind a reverse proxy, configure forwarded headers so that it is the client's.
/// </summary>
internal static class Callers
{
    public const string PrivyCookie = "privy-token";

    public static async Task<Caller> FromAsync(HttpContext http, bool acceptCookie = false) =>
        await VerifyAsync(http, acceptCookie) with { Connection = ConnectionOf(http) };

    /// <summary>The rate-limit connection of an HTTP request: its client's address.</summary>
    public static string ConnectionOf(HttpContext http) => "http:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static async Task<Caller> VerifyAsync(HttpContext http, bool acceptCookie)
    {
        var verifier = http.RequestServices.GetRequiredService<ITokenVerifier>();
        var header = http.Request.Headers.Authorization.ToString();
        try
        {
            if (header.Length > 0)
            {
                return await FromHeaderAsync(http, verifier, header.Trim());
            }

            if (acceptCookie && http.Request.Cookies.TryGetValue(PrivyCookie, out var cookie) && cookie.Length > 0 && IsSameOrigin(http))
            {
                return await verifier.VerifyAsync(AuthTokenType.User, cookie, http.RequestAborted);
            }

            return Caller.Anonymous;
        }
        catch (AuthenticationException e)
        {
            throw new ApiRequestException(StatusCodes.Status401Unauthorized, "InvalidAuthHeader", e.Message);
        }
    }

    private static async Task<Caller> FromHeaderAsync(HttpContext http, ITokenVerifier verifier, string header)
    {
        if (header.StartsWith("Convex ", StringComparison.OrdinalIgnoreCase))
        {
            if (http.Request.Headers.Origin.Count > 0
                && !http.RequestServices.GetRequiredService<IConfiguration>().GetValue("Auth:AdminKeyFromBrowsers", false))
            {
                throw new AuthenticationException("The admin key is not accepted from browsers.");
            }

            var value = header["Convex ".Length..].Trim();
            var separator = value.IndexOf(':', StringComparison.Ordinal);
            var key = separator < 0 ? value : value[..separator];
            var admin = await verifier.VerifyAsync(AuthTokenType.Admin, key, http.RequestAborted);
            return separator < 0 ? admin : admin with { Identity = ActingAs(value[(separator + 1)..]) };
        }

        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > "Bearer ".Length)
        {
            return await verifier.VerifyAsync(AuthTokenType.User, header["Bearer ".Length..].Trim(), http.RequestAborted);
        }

        throw new AuthenticationException("The Authorization header must be \"Bearer <token>\" or \"Convex <admin key>\".");
    }

    // setAdminAuth(key, {subject, issuer, …}): the operator calls functions as that user.
    private static Identity ActingAs(string base64)
    {
        try
        {
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64)));
            var root = json.RootElement;
            var subject = root.GetProperty("subject").GetString();
            var issuer = root.GetProperty("issuer").GetString();
            if (string.IsNullOrEmpty(subject) || string.IsNullOrEmpty(issuer))
            {
                throw new AuthenticationException("The acting-as identity needs a subject and an issuer.");
            }

            var claims = root.EnumerateObject()
                .Where(p => p.Name is not ("subject" or "issuer" or "tokenIdentifier"))
                .ToDictionary(p => p.Name, p => (object?)p.Value.ToString());
            return new Identity(subject, issuer, claims);
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new AuthenticationException("The acting-as identity must be base64 of a JSON object with subject and issuer.");
        }
    }

    private static bool IsSameOrigin(HttpContext http)
    {
        var origin = http.Request.Headers.Origin.ToString();
        return origin.Length == 0
               || (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                   && string.Equals(uri.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase)
                   && string.Equals(uri.Scheme, http.Request.Scheme, StringComparison.OrdinalIgnoreCase));
    }
}
