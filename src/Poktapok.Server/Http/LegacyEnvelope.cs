using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Poktapok.Server.Http;

/// <summary>
/// The legacy routes' response shape (LEGACY.md §0), kept for the plain HTTP routes of FUNCTIONS.md §4:
/// <c>{success: true, data}</c> or <c>{success: false, error: {message, code}}</c>.
/// </summary>
internal static class LegacyEnvelope
{
    private static readonly JsonSerializerOptions s_json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject Success(JsonNode data) => new() { ["success"] = true, ["data"] = data };

    public static JsonObject Failure(string message, string code) => new()
    {
        ["success"] = false,
        ["error"] = new JsonObject { ["message"] = message, ["code"] = code },
    };

    public static async Task WriteAsync(HttpContext http, int status, JsonObject body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(body.ToJsonString(s_json), http.RequestAborted);
    }
}
