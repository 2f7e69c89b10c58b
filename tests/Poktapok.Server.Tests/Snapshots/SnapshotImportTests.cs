using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Data.Snapshots;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Snapshots;

/// <summary>import-snapshot: all or nothing, into an empty database unless told to replace, checked by the model's rules.</summary>
public sealed class SnapshotImportTests : DatabaseTest
{
    private async Task<byte[]> FilledSnapshotAsync()
    {
        await using var source = await TestDatabase.CreateAsync();
        await SnapshotData.FillAsync(source);
        return await SnapshotData.ExportAsync(source.Target);
    }

    [Fact]
    public async Task a_database_with_rows_is_refused_and_left_as_it_was()
    {
        var snapshot = await FilledSnapshotAsync();
        await using (var db = Database.Open())
        {
            await new Rows(db).SavedUser();
        }

        var before = await SnapshotData.CountsAsync(Database.Target);

        var refused = await Should.ThrowAsync<SnapshotException>(() => SnapshotData.ImportAsync(Database.Target, snapshot));

        refused.Message.ShouldContain("users (1)");
        refused.Message.ShouldContain("--replace");
        (await SnapshotData.CountsAsync(Database.Target)).ShouldBe(before);
    }

    [Fact]
    public async Task the_seed_rows_of_a_fresh_database_do_not_count_and_are_replaced_by_the_snapshots()
    {
        var snapshot = await FilledSnapshotAsync();

        await SnapshotData.ImportAsync(Database.Target, snapshot);

        await using var db = Database.Open();
        (await db.Skills.SingleAsync(s => s.Id == Rows.SeededSkillId)).UsageCount.ShouldBe(5, "the snapshot's copy of the seed skill");
        (await db.Skills.CountAsync()).ShouldBe(44);
        (await db.Programs.CountAsync()).ShouldBe(4);
    }

    [Fact]
    public async Task replace_deletes_the_rows_first_and_imports_in_one_commit()
    {
        var snapshot = await FilledSnapshotAsync();
        Guid stranger;
        await using (var db = Database.Open())
        {
            var rows = new Rows(db);
            stranger = (await rows.SavedUser()).Id;
            await rows.Saved(Rows.MinimalEvent());
            await rows.Saved(Rows.MinimalProject(stranger));
        }

        var result = await SnapshotData.ImportAsync(Database.Target, snapshot, replace: true);

        await using var check = Database.Open();
        (await check.Users.IgnoreQueryFilters().AnyAsync(u => u.Id == stranger)).ShouldBeFalse();
        (await check.Users.IgnoreQueryFilters().CountAsync()).ShouldBe(3);
        (await check.Events.CountAsync()).ShouldBe(1);
        var commit = await check.Commits.SingleAsync();
        commit.Ts.ShouldBe((long)result.CommitTs);
        commit.Tables.Split(',').ShouldContain("users");
        commit.Tables.Split(',').ShouldContain("demo_counters");
        commit.Tables.Split(',').Length.ShouldBe(21, "every app table was cleared or written");
    }

    [Fact]
    public async Task a_table_replace_only_empties_is_still_named_in_the_commit()
    {
        await using var source = await TestDatabase.CreateAsync();
        var seedsOnly = await SnapshotData.ExportAsync(source.Target);
        await using (var db = Database.Open())
        {
            await new Rows(db).Saved(Rows.MinimalEvent());
        }

        await SnapshotData.ImportAsync(Database.Target, seedsOnly, replace: true);

        await using var check = Database.Open();
        (await check.Events.CountAsync()).ShouldBe(0);
        (await check.Commits.SingleAsync()).Tables.Split(',').ShouldContain("events", "live queries on events must re-run");
    }

    [Fact]
    public async Task import_batches_rows_without_changing_what_lands()
    {
        var snapshot = await FilledSnapshotAsync();

        await SnapshotData.ImportAsync(Database.Target, snapshot, batchSize: 2);

        SnapshotData.Entries(await SnapshotData.ExportAsync(Database.Target))["skills/documents.jsonl"]
            .ShouldBe(SnapshotData.Entries(snapshot)["skills/documents.jsonl"]);
    }

