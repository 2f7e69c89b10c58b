using System.CommandLine;
using Poktapok.App;

namespace Poktapok.Server.Cli;

public static partial class PoktapokCli
{
    private static readonly Option<string> s_codegenOut = new("--out")
    {
        Description = "The frontend's convex folder (files go to <dir>/_generated/) or the _generated folder itself.",
        Required = true,
    };

    private static readonly Option<bool> s_codegenCheck = new("--check")
    {
        Description = "Write nothing; exit 1 when a generated file is missing or differs (for CI).",
    };

    private static Command CodegenCommand(TextWriter output, TextWriter error)
    {
        var command = new Command("codegen", "Write the TypeScript api.js, api.d.ts and dataModel.d.ts a Convex frontend imports, typed from the C# functions.");
        command.Options.Add(s_codegenOut);
        command.Options.Add(s_codegenCheck);
        command.SetAction((parse, ct) => Guarded(error, () => CodegenAsync(parse.GetValue(s_codegenOut)!, parse.GetValue(s_codegenCheck), output, error, ct)));
        return command;
    }

    /// <summary>
    /// Generates the files and writes the ones that changed (a file with the same bytes is left alone, so its
    /// timestamp does not wake a dev server). With <paramref name="check"/>, compares instead and fails on a difference
    /// (exit 1). A directory it cannot write is one line on stderr and exit 2.
    /// </summary>
    private static async Task<int> CodegenAsync(string outDirectory, bool check, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var directory = Path.GetFullPath(Path.GetFileName(Path.TrimEndingDirectorySeparator(outDirectory)) == "_generated"
            ? outDirectory
            : Path.Combine(outDirectory, "_generated"));
        var generated = AppFunctions.GenerateTypeScript();
        foreach (var untyped in generated.UntypedIds)
        {
            await error.WriteLineAsync($"poktapok codegen: warning: {untyped} is an id of no known table; typed as string (add [IdOf(\"table\")]).");
        }

        var stale = new List<string>();
        foreach (var file in generated.Files)
        {
            var path = Path.Combine(directory, file.Name);
            var current = File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : null;
            if (current == file.Content)
            {
                continue;
            }

            stale.Add(file.Name);
            if (!check)
            {
                try
                {
                    Directory.CreateDirectory(directory);
                    await File.WriteAllTextAsync(path, file.Content, ct);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    await error.WriteLineAsync($"poktapok codegen: cannot write {path}: {e.Message}");
                    return ExitConfiguration;
                }
            }
        }

        var shown = Path.GetRelativePath(Environment.CurrentDirectory, directory);
        if (check)
        {
            await (stale.Count == 0 ? output : error).WriteLineAsync(stale.Count == 0
                ? $"{shown}: up to date ({generated.Files.Count} files)."
                : $"poktapok codegen: {shown} is out of date ({string.Join(", ", stale)}); run `poktapok codegen --out {outDirectory}`.");
            return stale.Count == 0 ? ExitOk : ExitFailure;
        }

        await output.WriteLineAsync(stale.Count == 0
            ? $"{shown}: up to date ({generated.Files.Count} files)."
            : $"{shown}: wrote {string.Join(", ", stale)}; {generated.Files.Count - stale.Count} unchanged.");
        return ExitOk;
    }
}
