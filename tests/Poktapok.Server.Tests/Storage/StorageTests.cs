using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Poktapok.App.Data;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using Poktapok.Engine.Storage;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Storage;

/// <summary>
/// The upload-URL flow over real HTTP on each blob store (PROTOCOL.md §7, FUNCTIONS.md §4): upload, serve (type,
/// ETag, ranges, caching), and every refusal — used, expired or forged URLs, too large, wrong type, digest
/// mismatch, a broken upload — leaving no file row and no blob behind.
/// </summary>
public sealed class StorageTests : StorageTest
{
    private async Task WithBackend(string backend, Func<TestServer, Task> test, IDictionary<string, string?>? extra = null,
        Action<IServiceCollection>? configure = null)
    {
        await using var server = await TestServer.StartAsync(Database, BackendSettings(backend, extra), configure);
        await test(server);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public Task an_upload_is_stored_and_served_byte_identical_with_its_sniffed_type(string backend) => WithBackend(backend, async s =>
    {
        var user = As(await SaveUser(AccountStatus.Incomplete));
        var bytes = Png(300_000);
        var (status, body) = await Upload(s, await UploadUrl(s, user), bytes, contentType: "image/jpeg"); // the declared type is not trusted
        status.ShouldBe(200, body?.ToJsonString());
        var id = Guid.Parse(Str(body!["storageId"]));

        var url = Str((await Call(s, Caller.Anonymous, "files:getUrl", new { storageId = id })).Ok());
        url.ShouldBe(new Uri(s.Url, $"/api/storage/{id}").ToString());
        using var response = await s.Http.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(bytes);
        var sha = Convert.ToBase64String(SHA256.HashData(bytes));
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        response.Content.Headers.ContentLength.ShouldBe(bytes.Length);
        response.Headers.ETag!.Tag.ShouldBe($"\"{sha}\"");
        (response.Headers.CacheControl!.Private, response.Headers.CacheControl.MaxAge).ShouldBe((true, TimeSpan.FromDays(30)));
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("Digest").ShouldBe([$"sha-256={sha}"]);
        response.Headers.AcceptRanges.ShouldContain("bytes");
        using (var head = await s.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url)))
        {
            head.StatusCode.ShouldBe(HttpStatusCode.OK);
            head.Content.Headers.ContentLength.ShouldBe(bytes.Length);
            (await head.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        }

        await using var db = Database.Open();
        var file = await db.StoredFiles.SingleAsync();
        (file.Id, file.Size, file.ContentType, file.Sha256).ShouldBe((id, (long)bytes.Length, "image/png", sha));
        file.UploadedBy.ShouldBe(user.Identity!.TokenIdentifier);
        (await BlobCount(s)).ShouldBe(1);
    });

    [Theory]
    [MemberData(nameof(Backends))]
    public Task a_single_byte_range_is_served_and_several_are_refused(string backend) => WithBackend(backend, async s =>
    {
        var bytes = Png(100_000);
        var id = await Stored(s, As(await SaveUser()), bytes);
        var url = $"/api/storage/{id}";

        using var middle = new HttpRequestMessage(HttpMethod.Get, url);
        middle.Headers.Range = new RangeHeaderValue(50_000, 50_099);
        using (var response = await s.Http.SendAsync(middle))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
            (await response.Content.ReadAsByteArrayAsync()).ShouldBe(bytes[50_000..50_100]);
            response.Content.Headers.ContentRange!.ToString().ShouldBe($"bytes 50000-50099/{bytes.Length}");
        }

        using var tail = new HttpRequestMessage(HttpMethod.Get, url);
        tail.Headers.Range = new RangeHeaderValue(null, 10);
        using (var response = await s.Http.SendAsync(tail))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
            (await response.Content.ReadAsByteArrayAsync()).ShouldBe(bytes[^10..]);
        }

