using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Poktapok.App.Data;
using Poktapok.Engine.Storage;

namespace Poktapok.Server.Http;

/// <summary>
/// File storage over HTTP (FUNCTIONS.md §4, PROTOCOL.md §7): <c>POST /api/storage/upload?token=…</c> takes the raw
/// bytes of one file and answers <c>{"storageId": …}</c>, or a JSON <c>{code, message}</c> error — 400
/// <c>INVALID_UPLOAD_URL</c> / <c>UPLOAD_URL_EXPIRED</c> / <c>UPLOAD_URL_USED</c> / <c>DIGEST_MISMATCH</c>, 413
/// <c>FILE_TOO_LARGE</c>, 415 <c>UNSUPPORTED_FILE_TYPE</c>; <c>GET /api/storage/{id}</c> serves a file with its
/// content type, length, ETag (its SHA-256), <c>Digest</c>, long private caching, <c>nosniff</c> and single byte
/// ranges (206; several ranges 416), or 404. Browsers call both cross-origin; the CORS middleware answers them.
/// </summary>
public static class StorageRoutes
{
    public const string UploadPath = "/api/storage/upload";

    public static IEndpointRouteBuilder MapStorageRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(UploadPath, UploadAsync);
        routes.MapMethods("/api/storage/{storageId}", [HttpMethods.Get, HttpMethods.Head], ServeAsync);
        return routes;
    }

    private static async Task UploadAsync(HttpContext http, FileStorage<AppDb> storage)
    {
        // The storage enforces its own limit while reading (and answers 413); the server's default must not cut in first.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        try
        {
            var file = await storage.UploadAsync(http.Request.Query["token"], http.Request.Body, http.Request.ContentLength,
                http.Request.Headers["Digest"].FirstOrDefault(), http.RequestAborted);
            await http.Response.WriteAsJsonAsync(new { storageId = file.Id.ToString() });
        }
        catch (UploadException e)
        {
            await ConvexHttpApi.ErrorAsync(http, e.Status, e.Code, e.Message);
        }
    }

    private static async Task ServeAsync(HttpContext http, string storageId, FileStorage<AppDb> storage)
    {
        if (!Guid.TryParse(storageId, out var id) || await storage.OpenAsync(id, http.RequestAborted) is not { } opened)
        {
            await ConvexHttpApi.ErrorAsync(http, StatusCodes.Status404NotFound, "NOT_FOUND", "There is no such file.");
            return;
        }

        var (file, content) = opened;
        await using (content)
        {
            var headers = http.Response.Headers;
            headers.CacheControl = "private, max-age=2592000";
            headers.XContentTypeOptions = "nosniff";
            headers["Digest"] = "sha-256=" + file.Sha256;
            if (http.Request.Headers.Range.ToString().Contains(',', StringComparison.Ordinal))
            {
                headers.ContentRange = $"bytes */{file.Size}";
                http.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                return;
            }

            await Results.Stream(content, file.ContentType, lastModified: file.CreatedAt,
                entityTag: new EntityTagHeaderValue($"\"{file.Sha256}\""), enableRangeProcessing: true).ExecuteAsync(http);
        }
    }
}
