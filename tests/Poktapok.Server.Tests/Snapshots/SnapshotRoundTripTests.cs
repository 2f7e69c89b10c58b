using System.Text.Json;
using Poktapok.App.Data.Snapshots;
using Poktapok.Engine.Data;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Snapshots;

/// <summary>Export → import-snapshot → export gives the same documents, on one provider and across the two.</summary>
public sealed class SnapshotRoundTripTests : DatabaseTest
{
    /// <summary>The tables a snapshot carries: the app's, and <c>_storage</c> (file rows; the bytes stay in the blob store).</summary>
    public static readonly string[] AppTables =
    [
        "_storage", "activities", "activity_submissions", "applications", "attendance", "demo_counters", "events", "file_attachments",
        "invitations", "luma_sync_runs", "profiles", "program_activities", "program_enrollments", "programs", "project_skills", "project_viewers", "projects",
        "pulpa_distributions", "session_activities", "sessions", "skills", "user_skills", "users",
    ];

    [Fact]
    public async Task export_then_import_then_export_gives_identical_entries()
    {
        await SnapshotData.FillAsync(Database);
        var first = await SnapshotData.ExportAsync(Database.Target);

        await using var copy = await TestDatabase.CreateAsync();
        var imported = await SnapshotData.ImportAsync(copy.Target, first);
        var second = await SnapshotData.ExportAsync(copy.Target);

        AssertSameDocuments(first, second);
        (await SnapshotData.CountsAsync(copy.Target)).ShouldBe(await SnapshotData.CountsAsync(Database.Target));
        imported.Tables.Keys.Order(StringComparer.Ordinal).ShouldBe(AppTables);
        imported.CommitTs.ShouldBeGreaterThan(0UL);
        Manifest(SnapshotData.Entries(second)).SnapshotTs.ShouldBe(imported.CommitTs, "the second export read at the import's commit");
    }

    [Fact]
    public async Task the_snapshot_has_a_folder_per_app_table_the_schema_and_the_manifest_and_no_runtime_table()
    {
        await SnapshotData.FillAsync(Database);
        var entries = SnapshotData.Entries(await SnapshotData.ExportAsync(Database.Target));

        entries.Keys.ShouldBe(AppTables.Select(t => $"{t}/documents.jsonl")
            .Append(SnapshotFormat.SchemaEntry).Append(SnapshotFormat.ManifestEntry).Order(StringComparer.Ordinal));
        foreach (var table in AppTables)
        {
            entries[$"{table}/documents.jsonl"].ShouldNotBeEmpty($"{table} was filled");
        }

        var schema = entries[SnapshotFormat.SchemaEntry].TrimEnd('\n').Split('\n');
        schema.Length.ShouldBe(AppTables.Length);
        schema.ShouldContain(line => line.Contains("\"table\":\"pulpa_distributions\"") && line.Contains("\"pulpaAmount\":\"decimal(18,8)\""));
        schema.ShouldContain(line => line.Contains("\"table\":\"users\"") && line.Contains("\"deletedAt\":\"instant?\""));

        var manifest = JsonSerializer.Deserialize<SnapshotManifest>(entries[SnapshotFormat.ManifestEntry], JsonSerializerOptions.Web)!;
        manifest.Format.ShouldBe("poktapok-snapshot");
        manifest.Version.ShouldBe(1);
        manifest.Provider.ShouldBe(TestDatabase.Provider.ToString().ToLowerInvariant());
        manifest.Tables["skills"].ShouldBe(44);
        manifest.Tables["users"].ShouldBe(3);
    }