        using var several = new HttpRequestMessage(HttpMethod.Get, url);
        several.Headers.TryAddWithoutValidation("Range", "bytes=0-9,20-29");
        using (var response = await s.Http.SendAsync(several))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.RequestedRangeNotSatisfiable);
        }
    });

    [Theory]
    [MemberData(nameof(Backends))]
    public Task an_upload_url_is_good_for_one_file(string backend) => WithBackend(backend, async s =>
    {
        var url = await UploadUrl(s, As(await SaveUser()));
        (await Upload(s, url, Png())).Status.ShouldBe(200);
        var (status, body) = await Upload(s, url, Png());
        status.ShouldBe(400);
        Str(body!["code"]).ShouldBe(UploadErrors.UploadUrlUsed);
        (await FileRows()).ShouldBe(1);
        (await BlobCount(s)).ShouldBe(1);
    });

    [Theory]
    [MemberData(nameof(Backends))]
    public Task concurrent_uploads_with_one_url_store_one_file(string backend) => WithBackend(backend, async s =>
    {
        var url = await UploadUrl(s, As(await SaveUser()));
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Upload(s, url, Png(50_000))));
        results.Count(r => r.Status == 200).ShouldBe(1);
        results.Where(r => r.Status != 200).ShouldAllBe(r => r.Status == 400 && Str(r.Body!["code"]) == UploadErrors.UploadUrlUsed);
        (await FileRows()).ShouldBe(1);
        (await BlobCount(s)).ShouldBe(1);
    });

    [Fact]
    public async Task an_upload_url_expires_after_an_hour()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        await WithBackend("disk", async s =>
        {
            var user = As(await SaveUser());
            var early = await UploadUrl(s, user);
            var late = await UploadUrl(s, user);
            clock.Advance(TimeSpan.FromMinutes(59));
            (await Upload(s, early, Png())).Status.ShouldBe(200);
            clock.Advance(TimeSpan.FromMinutes(2));
            var (status, body) = await Upload(s, late, Png());
            status.ShouldBe(400);
            Str(body!["code"]).ShouldBe(UploadErrors.UploadUrlExpired);
            (await FileRows()).ShouldBe(1);
        }, configure: services => services.AddSingleton<TimeProvider>(clock));
    }

    [Fact]
    public Task forged_and_malformed_upload_urls_are_refused() => WithBackend("disk", async s =>
    {
        var url = await UploadUrl(s, As(await SaveUser()));
        var token = url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..];
        var forged = url.Replace(token, token[..33] + new string('A', token.Length - 33), StringComparison.Ordinal);
        foreach (var bad in new[] { forged, "/api/storage/upload", "/api/storage/upload?token=nonsense", $"/api/storage/upload?token={Guid.NewGuid():N}.{new string('x', 43)}" })
        {
            var (status, body) = await Upload(s, bad, Png());
            status.ShouldBe(400, bad);
            Str(body!["code"]).ShouldBe(UploadErrors.InvalidUploadUrl);
        }

        (await Upload(s, url, Png())).Status.ShouldBe(200); // the real one still works
    });

    [Theory]
    [MemberData(nameof(Backends))]
    public Task files_over_the_limit_are_refused_whether_declared_or_streamed(string backend) => WithBackend(backend, async s =>
    {
        var user = As(await SaveUser());
        var url = await UploadUrl(s, user);
        var (status, body) = await Upload(s, url, Png(5 * 1024 * 1024 + 1));
        status.ShouldBe(413);
        Str(body!["code"]).ShouldBe(UploadErrors.FileTooLarge);

        // Chunked, with no length to refuse up front: cut off while reading.
        var (streamed, _) = await Upload(s, url, Png(6 * 1024 * 1024), change: r =>
            r.Content = new StreamContent(new MemoryStream(Png(6 * 1024 * 1024))) { Headers = { ContentType = new("image/png") } });
        streamed.ShouldBe(413);

        (await Upload(s, url, Png(5 * 1024 * 1024))).Status.ShouldBe(200); // exactly the limit, with the URL unused so far
        (await FileRows()).ShouldBe(1);
        (await BlobCount(s)).ShouldBe(1);
    });

    [Fact]
    public Task types_are_sniffed_and_only_allowed_ones_kept() => WithBackend("disk", async s =>
    {
        var user = As(await SaveUser());
        var svg = Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");
        var text = Encoding.UTF8.GetBytes("just some text, declared as an image");
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7 not allowed by default");
        foreach (var (bytes, declared) in new[] { (svg, "image/svg+xml"), (text, "image/png"), (pdf, "application/pdf"), (Array.Empty<byte>(), "image/png") })
        {
            var (status, body) = await Upload(s, await UploadUrl(s, user), bytes, declared);
            status.ShouldBe(415, declared);
            Str(body!["code"]).ShouldBe(UploadErrors.UnsupportedFileType);
        }

        foreach (var (bytes, type) in new[] { (Jpeg(), "image/jpeg"), ("GIF89a"u8.ToArray().Concat(new byte[20]).ToArray(), "image/gif"),
                     ("RIFF\0\0\0\0WEBPVP8 "u8.ToArray().Concat(new byte[20]).ToArray(), "image/webp") })
        {
            var id = await Stored(s, user, bytes);
            await using var db = Database.Open();
            (await db.StoredFiles.SingleAsync(f => f.Id == id)).ContentType.ShouldBe(type);
        }

        (await FileRows()).ShouldBe(3);
    });

    [Fact]
    public Task allowed_types_and_the_size_limit_come_from_configuration() => WithBackend("disk", async s =>
    {
        var user = As(await SaveUser());
        (await Upload(s, await UploadUrl(s, user), Encoding.ASCII.GetBytes("%PDF-1.7 fine here"))).Status.ShouldBe(200);
        (await Upload(s, await UploadUrl(s, user), Png(1000))).Status.ShouldBe(415);
        (await Upload(s, await UploadUrl(s, user), Encoding.ASCII.GetBytes("%PDF-1.7" + new string('x', 2000)))).Status.ShouldBe(413);
    }, new Dictionary<string, string?>
    {
        ["Storage:AllowedContentTypes:0"] = "application/pdf",
        ["Storage:MaxUploadBytes"] = "1024",
    });

    [Fact]
    public Task a_digest_header_is_checked() => WithBackend("disk", async s =>
    {
        var user = As(await SaveUser());
        var bytes = Png();
        var wrong = "sha-256=" + Convert.ToBase64String(SHA256.HashData(Png()));
        var (status, body) = await Upload(s, await UploadUrl(s, user), bytes, change: r => r.Headers.Add("Digest", wrong));
        status.ShouldBe(400);
        Str(body!["code"]).ShouldBe(UploadErrors.DigestMismatch);
        var right = "sha-256=" + Convert.ToBase64String(SHA256.HashData(bytes));
        (await Upload(s, await UploadUrl(s, user), bytes, change: r => r.Headers.Add("Digest", right))).Status.ShouldBe(200);
        (await FileRows()).ShouldBe(1);
    });

    [Theory]
    [MemberData(nameof(Backends))]
    public Task a_broken_upload_leaves_nothing_and_the_url_usable(string backend) => WithBackend(backend, async s =>
    {
        var url = new Uri(await UploadUrl(s, As(await SaveUser())));
        // A client that announces 200,000 bytes, sends half and disconnects.
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(url.Host, url.Port);
            await using var stream = tcp.GetStream();
            var head = $"POST {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: image/png\r\nContent-Length: 200000\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(Png(100_000));
            await stream.FlushAsync();
        }

        await Task.Delay(300); // let the server notice
        (await FileRows()).ShouldBe(0);
        (await BlobCount(s)).ShouldBe(0);
        await using (var db = Database.Open())
        {
            (await db.Set<BlobDeletion>().CountAsync()).ShouldBe(0);
        }

        (await Upload(s, url.ToString(), Png())).Status.ShouldBe(200);
    });

    [Fact]
    public Task the_janitor_deletes_blobs_an_interrupted_upload_left() => WithBackend("disk", async s =>
    {
        var storage = s.Services.GetRequiredService<FileStorage<AppDb>>();
        // What a crash between writing the blob and recording the file leaves: the blob and its deletion record.
        await using (var db = Database.Open())
        {
            db.Set<BlobDeletion>().Add(new BlobDeletion { BlobKey = "abandoned01", DueAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
            db.Set<BlobDeletion>().Add(new BlobDeletion { BlobKey = "inprogress01", DueAt = DateTimeOffset.UtcNow.AddHours(1) });
            await db.SaveChangesAsync();
        }

        await storage.Blobs.PutAsync("abandoned01", new MemoryStream(Png(100)), 100, "image/png", CancellationToken.None);
        await storage.Blobs.PutAsync("inprogress01", new MemoryStream(Png(100)), 100, "image/png", CancellationToken.None);
        (await BlobCount(s)).ShouldBe(2);

        (await storage.SweepAsync(CancellationToken.None)).ShouldBe(1);
        (await BlobCount(s)).ShouldBe(1);
        (await storage.Blobs.OpenReadAsync("inprogress01", 100, CancellationToken.None)).ShouldNotBeNull().Dispose();
    });

    [Fact]
    public Task unknown_and_malformed_file_ids_are_404_json() => WithBackend("disk", async s =>
    {
        foreach (var path in new[] { $"/api/storage/{Guid.NewGuid()}", "/api/storage/not-an-id" })
        {
            using var response = await s.Http.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await response.Content.ReadAsStringAsync()).ShouldContain("\"code\":\"NOT_FOUND\"");
        }

        (await Call(s, Caller.Anonymous, "files:getUrl", new { storageId = Guid.NewGuid() })).Value.ShouldBeNull();
    });

    [Fact]
    public Task the_upload_answers_a_cors_preflight() => WithBackend("disk", async s =>
    {
        var url = await UploadUrl(s, As(await SaveUser()));
        using var preflight = new HttpRequestMessage(HttpMethod.Options, url);
        preflight.Headers.Add("Origin", "http://localhost:5173");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var response = await s.Http.SendAsync(preflight);
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["http://localhost:5173"]);
        response.Headers.GetValues("Access-Control-Allow-Headers").ShouldBe(["content-type"]);

        var (status, _) = await Upload(s, url, Png(), change: r => r.Headers.Add("Origin", "http://localhost:5173"));
        status.ShouldBe(200);
    });

    [Fact]
    public Task a_configured_public_url_is_the_origin_of_upload_and_file_urls() => WithBackend("disk", async s =>
    {
        var user = As(await SaveUser());
        var url = await UploadUrl(s, user);
        url.ShouldStartWith("https://files.frutero.example/api/storage/upload?token=");
        // The browser reaches the server at the public origin; here the test posts to the same path on the server.
        var (status, body) = await Upload(s, new Uri(url).PathAndQuery, Png());
        status.ShouldBe(200);
        var id = Str(body!["storageId"]);
        Str((await Call(s, Caller.Anonymous, "files:getUrl", new { storageId = id })).Ok()).ShouldBe($"https://files.frutero.example/api/storage/{id}");
    }, new Dictionary<string, string?> { ["Storage:PublicUrl"] = "https://files.frutero.example" });

    [Theory]
    [InlineData("Storage:Backend", "ftp", "Storage:Backend must be disk, database or s3")]
    [InlineData("Storage:PublicUrl", "files.example", "Storage:PublicUrl must be an absolute http(s) URL")]
    [InlineData("Storage:MaxUploadBytes", "0", "Storage:MaxUploadBytes must be a positive number")]
    public async Task settings_that_cannot_work_stop_start_up(string key, string value, string message)
    {
        var error = await Should.ThrowAsync<Poktapok.Server.Hosting.StorageConfigurationException>(
            async () => await (await TestServer.StartAsync(Database, new Dictionary<string, string?> { [key] = value })).DisposeAsync());
        error.Message.ShouldStartWith(message);
    }

    [Fact]
    public async Task the_s3_store_needs_a_bucket()
    {
        var error = await Should.ThrowAsync<Poktapok.Server.Hosting.StorageConfigurationException>(async () =>
            await (await TestServer.StartAsync(Database, new Dictionary<string, string?> { ["Storage:Backend"] = "s3" })).DisposeAsync());
        error.Message.ShouldBe("Storage:Backend is s3 but Storage:S3:Bucket is not set.");
    }
}
