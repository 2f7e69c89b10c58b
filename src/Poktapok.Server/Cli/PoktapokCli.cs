using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Poktapok.Engine.Functions;
using Poktapok.App.Data;
using Poktapok.Engine.Data;
using Poktapok.Server.Hosting;

namespace Poktapok.Server.Cli;

/// <summary>
/// The <c>poktapok</c> command line. With no verb it serves. Every verb reads the same configuration
/// (<see cref="PoktapokConfiguration"/>); <c>--database</c> and <c>--urls</c> override it for one run.
/// Expected failures (a bad database URL, an unreachable database) print one line on stderr and exit 2.
/// </summary>
public static class PoktapokCli
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

        var root = new RootCommand("Poktapok: the Frutero Club backend, a Convex-compatible server for its data and functions.");
        root.Options.Add(s_database);
        root.Options.Add(s_urls);
        root.Subcommands.Add(serve);
        root.Subcommands.Add(db);
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

    // Expected failures become one line on stderr; anything else is a bug and keeps its stack trace.
    private static async Task<int> Guarded(TextWriter error, Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (e is DatabaseUrlException or DatabaseUnavailableException or FunctionRegistryException)
        {
            await error.WriteLineAsync($"poktapok: {e.Message}");
            return ExitConfiguration;
        }
    }
}
