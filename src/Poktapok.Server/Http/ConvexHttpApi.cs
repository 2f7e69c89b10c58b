using System.Text.Json;
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
/// The Convex HTTP API (PROTOCOL.md §5), as <c>ConvexHttpClient</c> and curl users call it. A function that
/// ran and failed is HTTP 200 with <c>status: "error"</c>; a request refused before any function ran is 4xx
/// with <c>{code, message}</c>.
/// </summary>
public static class ConvexHttpApi
{
    // Apostrophes and non-ASCII text stay readable; the output is still valid JSON for any client.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEndpointRouteBuilder MapConvexHttpApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/query", (HttpContext http, FunctionRunner<AppDb> runner) => CallAsync(http, runner, FunctionKind.Query));
        routes.MapGet("/api/query", (HttpContext http, FunctionRunner<AppDb> runner) => QueryFromUrlAsync(http, runner));
        routes.MapPost("/api/mutation", (HttpContext http, FunctionRunner<AppDb> runner) => CallAsync(http, runner, FunctionKind.Mutation));
        routes.MapPost("/api/action", (HttpContext http, FunctionRunner<AppDb> runner) => CallAsync(http, runner, FunctionKind.Action));
        routes.MapPost("/api/function", (HttpContext http, FunctionRunner<AppDb> runner) => CallAsync(http, runner, kind: null));
        routes.MapPost("/api/run/{**path}", (HttpContext http, FunctionRunner<AppDb> runner, string? path) => RunByUrlAsync(http, runner, path));
        routes.MapPost("/api/query_ts", QueryTimestampAsync);
        routes.MapPost("/api/query_at_ts", (HttpContext http, FunctionRunner<AppDb> runner) => CallAsync(http, runner, FunctionKind.Query, atTimestamp: true));
        routes.MapPost("/api/query_batch", QueryBatchAsync);
        return routes;
    }

    private static Task CallAsync(HttpContext http, FunctionRunner<AppDb> runner, FunctionKind? kind, bool atTimestamp = false) =>
        Guarded(http, async () =>
        {
            var body = await ApiRequests.ReadBodyAsync(http.Request, http.RequestAborted);
            var call = new ApiCall(
                ApiRequests.RequiredString(body, "path"),
                ApiRequests.Args(ApiRequests.Optional(body, "args")),
                ApiRequests.Format(ApiRequests.OptionalString(body, "format"), http.Request, isRun: false),
                atTimestamp ? Timestamp(ApiRequests.OptionalString(body, "ts")) : null);
            await RespondAsync(http, runner, call, kind);
        });

    private static Task QueryFromUrlAsync(HttpContext http, FunctionRunner<AppDb> runner) =>
        Guarded(http, async () =>
        {
            var query = http.Request.Query;
            JsonElement? args = null;
            if (query["args"].ToString() is { Length: > 0 } text)
            {
                try
                {
                    args = JsonDocument.Parse(text).RootElement.Clone();
                }
                catch (JsonException e)
                {
                    throw new ApiRequestException(StatusCodes.Status400BadRequest, "BadRequest", "args is not valid JSON: " + e.Message);
                }
            }

            var path = query["path"].ToString() is { Length: > 0 } p
                ? p
                : throw new ApiRequestException(StatusCodes.Status400BadRequest, "BadRequest", "The request needs a \"path\" parameter.");
            var call = new ApiCall(path, ApiRequests.Args(args), ApiRequests.Format(query["format"], http.Request, isRun: false), null);
            await RespondAsync(http, runner, call, FunctionKind.Query);
        });

    private static Task RunByUrlAsync(HttpContext http, FunctionRunner<AppDb> runner, string? tail) =>
        Guarded(http, async () =>
        {
            var path = FunctionPath.FromRunUrl(tail ?? "")
                ?? throw new ApiRequestException(StatusCodes.Status400BadRequest, "MissingIdentifier",
                    "/api/run needs a module and a function, e.g. /api/run/events/listPublished.");
            JsonElement body = default;
            if (http.Request.ContentLength is not 0)
            {
                body = await ApiRequests.ReadBodyAsync(http.Request, http.RequestAborted);
            }

            var hasBody = body.ValueKind == JsonValueKind.Object;
            var call = new ApiCall(path,
                ApiRequests.Args(hasBody ? ApiRequests.Optional(body, "args") : null),
                ApiRequests.Format(hasBody ? ApiRequests.OptionalString(body, "format") : null, http.Request, isRun: true),
                null);
            await RespondAsync(http, runner, call, kind: null);
        });

    private static Task QueryTimestampAsync(HttpContext http, FunctionRunner<AppDb> runner) =>
        Guarded(http, async () =>
        {
            var ts = await runner.LatestTimestampAsync(http.RequestAborted);
            await http.Response.WriteAsJsonAsync(new { ts = ConvexTimestamp.Encode(ts) }, http.RequestAborted);
        });

    private static Task QueryBatchAsync(HttpContext http, FunctionRunner<AppDb> runner) =>
        Guarded(http, async () =>
        {
            var body = await ApiRequests.ReadBodyAsync(http.Request, http.RequestAborted);
            if (!body.TryGetProperty("queries", out var queries) || queries.ValueKind != JsonValueKind.Array)
            {
                throw new ApiRequestException(StatusCodes.Status400BadRequest, "BadRequest", "The request needs a \"queries\" array.");
            }

            var caller = await Callers.FromAsync(http);
            var ts = await runner.LatestTimestampAsync(http.RequestAborted);
            var results = new List<(FunctionOutcome, ConvexJsonFormat)>();
            foreach (var query in queries.EnumerateArray())
            {
                var format = ApiRequests.Format(ApiRequests.OptionalString(query, "format"), http.Request, isRun: false);
                var outcome = await runner.RunAsync(ApiRequests.RequiredString(query, "path"), ApiRequests.Args(ApiRequests.Optional(query, "args")),
                    caller, FunctionKind.Query, http.RequestAborted, atTimestamp: ts);
                results.Add((outcome, format));
            }

            http.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(http.Response.Body, s_writerOptions);
            writer.WriteStartObject();
            writer.WriteStartArray("results");
            foreach (var (outcome, format) in results)
            {
                WriteOutcome(writer, outcome, format);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    private static async Task RespondAsync(HttpContext http, FunctionRunner<AppDb> runner, ApiCall call, FunctionKind? kind)
    {
        var caller = await Callers.FromAsync(http);
        var outcome = await runner.RunAsync(call.Path, call.Args, caller, kind, http.RequestAborted, atTimestamp: call.Timestamp);
        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.Body, s_writerOptions);
        WriteOutcome(writer, outcome, call.Format);
    }

    private static void WriteOutcome(Utf8JsonWriter writer, FunctionOutcome outcome, ConvexJsonFormat format)
    {
        writer.WriteStartObject();
        if (outcome.Success)
        {
            writer.WriteString("status", "success");
            writer.WritePropertyName("value");
            ConvexJson.Write(writer, outcome.Value!, format);
        }
        else
        {
            writer.WriteString("status", "error");
            writer.WriteString("errorMessage", outcome.ErrorMessage);
            if (outcome.ErrorData is { } data)
            {
                writer.WritePropertyName("errorData");
                ConvexJson.Write(writer, data, format);
            }
        }

        writer.WriteStartArray("logLines");
        foreach (var line in outcome.LogLines)
        {
            writer.WriteStringValue(line);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static ulong Timestamp(string? text) =>
        ConvexTimestamp.TryDecode(text, out var ts)
            ? ts
            : throw new ApiRequestException(StatusCodes.Status400BadRequest, "InvalidTimestamp", "ts must be a base64 u64 timestamp from /api/query_ts.");

    private static async Task Guarded(HttpContext http, Func<Task> handle)
    {
        try
        {
            await handle();
        }
        catch (ApiRequestException e)
        {
            await ErrorAsync(http, e.Status, e.Code, e.Message);
        }
        catch (TimestampUnavailableException e)
        {
            await ErrorAsync(http, StatusCodes.Status400BadRequest, e.Code, e.Message);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
#pragma warning disable CA1031 // A failure outside any function (the database is down for query_ts): logged, never leaked.
        catch (Exception e) when (!http.Response.HasStarted)
#pragma warning restore CA1031
        {
            var requestId = Guid.NewGuid().ToString("N")[..16];
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Poktapok.HttpApi")
                .LogError(e, "Request {RequestId}: {Method} {Path} failed", requestId, http.Request.Method, http.Request.Path);
            await ErrorAsync(http, StatusCodes.Status500InternalServerError, "InternalServerError", $"[Request ID: {requestId}] Server Error");
        }
    }

    internal static async Task ErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        await http.Response.WriteAsJsonAsync(new { code, message });
    }
}
