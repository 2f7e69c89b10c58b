using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Poktapok.App.Data;
using Poktapok.Engine.Functions;
using Poktapok.Engine.Live;
using Poktapok.Server.Cli;
using Poktapok.Server.Hosting;

namespace Poktapok.Server.Tests.Infrastructure;

/// <summary>The real host on 127.0.0.1 (a free port) over a test's own database.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestServer(WebApplication app, HttpClient http)
    {
        _app = app;
        Http = http;
    }

    public HttpClient Http { get; }

    public Uri Url => Http.BaseAddress!;

    public FunctionRunner<AppDb> Functions => _app.Services.GetRequiredService<FunctionRunner<AppDb>>();

    /// <summary>The host's services (for tests of a component the routes use).</summary>
    public IServiceProvider Services => _app.Services;

    public LiveQueries<AppDb> Live => _app.Services.GetRequiredService<LiveQueries<AppDb>>();

    /// <summary>The WebSocket URL of the sync endpoint for <paramref name="clientVersion"/>.</summary>
    public Uri SyncUrl(string clientVersion = "1.48.0") => new($"ws://{Url.Authority}/api/{clientVersion}/sync");

    /// <summary>
    /// Starts a server; <paramref name="settings"/> override configuration (<c>["Sync:PingIntervalSeconds"] = "1"</c>),
    /// <paramref name="configure"/> replaces services (a clock, crons).
    /// </summary>
    public static async Task<TestServer> StartAsync(TestDatabase database, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var overrides = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Urls"] = "http://127.0.0.1:0" };
        // Files on disk go to a directory of the test's database: servers sharing a database share its files.
        overrides.TryAdd("Storage:Directory", FilesDirectory(database));
        var configuration = PoktapokConfiguration.Build(overrides);
        var app = ServerHost.Build(configuration, database.Target, configure);
        await app.StartAsync();
        var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        return new TestServer(app, http);
    }

    /// <summary>Where the disk backend of servers over <paramref name="database"/> keeps files (under the temporary directory).</summary>
    public static string FilesDirectory(TestDatabase database) => Path.Combine(Path.GetTempPath(), "poktapok-test-files",
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(database.Target.ConnectionString)))[..16]);

    /// <summary>POSTs a JSON body and returns the status and the parsed response.</summary>
    public async Task<(int Status, JsonNode? Body)> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Calls a function through the HTTP API as <c>ConvexHttpClient</c> does and returns the UdfResponse.</summary>
    public async Task<JsonNode> CallAsync(string kind, string path, object? args = null, string format = "json")
    {
        var body = JsonSerializer.Serialize(new { path, args = new[] { args ?? new { } }, format });
        var (status, json) = await PostAsync($"/api/{kind}", body);
        status.ShouldBe(200, json?.ToJsonString());
        return json!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