    public static TheoryData<string, string, int, string, string> BadLines => new()
    {
        { "not JSON", "users/documents.jsonl", 2, "{\"_id\": \"x\",", "users/documents.jsonl line 2:" },
        { "a username that breaks the model's format", "users/documents.jsonl", 2, "username=has spaces", "users/documents.jsonl line 2: users: username:" },
        { "an unknown field", "users/documents.jsonl", 1, "nickname=ana", "users/documents.jsonl line 1: nickname: is not a field of users" },
        { "a role outside the closed set", "users/documents.jsonl", 3, "role=superuser", "users/documents.jsonl line 3: role" },
        { "nine decimals", "activities/documents.jsonl", 1, "rewardPulpaAmount=0.000000001", "at most 8 decimal places" },
        { "an instant finer than a microsecond", "users/documents.jsonl", 1, "createdAt#1773500966535.8975", "createdAt: must be whole microseconds" },
        { "a missing required field", "users/documents.jsonl", 1, "-privyDid", "users/documents.jsonl line 1: privyDid: is required" },
        { "a reference to a row the snapshot lacks", "profiles/documents.jsonl", 1, "userId=0199ffff-0000-7000-8000-000000000000", "profiles/documents.jsonl lines 1–1:" },
        { "a truncated table", "users/documents.jsonl", 3, "-", "users/documents.jsonl: 2 document(s), but the manifest says 3" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public async Task a_bad_line_stops_the_import_naming_the_entry_and_line_and_nothing_is_written(
        string why, string entry, int line, string edit, string message)
    {
        var snapshot = SnapshotData.Edited(await FilledSnapshotAsync(), entry, text => EditLine(text, line, edit));
        var before = await SnapshotData.CountsAsync(Database.Target);

        var error = await Should.ThrowAsync<SnapshotException>(() => SnapshotData.ImportAsync(Database.Target, snapshot), why);

        error.Message.ShouldContain(message, Case.Sensitive, why);
        (await SnapshotData.CountsAsync(Database.Target)).ShouldBe(before, why);
        await using var db = Database.Open();
        (await db.Commits.CountAsync()).ShouldBe(0, why);
    }

    [Fact]
    public async Task files_that_are_not_snapshots_are_refused()
    {
        var snapshot = await FilledSnapshotAsync();

        (await Should.ThrowAsync<SnapshotException>(() => SnapshotData.ImportAsync(Database.Target, "not a zip"u8.ToArray())))
            .Message.ShouldStartWith("not a ZIP file");
        (await Should.ThrowAsync<SnapshotException>(() => SnapshotData.ImportAsync(Database.Target,
                SnapshotData.Edited(snapshot, "wombats/documents.jsonl", _ => "{}\n"))))
            .Message.ShouldContain("this database has no table wombats");
        (await Should.ThrowAsync<SnapshotException>(() => SnapshotData.ImportAsync(Database.Target,
                SnapshotData.Edited(snapshot, SnapshotFormat.ManifestEntry, m => m.Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal)))))
            .Message.ShouldContain("version 2 is newer");
        (await Should.ThrowAsync<SnapshotException>(() => SnapshotData.ImportAsync(Database.Target,
                SnapshotData.Edited(snapshot, SnapshotFormat.ManifestEntry, _ => "[]"))))
            .Message.ShouldContain(SnapshotFormat.ManifestEntry);
    }

    // "field=value" sets a string, "field#number" a number, "-field" removes it, "-" removes the line, else the line is replaced.
    private static string EditLine(string text, int number, string edit)
    {
        var lines = text.TrimEnd('\n').Split('\n').ToList();
        var index = number - 1;
        if (edit == "-")
        {
            lines.RemoveAt(index);
        }
        else if (edit.StartsWith('{'))
        {
            lines[index] = edit;
        }
        else
        {
            var document = JsonNode.Parse(lines[index])!.AsObject();
            if (edit.StartsWith('-'))
            {
                document.Remove(edit[1..]).ShouldBeTrue();
            }
            else if (edit.Split('#') is [var field, var value])
            {
                document[field] = JsonNode.Parse(value);
            }
            else
            {
                var parts = edit.Split('=', 2);
                document[parts[0]] = parts[1];
            }

            lines[index] = document.ToJsonString();
        }

        return string.Join('\n', lines) + "\n";
    }
}