    [Fact]
    public async Task documents_are_the_api_form_with_exact_instants_decimals_and_sorted_json()
    {
        await SnapshotData.FillAsync(Database);
        var entries = SnapshotData.Entries(await SnapshotData.ExportAsync(Database.Target));

        var users = entries["users/documents.jsonl"];
        // Non-ASCII text is written as itself, except what System.Text.Json always escapes (astral characters, U+2028).
        users.ShouldContain("\"displayName\":\"Ana Frutera \\uD83C\\uDF4D ñandú «quoted» \\\"x\\\" \\\\ \\u2028\"");
        users.ShouldContain($"\"_id\":\"{SnapshotData.DeletedUserId}\"", customMessage: "soft-deleted rows are exported");
        users.ShouldContain("\"deletedAt\":1773587366535.897");
        users.ShouldContain("\"email\":null", customMessage: "null fields are written, not left out");
        users.ShouldContain("\"primaryAuthMethod\":\"wallet\"");

        var activities = entries["activities/documents.jsonl"];
        activities.ShouldContain("\"rewardPulpaAmount\":\"0.00000001\"");
        activities.ShouldContain("\"expiresAt\":253402300799999.999");
        activities.ShouldContain("\"startsAt\":-2224855799876.543");
        activities.ShouldContain("\"evidenceRequirements\":{\"screenshot_required\":false,\"text_required\":true,\"url_required\":true}");

        entries["profiles/documents.jsonl"].ShouldContain(
            "\"metadata\":{\"alpha\":{\"a\":[1,\"ü\",null,true],\"b\":2.50},\"zeta\":1}");
        entries["profiles/documents.jsonl"].ShouldContain("\"totalPulpaEarned\":\"12.34567891\"");
        entries["profiles/documents.jsonl"].ShouldContain("\"learningTracks\":[\"ai\",\"privacy\"]");
        entries["activity_submissions/documents.jsonl"].ShouldContain("\"size\":9007199254740993");
        entries["activity_submissions/documents.jsonl"].ShouldContain("\"rewardPulpaAmount\":\"9999999999.99999999\"");
        entries["pulpa_distributions/documents.jsonl"].ShouldContain("\"distributedAt\":1773500966535.898");

        var line = JsonDocument.Parse(entries["events/documents.jsonl"].Split('\n')[0]).RootElement;
        line.GetProperty("_creationTime").GetDouble().ShouldBe(line.GetProperty("createdAt").GetDouble());
        line.GetProperty("coordinates").GetProperty("lat").GetDouble().ShouldBe(19.4326077);
        line.GetProperty("registrationType").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task rows_are_in_id_order_whatever_the_page_size()
    {
        await SnapshotData.FillAsync(Database);

        var paged = await SnapshotData.ExportAsync(Database.Target, pageSize: 2);
        var whole = await SnapshotData.ExportAsync(Database.Target);

        AssertSameDocuments(paged, whole);
        var ids = SnapshotData.Entries(whole)["skills/documents.jsonl"].TrimEnd('\n').Split('\n')
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("_id").GetString()!).ToList();
        ids.Count.ShouldBe(44);
        ids.ShouldBe(ids.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task a_snapshot_moves_between_sqlite_and_postgresql_unchanged()
    {
        Assert.SkipUnless(OtherProviderDatabase.Available,
            "No PostgreSQL for the other side: set POKTAPOK_TEST_POSTGRES (./scripts/test starts one) to run the SQLite ↔ PostgreSQL leg.");
        await SnapshotData.FillAsync(Database);
        var first = await SnapshotData.ExportAsync(Database.Target);

        await using var other = await OtherProviderDatabase.CreateAsync();
        other.Target.Provider.ShouldNotBe(Database.Target.Provider);
        await SnapshotData.ImportAsync(other.Target, first);
        var second = await SnapshotData.ExportAsync(other.Target);
        AssertSameDocuments(first, second);

        // And back again, into a fresh database of the run's own provider.
        await using var back = await TestDatabase.CreateAsync();
        await SnapshotData.ImportAsync(back.Target, second);
        AssertSameDocuments(first, await SnapshotData.ExportAsync(back.Target));
        (await SnapshotData.CountsAsync(back.Target)).ShouldBe(await SnapshotData.CountsAsync(Database.Target));
    }

    // Every entry byte for byte, but the manifest only by its row counts: its provider, timestamp and time differ.
    private static void AssertSameDocuments(byte[] expected, byte[] actual)
    {
        var left = SnapshotData.Entries(expected);
        var right = SnapshotData.Entries(actual);
        right.Keys.ShouldBe(left.Keys);
        foreach (var (name, text) in left.Where(e => e.Key != SnapshotFormat.ManifestEntry))
        {
            right[name].ShouldBe(text, $"entry {name}");
        }

        Manifest(right).Tables.ShouldBe(Manifest(left).Tables);
    }

    private static SnapshotManifest Manifest(SortedDictionary<string, string> entries) =>
        JsonSerializer.Deserialize<SnapshotManifest>(entries[SnapshotFormat.ManifestEntry], JsonSerializerOptions.Web)!;
}
