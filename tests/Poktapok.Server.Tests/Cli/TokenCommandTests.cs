using System.Diagnostics;
using Poktapok.Engine.Auth;
using Poktapok.Protocol.Sync;
using Poktapok.Server.Cli;
using Poktapok.Server.Hosting;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Cli;

/// <summary><c>poktapok token</c>: dev tokens, minted only when dev auth is on, and accepted by the configured verifier.</summary>
public sealed class TokenCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "poktapok-tests", "token-" + Guid.NewGuid().ToString("N")[..12]);

    private string KeyPath => Path.Combine(_directory, "dev-auth-key.pem");

    private Dictionary<string, string?> DevSettings => new() { ["Auth:Dev:Enabled"] = "true", ["Auth:Dev:KeyPath"] = KeyPath };

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private sealed record Run(int ExitCode, string Output, string Error);

    private static async Task<Run> Poktapok(IDictionary<string, string?>? settings, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PoktapokCli.RunAsync(args, output, error, settings);
        return new Run(code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    public async Task without_dev_auth_no_token_is_minted(string? enabled)
    {
        var run = await Poktapok(new Dictionary<string, string?> { ["Auth:Dev:Enabled"] = enabled, ["Auth:Dev:KeyPath"] = KeyPath },
            "token", "--did", "did:privy:dev-user");

        run.ExitCode.ShouldBe(PoktapokCli.ExitConfiguration);
        run.Output.ShouldBeEmpty();
        run.Error.ShouldBe("poktapok: dev tokens are off: set Auth:Dev:Enabled=true (POKTAPOK_Auth__Dev__Enabled=true) "
            + "for this command and the server." + Environment.NewLine);
        File.Exists(KeyPath).ShouldBeFalse();
    }

    [Fact]
    public async Task with_dev_auth_the_printed_token_is_accepted_by_the_configured_verifier()
    {
        var before = DateTimeOffset.UtcNow;

        var run = await Poktapok(DevSettings, "token", "--did", "did:privy:dev-user", "--hours", "2",
            "--claim", "role=moderator", "--claim", "level=3", "--claim", "guest=false", "--claim", """profile={"name":"Ana"}""");

        run.ExitCode.ShouldBe(0, run.Error);
        var token = run.Output.Trim();
        token.Split('.').Length.ShouldBe(3);
        var verifier = AuthConfiguration.CreateVerifier(PoktapokConfiguration.Build(DevSettings));
        var identity = (await verifier.VerifyAsync(AuthTokenType.User, token, CancellationToken.None)).Identity!;
        identity.Subject.ShouldBe("did:privy:dev-user");
        identity.Issuer.ShouldBe(DevTokens.Issuer);
        identity.TokenIdentifier.ShouldBe("poktapok-dev|did:privy:dev-user");
        identity.ExpiresAt!.Value.ShouldBeInRange(before.AddHours(2).AddSeconds(-2), DateTimeOffset.UtcNow.AddHours(2).AddSeconds(1));
        identity.Claims["aud"].ShouldBe(DevTokens.Audience);
        identity.Claims["sid"].ShouldBeOfType<string>().ShouldNotBeEmpty();
        identity.Claims["iat"].ShouldBeOfType<long>();
        identity.Claims["role"].ShouldBe("moderator");
        identity.Claims["level"].ShouldBe(3L);
        identity.Claims["guest"].ShouldBe(false);
        identity.Claims["profile.name"].ShouldBe("Ana");
    }

    [Fact]
    public async Task the_dev_key_is_made_once_and_readable_by_its_owner_only()
    {
        var first = await Poktapok(DevSettings, "token", "--did", "did:privy:a");
        var key = await File.ReadAllTextAsync(KeyPath);
        var second = await Poktapok(DevSettings, "token", "--did", "did:privy:b");

        first.ExitCode.ShouldBe(0, first.Error);
        second.ExitCode.ShouldBe(0, second.Error);
        (await File.ReadAllTextAsync(KeyPath)).ShouldBe(key);
        key.ShouldStartWith("-----BEGIN PRIVATE KEY-----");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(KeyPath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task a_token_from_another_dev_key_is_refused()
    {
        var otherSettings = new Dictionary<string, string?>(DevSettings) { ["Auth:Dev:KeyPath"] = Path.Combine(_directory, "other.pem") };
        var run = await Poktapok(otherSettings, "token", "--did", "did:privy:a");
        var verifier = AuthConfiguration.CreateVerifier(PoktapokConfiguration.Build(DevSettings));

        var refusal = await Should.ThrowAsync<AuthenticationException>(
            () => verifier.VerifyAsync(AuthTokenType.User, run.Output.Trim(), CancellationToken.None));

        refusal.Message.ShouldStartWith("Token signature is invalid");
    }

    [Theory]
    [InlineData("--claim", "novalue", "--claim novalue: expected key=value.")]
    [InlineData("--claim", "sub=did:privy:other", "--claim sub: this claim is set by the token itself.")]
    [InlineData("--hours", "0", "--hours must be more than 0")]
    public async Task bad_arguments_are_refused(string option, string value, string message)
    {
        var run = await Poktapok(DevSettings, "token", "--did", "did:privy:a", option, value);

        run.ExitCode.ShouldNotBe(0);
        run.Error.ShouldContain(message);
    }

    [Fact]
    public async Task the_did_is_required_and_the_verb_has_help()
    {
        var missing = await Poktapok(DevSettings, "token");
        var help = await Poktapok(null, "token", "--help");

        missing.ExitCode.ShouldNotBe(0);
        missing.Error.ShouldContain("--did");
        help.ExitCode.ShouldBe(0);
        help.Output.ShouldContain("Usage:");
        help.Output.ShouldContain("--did");
        help.Output.ShouldContain("--hours");
        help.Output.ShouldContain("--claim");
    }

    [Fact]
    public async Task dev_auth_can_be_turned_on_by_environment_variable()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "poktapok.dll"), "token", "--did", "did:privy:env"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["POKTAPOK_Auth__Dev__Enabled"] = "true", ["POKTAPOK_Auth__Dev__KeyPath"] = KeyPath },
        };

        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.ShouldBe(0, stderr);
        var verifier = AuthConfiguration.CreateVerifier(PoktapokConfiguration.Build(DevSettings));
        (await verifier.VerifyAsync(AuthTokenType.User, stdout.Trim(), CancellationToken.None)).Identity!.Subject.ShouldBe("did:privy:env");
    }

    [Theory]
    [InlineData("Auth:Privy:VerificationKey", "garbage", "poktapok: Auth:Privy: the public key is neither PEM nor base64.")]
    [InlineData("Auth:Privy:JwksUrl", "ftp://keys.example/jwks.json", "poktapok: Auth:Privy: the JWKS URL must be an absolute http(s):// URL or a data: URL.")]
    [InlineData("Auth:Dev:Enabled", "yes", "poktapok: Auth:Dev:Enabled must be true or false.")]
    public async Task serve_with_auth_settings_that_cannot_work_stops_with_one_line(string key, string value, string message)
    {
        await using var fresh = await FreshDatabase.CreateAsync();
        var settings = new Dictionary<string, string?> { ["Auth:Privy:AppId"] = "app", [key] = value };

        var run = await Poktapok(settings, "serve", "--urls", "http://127.0.0.1:0", "--database", fresh.Url);

        run.ExitCode.ShouldBe(PoktapokCli.ExitConfiguration);
        run.Error.ShouldBe(message + Environment.NewLine);
    }
}
