using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Poktapok.Engine.Auth;
using Poktapok.Engine.Functions;
using Poktapok.App.Data;
using Poktapok.Engine.Data;
using Poktapok.Server.Hosting;

namespace Poktapok.Server.Cli;

/// <summary>
/// The <c>poktapok</c> command line. With no verb it serves. Every verb reads the same configuration
/// (<see cref="PoktapokConfiguration"/>); <c>--database</c> and <c>--urls</c> override it for one run.
/// Expected failures (a bad database URL, an unreachable database, auth settings that cannot work) print one line
/// on stderr and exit 2.
/// </summary>
public static partial class PoktapokCli
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitConfiguration = 2;

    private static readonly Option<string?> s_database = new("--database")
    {
        Description = "The database: a SQLite file path, a postgres:// URL or an Npgsql connection string (overrides Database:Url).",
        Recursive = true,
    };

    private static readonly Option<string?> s_urls = new("--urls")
    {
        Description = "Where to listen, e.g. http://127.0.0.1:3210 (overrides Urls).",
    };

    private static readonly Option<string> s_did = new("--did")
    {
        Description = "The token's subject, a Privy DID such as did:privy:abc123.",
        Required = true,
    };

    private static readonly Option<double> s_hours = WithValidator(new Option<double>("--hours")
    {
        Description = "How long the token is valid, in hours.",
        DefaultValueFactory = _ => 1,
    }, result =>
    {
        if (result.GetValueOrDefault<double>() is var hours && (hours <= 0 || hours > 24 * 366))
        {
            result.AddError("--hours must be more than 0 and at most a year (8784).");
        }
    });

    private static readonly Option<string[]> s_claims = WithValidator(new Option<string[]>("--claim")
    {
        Description = "An extra claim, key=value (repeatable). A value that is JSON (42, true, {\"a\":1}) is used as JSON; anything else is a string.",
        Arity = ArgumentArity.ZeroOrMore,
    }, result =>
    {
        foreach (var claim in result.GetValueOrDefault<string[]>() ?? [])
        {
            if (ParseClaim(claim) is not { } parsed)
            {
                result.AddError($"--claim {claim}: expected key=value.");
            }
            else if (DevTokens.ReservedClaims.Contains(parsed.Key))
            {
                result.AddError($"--claim {parsed.Key}: this claim is set by the token itself.");
            }
        }
    });

    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null,
        IDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var root = Build(output, error, settings ?? new Dictionary<string, string?>());
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    private static RootCommand Build(TextWriter output, TextWriter error, IDictionary<string, string?> settings)
    {
        var serve = new Command("serve", "Run the server: the Convex-compatible API and the HTTP routes (the default verb).");
        serve.Options.Add(s_urls);
        serve.SetAction((parse, ct) => Guarded(error, () => ServeAsync(parse, settings, ct)));

        var migrate = new Command("migrate", "Create the database if needed and apply pending migrations, then exit.");
        migrate.SetAction((parse, ct) => Guarded(error, () => MigrateAsync(parse, settings, output, ct)));

        var db = new Command("db", "Database maintenance.");
        db.Subcommands.Add(migrate);

        var token = new Command("token", "Print a dev token (a Privy-shaped JWT signed with the local dev key) for --did. Needs Auth:Dev:Enabled=true.");
        token.Options.Add(s_did);
        token.Options.Add(s_hours);
        token.Options.Add(s_claims);
        token.SetAction((parse, ct) => Guarded(error, () => TokenAsync(parse, settings, output)));

        var root = new RootCommand("Poktapok: the Frutero Club backend, a Convex-compatible server for its data and functions.");
        root.Options.Add(s_database);
        root.Options.Add(s_urls);
        root.Subcommands.Add(serve);
        root.Subcommands.Add(db);
        root.Subcommands.Add(token);
        root.Subcommands.Add(CodegenCommand(output, error));
        root.Subcommands.Add(JobsCommand(output, error, settings));
        root.Subcommands.Add(CronsCommand(output, error, settings));
        root.Subcommands.Add(ImportCommand(output, error, settings));
        root.Subcommands.Add(VerifyCommand(output, error, settings));
        root.Subcommands.Add(ExportCommand(output, error, settings));
        root.Subcommands.Add(ImportSnapshotCommand(output, error, settings));
        root.SetAction((parse, ct) => Guarded(error, () => ServeAsync(parse, settings, ct)));
        return root;
    }

    private static IConfiguration Configuration(ParseResult parse, IDictionary<string, string?> settings)
    {
        var overrides = new Dictionary<string, string?>(settings);
        if (parse.GetValue(s_database) is { } database)
        {
            overrides["Database:Url"] = database;
        }

        if (parse.GetValue(s_urls) is { } urls)
        {
            overrides["Urls"] = urls;
        }

        return PoktapokConfiguration.Build(overrides);
    }

    private static async Task<int> ServeAsync(ParseResult parse, IDictionary<string, string?> settings, CancellationToken ct)
    {
        var configuration = Configuration(parse, settings);
        var target = DatabaseTarget.Parse(configuration["Database:Url"]);
        await Migrator.MigrateAsync(target, ct);
        await using var app = ServerHost.Build(configuration, target);
        await app.RunAsync(ct);
        return ExitOk;
    }

    private static async Task<int> MigrateAsync(ParseResult parse, IDictionary<string, string?> settings, TextWriter output, CancellationToken ct)
    {
        var target = DatabaseTarget.Parse(Configuration(parse, settings)["Database:Url"]);
        var applied = await Migrator.MigrateAsync(target, ct);
        await output.WriteLineAsync(applied.Count == 0
            ? $"{target.Display}: up to date."
            : $"{target.Display}: applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
        return ExitOk;
    }

    private static async Task<int> TokenAsync(ParseResult parse, IDictionary<string, string?> settings, TextWriter output)
    {
        var configuration = Configuration(parse, settings);
        if (!AuthConfiguration.DevEnabled(configuration))
        {
            throw new AuthConfigurationException(
                "dev tokens are off: set Auth:Dev:Enabled=true (POKTAPOK_Auth__Dev__Enabled=true) for this command and the server.");
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in (parse.GetValue(s_claims) ?? []).Select(c => ParseClaim(c)!.Value))
        {
            claims[key] = value;
        }

        using var dev = DevTokens.LoadOrCreate(configuration["Auth:Dev:KeyPath"]);
        var jwt = dev.Mint(parse.GetValue(s_did)!, TimeSpan.FromHours(parse.GetValue(s_hours)), claims);
        await output.WriteLineAsync(jwt);
        return ExitOk;
    }

    private static Option<T> WithValidator<T>(Option<T> option, Action<System.CommandLine.Parsing.OptionResult> validate)
    {
        option.Validators.Add(validate);
        return option;
    }

    // key=value; a value that parses as JSON keeps its type, anything else is a string.
    private static KeyValuePair<string, object>? ParseClaim(string claim)
    {
        var equals = claim.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return null;
        }

        var value = claim[(equals + 1)..];
        object parsed;
        try
        {
            using var json = JsonDocument.Parse(value);
            parsed = json.RootElement.Clone();
        }
        catch (JsonException)
        {
            parsed = value;
        }

        return new(claim[..equals].Trim(), parsed);
    }

    // Expected failures become one line on stderr; anything else is a bug and keeps its stack trace.
    private static async Task<int> Guarded(TextWriter error, Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (e is DatabaseUrlException or DatabaseUnavailableException or FunctionRegistryException
            or AuthConfigurationException or StorageConfigurationException or App.Luma.LumaConfigurationException or Engine.Scheduling.SchedulingException
            or App.Data.Snapshots.SnapshotException or Legacy.LegacyImportException or Engine.Codegen.CodegenException)
        {
            await error.WriteLineAsync($"poktapok: {e.Message}");
            return ExitConfiguration;
        }
    }
}
