using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Poktapok.Server.Http;

/// <summary>Request shaping every API route needs: tolerant paths and Convex's CORS rules.</summary>
public static class ApiMiddleware
{
    /// <summary>
    /// <c>//api/query</c> is <c>/api/query</c>: clients configured with a trailing slash on the deployment URL
    /// send a double slash, and Convex's backend accepts it.
    /// </summary>
    public static IApplicationBuilder UseTolerantPaths(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            var path = http.Request.Path.Value;
            if (path is { Length: > 1 } && path.StartsWith("//", StringComparison.Ordinal))
            {
                http.Request.Path = "/" + path.TrimStart('/');
            }

            return next(http);
        });

    /// <summary>
    /// CORS as Convex's backend answers it: the request's Origin is mirrored, with credentials; a preflight
    /// mirrors the requested headers and is cached for a day. Browsers call the API cross-origin with a JSON
    /// body and the <c>Convex-Client</c> header, so every API request is preflighted.
    /// </summary>
    public static IApplicationBuilder UseConvexCors(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var origin = http.Request.Headers.Origin.ToString();
            if (origin.Length == 0 || !http.Request.Path.StartsWithSegments("/api"))
            {
                await next(http);
                return;
            }

            var headers = http.Response.Headers;
            headers.AccessControlAllowOrigin = origin;
            headers.AccessControlAllowCredentials = "true";
            headers.Vary = "Origin";
            if (HttpMethods.IsOptions(http.Request.Method) && http.Request.Headers.AccessControlRequestMethod.Count > 0)
            {
                headers.AccessControlAllowMethods = "GET, POST, OPTIONS, PATCH, DELETE, PUT";
                headers.AccessControlAllowHeaders = http.Request.Headers.AccessControlRequestHeaders.ToString() is { Length: > 0 } requested
                    ? requested
                    : "*";
                headers.AccessControlMaxAge = "86400";
                http.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }

            await next(http);
        });
}
