using System.CommandLine;
using Poktapok.App.Data;
using Poktapok.Engine.Data;
using Poktapok.Legacy;

namespace Poktapok.Server.Cli;

// `poktapok import` and `poktapok verify`: move the legacy Neon database into Poktapok and check the result.
public static partial class PoktapokCli
{
    private static readonly Option<string> s_from = new("--from")
    {
        Description = "The legacy database: a postgres:// URL (as Neon gives it) or an Npgsql connection string. Its password is never printed.",
        Required = true,
    };

    private static readonly Option<string[]> s_only = new("--only")
    {
        Description = "Import only these: admins, events (published events and programs) and/or legacy table names, comma-separated.",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<bool> s_dryRun = new("--dry-run")
    {
        Description = "Read, map and validate every row and report, but write nothing.",
    };

    private static readonly Option<string?> s_rejects = new("--rejects")
    {
        Description = "import: where refused rows are listed (JSON Lines; default .poktapok/import-rejects-<timestamp>.jsonl). "
                      + "verify: the report of the import, whose rows are explained differences.",
    };

    private static readonly Option<string[]> s_fix = new("--fix")
    {
        Description = $"Repair known legacy problems instead of refusing the rows, comma-separated: {string.Join(", ", LegacyTables.FixPolicies)}.",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<int> s_batchSize = WithValidator(new Option<int>("--batch-size")
    {
        Description = "Rows per batch; each batch is one transaction with one commit (1–50000).",
        DefaultValueFactory = _ => 1000,
    }, result =>
    {
        if (result.GetValueOrDefault<int>() is < 1 or > 50_000)
        {
            result.AddError("--batch-size must be from 1 to 50000.");
        }
    });

    private static Command ImportCommand(TextWriter output, TextWriter error, IDictionary<string, string?> settings)
    {
        var import = new Command("import", "Import the legacy database: admins, then published events, then every other row, upserting by legacy id.");
        import.Options.Add(s_from);
        import.Options.Add(s_only);
        import.Options.Add(s_dryRun);
        import.Options.Add(s_rejects);
        import.Options.Add(s_fix);
        import.Options.Add(s_batchSize);
        import.SetAction((parse, ct) => Guarded(error, () => ImportAsync(parse, settings, output, error, ct)));
        return import;
    }

    private static Command VerifyCommand(TextWriter output, TextWriter error, IDictionary<string, string?> settings)
    {
        var verify = new Command("verify", "Compare the legacy database with Poktapok: counts, key sets, checksums, references. Exit 1 on any unexplained difference.");
        verify.Options.Add(s_from);
        verify.Options.Add(s_rejects);
        verify.Options.Add(s_fix);
        verify.SetAction((parse, ct) => Guarded(error, () => VerifyAsync(parse, settings, output, ct)));
        return verify;
    }

    private static async Task<int> ImportAsync(ParseResult parse, IDictionary<string, string?> settings, TextWriter output, TextWriter error,
        CancellationToken ct)
    {
        var target = DatabaseTarget.Parse(Configuration(parse, settings)["Database:Url"]);
        var dryRun = parse.GetValue(s_dryRun);
        var options = new ImportOptions
        {
            From = parse.GetValue(s_from)!,
            Target = target,
            Only = SplitList(parse.GetValue(s_only)),
            DryRun = dryRun,
            RejectsPath = parse.GetValue(s_rejects) ?? RejectsFile.DefaultPath(DateTimeOffset.UtcNow),
            Fixes = LegacyImport.ParseFixes(parse.GetValue(s_fix) ?? []),
            BatchSize = parse.GetValue(s_batchSize),
            Progress = error,
        };
        LegacyImport.Plan(options.Only);
        if (!dryRun)
        {
            await Migrator.MigrateAsync(target, ct);
        }

        await error.WriteLineAsync($"import into {target.Display}{(dryRun ? " (dry run: nothing is written)" : "")}");
        var report = await LegacyImport.RunAsync(options, ct);
        await output.WriteLineAsync(LegacyImport.Summary(report, dryRun));
        foreach (var line in report.Fixes.Take(20))
        {
            await output.WriteLineAsync($"fixed: {line}");
        }

        if (report.Fixes.Count > 20)
        {
            await output.WriteLineAsync($"fixed: … {report.Fixes.Count - 20} more");
        }

        if (report.Rejects.Count > 0)
        {
            await output.WriteLineAsync($"{report.Rejects.Count} row(s) refused; see {options.RejectsPath}");
        }

        return ExitOk;
    }

    private static async Task<int> VerifyAsync(ParseResult parse, IDictionary<string, string?> settings, TextWriter output, CancellationToken ct)
    {
        var target = DatabaseTarget.Parse(Configuration(parse, settings)["Database:Url"]);
        var rejects = parse.GetValue(s_rejects) is { } path ? await RejectsFile.ReadAsync(path, ct) : [];
        var report = await LegacyVerify.RunAsync(parse.GetValue(s_from)!, target, rejects, LegacyImport.ParseFixes(parse.GetValue(s_fix) ?? []), ct);
        await output.WriteLineAsync(LegacyVerify.Format(report));
        return report.Ok ? ExitOk : ExitFailure;
    }

    private static List<string> SplitList(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
