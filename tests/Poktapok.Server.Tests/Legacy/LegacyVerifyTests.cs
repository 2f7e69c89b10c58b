using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;
using Poktapok.Legacy;
using Poktapok.Server.Cli;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Legacy;

/// <summary><c>verify</c> finds what differs, explains what the rejects report explains, and the CLI verbs around both.</summary>
public sealed class LegacyVerifyTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private sealed record Run(int ExitCode, string Output, string Error);

    private static async Task<Run> Poktapok(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PoktapokCli.RunAsync(args, output, error);
        return new Run(code, output.ToString(), error.ToString());
    }

    private static string Url(TestDatabase database) => database.Target.Provider == DatabaseProvider.Sqlite
        ? new SqliteConnectionStringBuilder(database.Target.ConnectionString).DataSource
        : database.Target.ConnectionString;

    private static async Task<(LegacyDatabase, TestDatabase, ImportReport)> ImportedAsync()
    {
        var legacy = await LegacyDatabase.CreateAsync();
        await new LegacySeed { Users = 80 }.FillAsync(legacy.ConnectionString);
        var target = await TestDatabase.CreateAsync();
        var report = await LegacyImport.RunAsync(new ImportOptions { From = legacy.ConnectionString, Target = target.Target }, None);
        return (legacy, target, report);
    }

    [Fact]
    public async Task verify_reports_changed_missing_extra_rows_and_unexplained_rejects()
    {
        var (legacy, target, report) = await ImportedAsync();
        await using var _ = legacy;
        await using var __ = target;
        Guid changed, missing, extra = Guid.NewGuid();
        await using (var db = target.Open())
        {
            var user = await db.Users.IgnoreQueryFilters().OrderBy(u => u.Id).FirstAsync();
            user.DisplayName = "tampered";
            changed = user.Id;
            var link = await db.SessionActivities.OrderBy(s => s.Id).FirstAsync();
            missing = link.Id;
            db.SessionActivities.Remove(link);
            db.Events.Add(new Event { Id = extra, Title = "Not from legacy", LumaUrl = "https://lu.ma/x", StartDate = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var verify = await LegacyVerify.RunAsync(legacy.ConnectionString, target.Target, report.Rejects, new HashSet<string>(), None);

        verify.Ok.ShouldBeFalse();
        verify.Tables.Single(t => t.Table == "users").Changed.ShouldBe([changed]);
        verify.Tables.Single(t => t.Table == "session_activities").Missing.ShouldBe([missing]);
        verify.Tables.Single(t => t.Table == "events").Extra.ShouldBe([extra]);
        verify.Tables.Where(t => t.Table is not ("users" or "session_activities" or "events")).ShouldAllBe(t => t.Ok);

        // Without the rejects report, the refused rows are unexplained absences.
        var unexplained = await LegacyVerify.RunAsync(legacy.ConnectionString, target.Target, [], new HashSet<string>(), None);
        unexplained.Tables.Single(t => t.Table == "invitations").Missing.Count.ShouldBe(1);
    }

    [Fact]
    public async Task verify_finds_references_that_point_at_nothing()
    {
        var (legacy, target, report) = await ImportedAsync();
        await using var _ = legacy;
        await using var __ = target;
        // Delete a session behind the foreign keys' back, leaving its links and attendance orphaned.
        const string delete = "DELETE FROM sessions WHERE id = (SELECT session_id FROM session_activities ORDER BY id LIMIT 1)";
        if (target.Target.Provider == DatabaseProvider.Sqlite)
        {
            await using var connection = new SqliteConnection(target.Target.ConnectionString + ";Foreign Keys=False;Pooling=False");
            await connection.OpenAsync();
            await using var command = new SqliteCommand(delete, connection);
            (await command.ExecuteNonQueryAsync()).ShouldBe(1);
        }
        else
        {
            await using var connection = new NpgsqlConnection(target.Target.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SET session_replication_role = replica; {delete}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var verify = await LegacyVerify.RunAsync(legacy.ConnectionString, target.Target, report.Rejects, new HashSet<string>(), None);

        verify.Ok.ShouldBeFalse();
        verify.Orphans.ShouldContain(o => o.Table == "session_activities" && o.Column == "session_id" && o.References == "sessions");
        verify.Tables.Single(t => t.Table == "sessions").Missing.Count.ShouldBe(1);
        LegacyVerify.Format(verify).ShouldContain("orphan");
    }

    [Fact]
    public async Task import_and_verify_verbs_print_a_summary_and_exit_by_the_result()
    {
        await using var legacy = await LegacyDatabase.CreateAsync();
        await new LegacySeed { Users = 60 }.FillAsync(legacy.ConnectionString);
        await using var target = await TestDatabase.CreateAsync();
        var rejects = Path.Combine(Path.GetTempPath(), "poktapok-tests", $"cli-rejects-{Guid.NewGuid():N}.jsonl");

        var dry = await Poktapok("import", "--from", legacy.ConnectionString, "--database", Url(target), "--dry-run", "--rejects", rejects);
        var import = await Poktapok("import", "--from", legacy.ConnectionString, "--database", Url(target), "--rejects", rejects,
            "--fix", "event-type", "--batch-size", "50");
        var verify = await Poktapok("verify", "--from", legacy.ConnectionString, "--database", Url(target), "--rejects", rejects, "--fix", "event-type");
        var unexplained = await Poktapok("verify", "--from", legacy.ConnectionString, "--database", Url(target));

        dry.ExitCode.ShouldBe(0, dry.Error);
        dry.Output.ShouldContain("to write");
        dry.Error.ShouldContain("dry run");
        import.ExitCode.ShouldBe(0, import.Error);
        import.Output.ShouldContain("total");
        import.Output.ShouldContain("fixed: events");
        import.Output.ShouldContain("refused; see");
        import.Error.ShouldContain("[admins] users");
        import.Error.ShouldContain("rows/s");
        (await File.ReadAllLinesAsync(rejects)).Length.ShouldBeGreaterThan(0);
        verify.ExitCode.ShouldBe(0, verify.Output);
        verify.Output.ShouldContain("no unexplained difference");
        unexplained.ExitCode.ShouldBe(1);
        unexplained.Output.ShouldContain("DIFFERENT");
        await using var db = target.Open();
        (await db.Events.AnyAsync(e => e.EventType == EventType.Virtual)).ShouldBeTrue();
    }

    [Fact]
    public async Task a_bad_source_or_option_is_one_line_without_the_password()
    {
        await using var target = await TestDatabase.CreateAsync();

        var unreachable = await Poktapok("import", "--from", "postgres://poktapok:s3cret-pass@127.0.0.1:1/legacy", "--database", Url(target));
        var badFix = await Poktapok("import", "--from", "postgres://u:s3cret-pass@127.0.0.1:1/legacy", "--database", Url(target), "--fix", "everything");
        var badOnly = await Poktapok("import", "--from", "postgres://u:s3cret-pass@127.0.0.1:1/legacy", "--database", Url(target), "--only", "admins,nope");
        var notPostgres = await Poktapok("verify", "--from", "legacy.db", "--database", Url(target));

        foreach (var run in new[] { unreachable, badFix, badOnly, notPostgres })
        {
            run.ExitCode.ShouldBe(2, run.Output + run.Error);
            run.Error.Split('\n').Count(l => l.StartsWith("poktapok: ", StringComparison.Ordinal)).ShouldBe(1, run.Error);
            (run.Output + run.Error).ShouldNotContain("s3cret-pass");
        }

        badFix.Error.ShouldContain("everything");
        badOnly.Error.ShouldContain("nope");
        notPostgres.Error.ShouldContain("--from");
    }
}
