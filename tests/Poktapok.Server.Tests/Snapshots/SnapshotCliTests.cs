using Poktapok.Server.Cli;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Snapshots;

/// <summary><c>poktapok export</c> and <c>poktapok import-snapshot</c>: output, progress and exit codes.</summary>
public sealed class SnapshotCliTests : DatabaseTest, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("poktapok-snapshots-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int Code, string Output, string Error)> Poktapok(TestDatabase database, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var url = database.Target.Provider == Engine.Data.DatabaseProvider.Sqlite
            ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.Target.ConnectionString).DataSource
            : database.Target.ConnectionString;
        var code = await PoktapokCli.RunAsync(args, output, error, new Dictionary<string, string?> { ["Database:Url"] = url });
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task export_writes_the_zip_with_progress_on_stderr_and_a_summary_on_stdout()
    {
        await SnapshotData.FillAsync(Database);
        var path = Path.Combine(_folder, "backup.zip");

        var run = await Poktapok(Database, "export", path);

        run.Code.ShouldBe(PoktapokCli.ExitOk, run.Error);
        run.Error.ShouldContain("  users: 3 row(s)");
        run.Error.ShouldContain("  skills: 44 row(s)");
        run.Output.ShouldMatch(@"^Exported \d+ row\(s\) from 21 table\(s\) at commit \d+ to .*backup\.zip in [\d.]+s\.\s*$");
        SnapshotData.Entries(await File.ReadAllBytesAsync(path)).Keys.ShouldContain("users/documents.jsonl");
        Directory.GetFiles(_folder).ShouldBe([path], "no partial file is left behind");
    }

    [Fact]
    public async Task export_into_a_folder_names_the_file_after_the_snapshot_and_never_overwrites()
    {
        var named = await Poktapok(Database, "export", _folder);
        named.Code.ShouldBe(PoktapokCli.ExitOk, named.Error);
        var file = Directory.GetFiles(_folder).ShouldHaveSingleItem();
        Path.GetFileName(file).ShouldMatch(@"^snapshot_\d+\.zip$");

        var again = await Poktapok(Database, "export", file);

        again.Code.ShouldBe(PoktapokCli.ExitConfiguration);
        again.Error.ShouldBe($"poktapok: {file} already exists; choose another name or delete it.{Environment.NewLine}");
    }

    [Fact]
    public async Task import_snapshot_refuses_a_database_with_rows_in_one_line_and_replace_takes_it()
    {
        await SnapshotData.FillAsync(Database);
        var path = Path.Combine(_folder, "backup.zip");
        (await Poktapok(Database, "export", path)).Code.ShouldBe(PoktapokCli.ExitOk);

        var refused = await Poktapok(Database, "import-snapshot", path);

        refused.Code.ShouldBe(PoktapokCli.ExitConfiguration);
        var lines = refused.Error.TrimEnd().Split('\n');
        lines[^1].ShouldStartWith("poktapok: backup.zip: the database already has rows in ");
        lines[^1].ShouldEndWith("Nothing was imported.");
        refused.Output.ShouldBeEmpty();

        var replaced = await Poktapok(Database, "import-snapshot", path, "--replace");

        replaced.Code.ShouldBe(PoktapokCli.ExitOk, replaced.Error);
        replaced.Error.ShouldContain("  pulpa_distributions: 1 row(s)");
        replaced.Output.ShouldMatch(@"^Imported \d+ row\(s\) into 21 table\(s\) as commit \d+ in [\d.]+s\.\s*$");
    }

    [Fact]
    public async Task import_snapshot_into_a_fresh_database_and_its_errors()
    {
        await SnapshotData.FillAsync(Database);
        var path = Path.Combine(_folder, "backup.zip");
        (await Poktapok(Database, "export", path)).Code.ShouldBe(PoktapokCli.ExitOk);
        await using var fresh = await TestDatabase.CreateAsync();

        var imported = await Poktapok(fresh, "import-snapshot", path);
        imported.Code.ShouldBe(PoktapokCli.ExitOk, imported.Error);
        (await SnapshotData.CountsAsync(fresh.Target)).ShouldBe(await SnapshotData.CountsAsync(Database.Target));

        var missing = await Poktapok(fresh, "import-snapshot", Path.Combine(_folder, "nope.zip"));
        missing.Code.ShouldBe(PoktapokCli.ExitConfiguration);
        missing.Error.ShouldContain("nope.zip: no such file.");

        var corrupt = Path.Combine(_folder, "corrupt.zip");
        await File.WriteAllBytesAsync(corrupt, SnapshotData.Edited(await File.ReadAllBytesAsync(path), "users/documents.jsonl", t => "oops\n" + t));
        await using var empty = await TestDatabase.CreateAsync();
        var bad = await Poktapok(empty, "import-snapshot", corrupt);
        bad.Code.ShouldBe(PoktapokCli.ExitConfiguration);
        bad.Error.ShouldContain("poktapok: corrupt.zip: users/documents.jsonl line 1: ");
        bad.Error.TrimEnd().Split('\n')[^1].ShouldEndWith("Nothing was imported.");
    }

    [Theory]
    [InlineData("export")]
    [InlineData("import-snapshot")]
    public async Task both_verbs_have_help(string verb)
    {
        var run = await Poktapok(Database, verb, "--help");

        run.Code.ShouldBe(0);
        run.Output.ShouldContain("Usage:");
        run.Output.ShouldContain("<file>");
        if (verb == "import-snapshot")
        {
            run.Output.ShouldContain("--replace");
        }
    }
}
