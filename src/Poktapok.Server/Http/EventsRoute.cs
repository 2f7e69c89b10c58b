using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Poktapok.App.Data;
using Poktapok.Engine.Functions;
using Poktapok.Protocol.Values;

namespace Poktapok.Server.Http;

/// <summary>
/// The kept legacy route <c>GET /api/events</c> (FUNCTIONS.md §4, LEGACY.md §3.11): the published events of
/// <c>events:listPublished</c>, run as an anonymous caller, in the legacy envelope
/// <c>{success: true, data: {events}}</c> with the legacy row shape: <c>id</c> instead of <c>_id</c>, no
/// <c>_creationTime</c>, camelCase columns, timestamps as ISO-8601 strings. Unlike legacy it never starts a Luma
/// sync (S3), and the status is the stored one (which includes <c>live</c> and <c>cancelled</c>).
/// </summary>
public static class EventsRoute
{
    public const string Path = "/api/events";

    /// <summary>How long browsers and CDNs may keep the list: it changes at most every few minutes.</summary>
    public const string CacheControl = "public, max-age=60";

    // The columns that are timestamps in the legacy row (ms in the function's documents).
    private static readonly string[] s_instants = ["startDate", "endDate", "createdAt", "updatedAt"];
    private static readonly string[] s_statuses = ["upcoming", "live", "past", "all"];

    public static IEndpointRouteBuilder MapEventsRoute(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, ListAsync);
        return routes;
    }

    private static async Task ListAsync(HttpContext http, FunctionRunner<AppDb> runner)
    {
        Dictionary<string, object?> args;
        try
        {
            args = ArgsOf(http.Request.Query);
        }
        catch (BadQueryException e)
        {
            await LegacyEnvelope.WriteAsync(http, StatusCodes.Status400BadRequest, LegacyEnvelope.Failure(e.Message, "VALIDATION_ERROR"));
            return;
        }

        var outcome = await runner.RunAsync("events:listPublished", runner.Values.ToConvex(args), Caller.Anonymous, FunctionKind.Query,
            http.RequestAborted);
        if (!outcome.Success)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Poktapok.EventsRoute")
                .LogWarning("GET {Path} failed: {Message}", Path, outcome.ErrorMessage);
            await LegacyEnvelope.WriteAsync(http, StatusCodes.Status500InternalServerError, LegacyEnvelope.Failure("Failed to fetch events", "FETCH_ERROR"));
            return;
        }

        var events = new JsonArray();
        foreach (var row in JsonNode.Parse(ConvexJson.Serialize(outcome.Value!, ConvexJsonFormat.Json))!.AsArray())
        {
            events.Add(LegacyRow(row!.AsObject()));
        }

        http.Response.Headers.CacheControl = CacheControl;
        await LegacyEnvelope.WriteAsync(http, StatusCodes.Status200OK, LegacyEnvelope.Success(new JsonObject { ["events"] = events }));
    }

    // The function's arguments from the query string (empty values count as absent); BadQueryException for a bad one.
    private static Dictionary<string, object?> ArgsOf(IQueryCollection query)
    {
        var args = new Dictionary<string, object?>();
        string? problem = null;
        if (Single(query, "status") is { } status)
        {
            if (s_statuses.Contains(status))
            {
                args["status"] = status;
            }
            else
            {
                problem = "status must be one of upcoming, live, past, all";
            }
        }

        if (Single(query, "featured") is { } featured)
        {
            if (featured is "true" or "false")
            {
                args["featured"] = featured == "true";
            }
            else
            {
                problem = "featured must be true or false";
            }
        }

        if (Single(query, "limit") is { } limit)
        {
            if (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 100)
            {
                args["limit"] = n;
            }
            else
            {
                problem = "limit must be a whole number from 1 to 100";
            }
        }

        return problem is null ? args : throw new BadQueryException(problem);
    }

    // One value of a parameter; a repeated parameter is an error.
    private static string? Single(IQueryCollection query, string name) => query[name].Count switch
    {
        0 => null,
        1 => query[name][0] is { Length: > 0 } value ? value : null,
        _ => throw new BadQueryException($"{name} must be given once"),
    };

    // {_id, _creationTime, …, startDate: ms} → {id, …, startDate: "2026-03-14T15:09:26.535Z"}.
    private static JsonObject LegacyRow(JsonObject document)
    {
        var row = new JsonObject { ["id"] = document["_id"]?.DeepClone() };
        foreach (var (key, value) in document)
        {
            if (key is "_id" or "_creationTime")
            {
                continue;
            }

            row[key] = s_instants.Contains(key) && value is JsonValue ms && ms.TryGetValue<double>(out var millis)
                ? DateTimeOffset.UnixEpoch.AddTicks((long)Math.Floor(millis) * TimeSpan.TicksPerMillisecond)
                    .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
                : value?.DeepClone();
        }

        return row;
    }

    /// <summary>A query parameter the route does not accept: answered 400 <c>VALIDATION_ERROR</c>.</summary>
    private sealed class BadQueryException(string message) : Exception(message);
}
