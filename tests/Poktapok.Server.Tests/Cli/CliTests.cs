using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Data;
using Poktapok.Engine.Data;
using Poktapok.Server.Cli;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Cli;

public sealed class CliTests
{
    private sealed record Run(int ExitCode, string Output, string Error);

    private static async Task<Run> Poktapok(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PoktapokCli.RunAsync(args, output, error);
        return new Run(code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task db_migrate_creates_the_database_and_is_idempotent()
    {
        await using var fresh = await FreshDatabase.CreateAsync();

        var first = await Poktapok("db", "migrate", "--database", fresh.Url);
        var second = await Poktapok("db", "migrate", "--database", fresh.Url);

        first.ExitCode.ShouldBe(0, first.Error);
        first.Output.ShouldContain("_Initial");
        first.Output.ShouldMatch(@"applied \d+ migration\(s\)");
        second.ExitCode.ShouldBe(0, second.Error);
        second.Output.ShouldContain("up to date");
        await using var db = AppDb.Open(DatabaseTarget.Parse(fresh.Url));
        (await db.Skills.CountAsync()).ShouldBe(43);
    }

    [Theory]
    [InlineData("mysql://root@localhost/app", "unsupported scheme")]
    [InlineData("postgres://u:secret@127.0.0.1:1/poktapok", "cannot use the database (PostgreSQL 127.0.0.1:1/poktapok)")]
    [InlineData("postgres://u:secret@host.invalid/poktapok", "cannot use the database (PostgreSQL host.invalid:5432/poktapok)")]
    public async Task a_bad_or_unreachable_database_is_one_line_on_stderr(string url, string message)
    {
        foreach (var verb in new[] { new[] { "db", "migrate" }, new[] { "serve", "--urls", "http://127.0.0.1:0" } })
        {
            var run = await Poktapok([.. verb, "--database", url]);

            run.ExitCode.ShouldBe(PoktapokCli.ExitConfiguration);
            run.Error.ShouldStartWith("poktapok: ");
            run.Error.ShouldContain(message);
            run.Error.TrimEnd().ShouldNotContain("\n", customMessage: "one line, not a stack trace");
            run.Error.ShouldNotContain("secret");
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("serve", "--help")]
    [InlineData("db", "--help")]
    [InlineData("db", "migrate", "--help")]
    public async Task every_verb_has_help(params string[] args)
    {
        var run = await Poktapok(args);

        run.ExitCode.ShouldBe(0);
        run.Output.ShouldContain("Usage:");
        run.Output.ShouldContain("--database");
    }

    [Fact]
    public async Task an_unknown_verb_is_refused()
    {
        var run = await Poktapok("frobnicate");

        run.ExitCode.ShouldNotBe(0);
        run.Error.ShouldContain("frobnicate");
    }

    [Fact]
    public async Task serve_migrates_and_answers_health_until_stopped()
    {
        await using var fresh = await FreshDatabase.CreateAsync();
        var url = $"http://127.0.0.1:{FreePort()}";
        using var stop = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var serving = PoktapokCli.RunAsync(["serve", "--urls", url, "--database", fresh.Url], output, error, cancellationToken: stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var health = await PollAsync(() => http.GetStringAsync("/health"), serving);
        await stop.CancelAsync();

        health.ShouldContain("\"status\":\"ok\"");
        health.ShouldContain("\"database\":\"ok\"");
        (await serving).ShouldBe(0, error.ToString());
    }

    [Fact]
    public async Task health_is_503_when_the_database_is_gone()
    {
        var configuration = PoktapokConfiguration.Build(new Dictionary<string, string?> { ["Urls"] = $"http://127.0.0.1:{FreePort()}" });
        await using var app = Hosting.ServerHost.Build(configuration, DatabaseTarget.Parse("postgres://nobody@127.0.0.1:1/gone?connect_timeout=2"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var response = await http.GetAsync("/health");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"database\":\"error\"");
        await app.StopAsync();
    }

    [Fact]
    public async Task the_api_answers_a_json_500_with_a_request_id_when_the_database_is_gone()
    {
        var configuration = PoktapokConfiguration.Build(new Dictionary<string, string?> { ["Urls"] = $"http://127.0.0.1:{FreePort()}" });
        await using var app = Hosting.ServerHost.Build(configuration, DatabaseTarget.Parse("postgres://nobody:secret@127.0.0.1:1/gone?connect_timeout=2"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var response = await http.PostAsync("/api/query_ts", null);
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        body.ShouldMatch("""^\{"code":"InternalServerError","message":"\[Request ID: [0-9a-f]{16}\] Server Error"\}$""");
        body.ShouldNotContain("secret");
        await app.StopAsync();
    }

    [Fact]
    public async Task configuration_comes_from_poktapok_environment_variables()
    {
        await using var fresh = await FreshDatabase.CreateAsync();
        var executable = Path.Combine(AppContext.BaseDirectory, "poktapok.dll");
        var start = new ProcessStartInfo("dotnet", [executable, "db", "migrate"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["POKTAPOK_Database__Url"] = fresh.Url },
        };

        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.ShouldBe(0, stderr);
        stdout.ShouldContain(DatabaseTarget.Parse(fresh.Url).Display);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> PollAsync(Func<Task<string>> get, Task serving)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            serving.IsCompleted.ShouldBeFalse("the server stopped before it answered");
            try
            {
                return await get();
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
