using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Poktapok.App.Access;
using Poktapok.App.Data;
using Poktapok.Engine.Functions;
using Poktapok.Protocol.Values;

namespace Poktapok.Server.Http;

/// <summary>
/// The kept legacy route <c>POST /api/luma/sync-calendar</c> (FUNCTIONS.md §4), now admin only (fixes S1): runs
/// <c>luma/sync:syncCalendar</c> with trigger <c>http</c> as the caller (a Privy token of an active admin, as a
/// Bearer header or the same-origin <c>privy-token</c> cookie, or the admin key) and answers in the legacy envelope:
/// 200 with the run's summary; 400 <c>VALIDATION_ERROR</c>, 401 <c>UNAUTHORIZED</c>, 403 <c>FORBIDDEN</c>,
/// 409 <c>SYNC_IN_PROGRESS</c>, 429 <c>RATE_LIMITED</c> (with <c>Retry-After</c>; the admin's <c>luma</c> bucket, ADR-007),
/// 502 <c>LUMA_FETCH_FAILED</c>.
/// </summary>
public static class LumaRoute
{
    public const string Path = "/api/luma/sync-calendar";

    public static IEndpointRouteBuilder MapLumaRoute(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Path, SyncAsync);
        return routes;
    }

    private static async Task SyncAsync(HttpContext http, FunctionRunner<AppDb> runner)
    {
        Caller caller;
        try
        {
            caller = await Callers.FromAsync(http, acceptCookie: true);
        }
        catch (ApiRequestException e)
        {
            await LegacyEnvelope.WriteAsync(http, StatusCodes.Status401Unauthorized, LegacyEnvelope.Failure(e.Message, "UNAUTHORIZED"));
            return;
        }

        if (await CalendarSlugAsync(http) is not { } body)
        {
            await LegacyEnvelope.WriteAsync(http, StatusCodes.Status400BadRequest,
                LegacyEnvelope.Failure("The body must be a JSON object {\"calendarSlug\"?: string}.", "VALIDATION_ERROR"));
            return;
        }

        var args = new Dictionary<string, object?> { ["trigger"] = "http" };
        if (body.Slug is { } slug)
        {
            args["calendarSlug"] = slug;
        }

        var outcome = await runner.RunAsync("luma/sync:syncCalendar", runner.Values.ToConvex(args), caller, FunctionKind.Action,
            http.RequestAborted, fromServer: true);
        if (outcome.Success)
        {
            var data = JsonNode.Parse(ConvexJson.Serialize(outcome.Value!, ConvexJsonFormat.Json))!;
            await LegacyEnvelope.WriteAsync(http, StatusCodes.Status200OK, LegacyEnvelope.Success(data));
            return;
        }

        var error = outcome.ErrorData is { } errorData ? JsonNode.Parse(ConvexJson.Serialize(errorData, ConvexJsonFormat.Json)) : null;
        var (status, code) = (error?["code"]?.GetValue<string>(), error?["reason"]?.GetValue<string>()) switch
        {
            (AppErrorCodes.Unauthenticated, _) => (StatusCodes.Status401Unauthorized, "UNAUTHORIZED"),
            (AppErrorCodes.Forbidden, _) => (StatusCodes.Status403Forbidden, "FORBIDDEN"),
            (AppErrorCodes.Conflict, _) => (StatusCodes.Status409Conflict, Reasons.SyncInProgress),
            (AppErrorCodes.RateLimited, _) => (StatusCodes.Status429TooManyRequests, AppErrorCodes.RateLimited),
            (AppErrorCodes.UpstreamError, _) => (StatusCodes.Status502BadGateway, Reasons.LumaFetchFailed),
            (AppErrorCodes.InvalidArgument, _) => (StatusCodes.Status400BadRequest, "VALIDATION_ERROR"),
            (null, _) when outcome.ErrorMessage!.Contains("ArgumentValidationError", StringComparison.Ordinal)
                => (StatusCodes.Status400BadRequest, "VALIDATION_ERROR"),
            _ => (StatusCodes.Status500InternalServerError, "SYNC_ERROR"),
        };
        var message = status == StatusCodes.Status500InternalServerError ? "Failed to sync calendar" : outcome.ErrorMessage!;
        if (error?["details"]?["retryAfterMs"]?.GetValue<double>() is { } retryAfterMs)
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(retryAfterMs / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await LegacyEnvelope.WriteAsync(http, status, LegacyEnvelope.Failure(message, code));
    }

    // The optional calendar slug of the body (an empty body means the configured calendar); null when the body is not such an object.
    private static async Task<SlugBody?> CalendarSlugAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(http.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new SlugBody(null);
        }

        try
        {
            return JsonNode.Parse(text) switch
            {
                JsonObject o when o["calendarSlug"] is null => new SlugBody(null),
                JsonObject o when o["calendarSlug"] is JsonValue v && v.TryGetValue<string>(out var slug) => new SlugBody(slug),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record SlugBody(string? Slug);
}
