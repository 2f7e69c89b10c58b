using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Poktapok.Protocol.Values;

namespace Poktapok.Server.Http;

/// <summary>One parsed HTTP API call: the function path, its argument object, the response format.</summary>
internal sealed record ApiCall(string Path, ConvexValue Args, ConvexJsonFormat Format, ulong? Timestamp);

/// <summary>A request the HTTP API refuses before any function runs: 4xx with <c>{code, message}</c>.</summary>
internal sealed class ApiRequestException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;
}

/// <summary>Reads HTTP API requests as Convex's backend does (PROTOCOL.md §4.2, §5).</summary>
internal static class ApiRequests
{
    /// <summary>
    /// The format to answer in: the request's <c>format</c>, else (PROTOCOL.md §5.2) encoded for official
    /// clients older than 1.4.1 and <c>json</c> for everyone else; <c>/api/run</c> always defaults to <c>json</c>.
    /// </summary>
    public static ConvexJsonFormat Format(string? requested, HttpRequest request, bool isRun)
    {
        var fallback = !isRun && IsOldOfficialClient(request.Headers["Convex-Client"].ToString())
            ? ConvexJsonFormat.ConvexEncoded
            : ConvexJsonFormat.Json;
        return ConvexJsonFormatNames.TryParse(requested, fallback, out var format)
            ? format
            : throw new ApiRequestException(StatusCodes.Status400BadRequest, "BadFormat",
                $"format param must be one of [`json`, `convex_encoded_json`]. Got {requested}");
    }

    private static bool IsOldOfficialClient(string client)
    {
        foreach (var prefix in new[] { "npm-cli-", "npm-", "actions-" })
        {
            if (client.StartsWith(prefix, StringComparison.Ordinal))
            {
                var version = client[prefix.Length..].Split('-', '+')[0];
                return Version.TryParse(version, out var v) && v < new Version(1, 4, 1);
            }
        }

        return false;
    }

    public static async Task<JsonElement> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new ApiRequestException(StatusCodes.Status400BadRequest, "BadJsonBody", "The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ApiRequestException(StatusCodes.Status400BadRequest, "BadJsonBody", "The request body is not valid JSON: " + e.Message);
        }
    }

    /// <summary>
    /// The argument object: a JSON array is the positional list and the object is its first element (what the
    /// official clients send); anything else is the object itself; absent means <c>{}</c>.
    /// </summary>
    public static ConvexValue Args(JsonElement? args)
    {
        try
        {
            var value = args is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } a ? ConvexJson.Read(a, ".args") : ConvexObject.Empty;
            return value switch
            {
                ConvexArray { Count: 0 } => ConvexObject.Empty,
                ConvexArray { Count: 1 } list => list[0],
                ConvexArray => throw new ApiRequestException(StatusCodes.Status400BadRequest, "BadRequest",
                    "args must be an object, or an array holding one object."),
                _ => value,
            };
        }
        catch (ConvexValueException e)
        {
            throw new ApiRequestException(StatusCodes.Status400BadRequest, "BadConvexValue", e.Message);
        }
    }

    public static string RequiredString(JsonElement body, string name) =>
        body.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String && p.GetString() is { Length: > 0 } s
            ? s
            : throw new ApiRequestException(StatusCodes.Status400BadRequest, "BadRequest", $"The request needs a \"{name}\" string.");

    public static string? OptionalString(JsonElement body, string name) =>
        body.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    public static JsonElement? Optional(JsonElement body, string name) =>
        body.TryGetProperty(name, out var p) ? p : null;
}
