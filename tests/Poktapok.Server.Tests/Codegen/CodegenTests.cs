using Poktapok.App;
using Poktapok.Server.Cli;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Codegen;

/// <summary>
/// <c>poktapok codegen</c> over the real app: the example frontend's committed <c>convex/_generated/</c> is what the
/// functions generate today, every id names its table, and the command writes, leaves alone and checks files.
/// </summary>
public sealed class CodegenTests : IDisposable
{
    private static readonly string s_committed = Path.Combine(Repository.Root, "examples", "web", "convex", "_generated");

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "poktapok-tests", "codegen-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void the_example_apps_generated_api_is_up_to_date()
    {
        foreach (var file in AppFunctions.GenerateTypeScript().Files)
        {
            var path = Path.Combine(s_committed, file.Name);
            File.Exists(path).ShouldBeTrue($"{path} is missing: run `dotnet run --project src/Poktapok.Server -- codegen --out examples/web/convex`.");
            File.ReadAllText(path).ShouldBe(file.Content,
                $"examples/web/convex/_generated/{file.Name} is out of date: run `dotnet run --project src/Poktapok.Server -- codegen --out examples/web/convex` and commit it.");
        }
    }

    [Fact]
    public void every_id_of_the_app_names_its_table()
    {
        AppFunctions.GenerateTypeScript().UntypedIds.ShouldBeEmpty("name the field after its table (userId) or add [IdOf(\"table\")]");
    }

    [Fact]
    public void the_api_has_every_public_function_and_internal_ones_only_under_internal()
    {
        var api = AppFunctions.GenerateTypeScript().Files.Single(f => f.Name == "api.d.ts").Content;
        var split = api.IndexOf("export declare const internal", StringComparison.Ordinal);
        var values = AppFunctions.CreateValueMapper();
        var registry = AppFunctions.CreateRegistry(values);
        var publicCount = registry.Functions.Count(f => !f.IsInternal);
        var internalCount = registry.Functions.Count(f => f.IsInternal);

        CountOf(api[..split], "\"public\",").ShouldBe(publicCount);
        CountOf(api[..split], "\"internal\",").ShouldBe(0);
        CountOf(api[split..], "\"internal\",").ShouldBe(internalCount);
        CountOf(api[split..], "\"public\",").ShouldBe(0);
        api.ShouldContain("""
                listPublished: FunctionReference<
                  "query",
                  "public",
                  {
                    status?: "upcoming" | "live" | "past" | "all";
                    featured?: boolean | null;
                    limit?: number;
                  },
                  Doc<"events">[]
                >;
            """);
    }

    [Fact]
    public async Task the_command_writes_the_files_then_leaves_them_alone_and_check_finds_a_stale_one()
    {
        var convex = Path.Combine(_directory, "convex");
        var first = await RunAsync("codegen", "--out", convex);
        first.ExitCode.ShouldBe(PoktapokCli.ExitOk, first.Error);
        first.Output.ShouldContain("wrote api.d.ts, api.js, dataModel.d.ts");
        var generated = Path.Combine(convex, "_generated");
        Directory.GetFiles(generated).Select(Path.GetFileName).Order().ShouldBe(["api.d.ts", "api.js", "dataModel.d.ts"]);
        var written = File.GetLastWriteTimeUtc(Path.Combine(generated, "api.d.ts"));

        // Given the _generated folder itself, it writes there too; nothing changed, so nothing is written.
        var again = await RunAsync("codegen", "--out", generated);
        again.Output.ShouldContain("up to date (3 files)");
        File.GetLastWriteTimeUtc(Path.Combine(generated, "api.d.ts")).ShouldBe(written);
        Directory.Exists(Path.Combine(generated, "_generated")).ShouldBeFalse();

        (await RunAsync("codegen", "--out", convex, "--check")).ExitCode.ShouldBe(PoktapokCli.ExitOk);
        await File.AppendAllTextAsync(Path.Combine(generated, "dataModel.d.ts"), "// edited\n");
        var stale = await RunAsync("codegen", "--out", convex, "--check");
        stale.ExitCode.ShouldBe(PoktapokCli.ExitFailure);
        stale.Error.ShouldContain("out of date (dataModel.d.ts)");
        File.ReadAllText(Path.Combine(generated, "dataModel.d.ts")).ShouldEndWith("// edited\n", customMessage: "--check writes nothing");
    }

    [Fact]
    public async Task a_directory_it_cannot_write_is_one_line_and_exit_code_2()
    {
        Directory.CreateDirectory(_directory);
        var file = Path.Combine(_directory, "not-a-directory");
        await File.WriteAllTextAsync(file, "");
        var run = await RunAsync("codegen", "--out", Path.Combine(file, "convex"));
        run.ExitCode.ShouldBe(PoktapokCli.ExitConfiguration);
        run.Error.ShouldStartWith("poktapok codegen: cannot write ");
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task the_command_needs_an_out_directory()
    {
        var run = await RunAsync("codegen");
        run.ExitCode.ShouldNotBe(PoktapokCli.ExitOk);
        run.Error.ShouldContain("--out");
    }

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    private sealed record Run(int ExitCode, string Output, string Error);

    private static async Task<Run> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PoktapokCli.RunAsync(args, output, error);
        return new Run(code, output.ToString(), error.ToString());
    }
}
