using Microsoft.EntityFrameworkCore;
using Poktapok.App.Data;
using Poktapok.App.Schema.Enums;
using Poktapok.Legacy;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Legacy;

/// <summary>
/// The legacy import end to end: a generated legacy database (PostgreSQL) imported into the tier's target
/// (SQLite or PostgreSQL), then verified.
/// </summary>
public sealed class LegacyImportTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<(LegacyDatabase Legacy, LegacySeed Seed)> LegacyAsync(int users = 120, bool variant = false, bool badRows = true)
    {
        var legacy = await LegacyDatabase.CreateAsync(variant);
        var seed = new LegacySeed { Users = users, PulpaVariant = variant, WithBadRows = badRows };
        await seed.FillAsync(legacy.ConnectionString);
        return (legacy, seed);
    }

    private static ImportOptions Options(LegacyDatabase legacy, TestDatabase target, params string[] fixes) => new()
    {
        From = legacy.ConnectionString,
        Target = target.Target,
        Fixes = fixes.ToHashSet(),
        BatchSize = 100,
        RejectsPath = Path.Combine(Path.GetTempPath(), "poktapok-tests", $"rejects-{Guid.NewGuid():N}.jsonl"),
    };

    private static async Task<long> CommitsAsync(TestDatabase target)
    {
        await using var db = target.Open();
        return await db.Commits.LongCountAsync();
    }

    private static HashSet<(string, Guid, string)> Keys(IEnumerable<RejectedRow> rows) => rows.Select(r => (r.Table, r.Id, r.Field)).ToHashSet();

    private static HashSet<(string, Guid, string)> Keys(IEnumerable<LegacySeed.ExpectedReject> rows) => rows.Select(r => (r.Table, r.Id, r.Field)).ToHashSet();

    [Fact]
    public async Task import_then_verify_finds_no_unexplained_difference()
    {
        var (legacy, seed) = await LegacyAsync(users: 200);
        await using var _ = legacy;
        await using var target = await TestDatabase.CreateAsync();

        var report = await LegacyImport.RunAsync(Options(legacy, target), None);
        var verify = await LegacyVerify.RunAsync(legacy.ConnectionString, target.Target, report.Rejects, new HashSet<string>(), None);

        verify.Ok.ShouldBeTrue(LegacyVerify.Format(verify));
        verify.Tables.Count.ShouldBe(18);
        foreach (var table in verify.Tables)
        {
            table.LegacyRows.ShouldBe(seed.Counts[table.Table], table.Table);
        }

        // Every legacy table made it, less the refused rows; the seed rows the legacy ones replace are gone.
        await using var db = target.Open();
        (await db.Users.IgnoreQueryFilters().CountAsync()).ShouldBe(seed.Counts["users"] - 1);
        (await db.Skills.CountAsync()).ShouldBe(seed.Counts["skills"] - 1);
        (await db.Programs.CountAsync()).ShouldBe(seed.Counts["programs"] - 1);
        (await db.Events.CountAsync()).ShouldBe(seed.Counts["events"] - seed.Expected.Count(e => e.Table == "events"));
        report.Tables.Sum(t => t.Written).ShouldBe(seed.Counts.Values.Sum() - seed.Expected.Count);
    }

    [Fact]
    public async Task rejects_report_lists_every_refused_row_with_table_id_field_and_reason()
    {
        var (legacy, seed) = await LegacyAsync();
        await using var _ = legacy;
        await using var target = await TestDatabase.CreateAsync();
        var options = Options(legacy, target);

        var report = await LegacyImport.RunAsync(options, None);
        var file = await RejectsFile.ReadAsync(options.RejectsPath!, None);

        Keys(file).ShouldBe(Keys(seed.Expected), ignoreOrder: true);
        Keys(report.Rejects).ShouldBe(Keys(seed.Expected), ignoreOrder: true);
        file.ShouldAllBe(r => r.Reason.Length > 0 && r.Code.Length > 0);
        file.Single(r => r.Table == "users").Reason.ShouldContain("username");
        file.Single(r => r.Table == "profiles").Code.ShouldBe("reference");
        file.Single(r => r.Id == seed.Marked["event_webinar"]).Reason.ShouldContain("'webinar'");
        file.Single(r => r.Id == seed.Marked["dangling_program_activity"]).Code.ShouldBe("reference");
        foreach (var table in report.Tables)
        {
            table.Rejected.ShouldBe(seed.Expected.Count(e => e.Table == table.Table), table.Table);
        }

        await using var db = target.Open();
        (await db.Events.AnyAsync(e => e.Id == seed.Marked["event_in_person"])).ShouldBeFalse();
    }

    [Fact]
    public async Task fix_policies_repair_event_types_and_drop_dangling_program_activities_and_say_so()
    {
        var (legacy, seed) = await LegacyAsync();
        await using var _ = legacy;
        await using var target = await TestDatabase.CreateAsync();
        var fixes = new[] { LegacyTables.FixEventType, LegacyTables.FixDanglingProgramActivity };

        var report = await LegacyImport.RunAsync(Options(legacy, target, fixes), None);

        Keys(report.Rejects).ShouldBe(Keys(seed.Expected.Where(e => !e.FixedByPolicy)), ignoreOrder: true);
        report.For("events").Fixed.ShouldBe(2);
        report.For("program_activities").Fixed.ShouldBe(1);
        report.Fixes.ShouldContain(f => f.Contains("'in_person' → in-person"));
        report.Fixes.ShouldContain(f => f.Contains("'Online' → virtual"));
        report.Fixes.ShouldContain(f => f.Contains(seed.Marked["dangling_program_activity"].ToString()) && f.Contains("dropped"));
        await using (var db = target.Open())
        {
            (await db.Events.SingleAsync(e => e.Id == seed.Marked["event_in_person"])).EventType.ShouldBe(EventType.InPerson);
            (await db.Events.SingleAsync(e => e.Id == seed.Marked["event_online"])).EventType.ShouldBe(EventType.Virtual);
            (await db.ProgramActivities.AnyAsync(p => p.Id == seed.Marked["dangling_program_activity"])).ShouldBeFalse();
        }

        var verified = await LegacyVerify.RunAsync(legacy.ConnectionString, target.Target, report.Rejects, fixes.ToHashSet(), None);
        verified.Ok.ShouldBeTrue(LegacyVerify.Format(verified));
        // Without the policies the repaired rows are differences nothing explains.
        var unfixed = await LegacyVerify.RunAsync(legacy.ConnectionString, target.Target, report.Rejects, new HashSet<string>(), None);
        unfixed.Ok.ShouldBeFalse();
        unfixed.Tables.Single(t => t.Table == "events").Changed.Count.ShouldBe(2, LegacyVerify.Format(unfixed));
    }

    [Fact]
    public async Task phases_import_admins_first_then_published_events_and_only_imports_what_it_names()
    {
        var (legacy, seed) = await LegacyAsync(badRows: false);
        await using var _ = legacy;
        await using var target = await TestDatabase.CreateAsync();
        var admins = await legacy.ScalarAsync<long>("SELECT count(*) FROM users WHERE role = 'admin'");
        var adminProfiles = await legacy.ScalarAsync<long>("SELECT count(*) FROM profiles p JOIN users u ON u.id = p.user_id WHERE u.role = 'admin'");
        var published = await legacy.ScalarAsync<long>("SELECT count(*) FROM events WHERE is_published");

        await LegacyImport.RunAsync(Options(legacy, target) with { Only = ["admins"] }, None);
        await using (var db = target.Open())
        {
            (await db.Users.IgnoreQueryFilters().CountAsync()).ShouldBe((int)admins);
            (await db.Users.IgnoreQueryFilters().AllAsync(u => u.Role == UserRole.Admin)).ShouldBeTrue();
            (await db.Profiles.IgnoreQueryFilters().CountAsync()).ShouldBe((int)adminProfiles);
            (await db.Events.CountAsync()).ShouldBe(0);
        }

        await LegacyImport.RunAsync(Options(legacy, target) with { Only = ["events"] }, None);
        await using (var db = target.Open())
        {
            (await db.Events.CountAsync()).ShouldBe((int)published);
            (await db.Events.AllAsync(e => e.IsPublished)).ShouldBeTrue();
            (await db.Programs.CountAsync()).ShouldBe(seed.Counts["programs"]);
            (await db.Activities.CountAsync()).ShouldBe(0);
        }

        await LegacyImport.RunAsync(Options(legacy, target) with { Only = ["users", "skills"] }, None);
        await using (var db = target.Open())
        {
            (await db.Users.IgnoreQueryFilters().CountAsync()).ShouldBe(seed.Counts["users"]);
            (await db.Skills.CountAsync()).ShouldBe(seed.Counts["skills"]);
            (await db.Projects.IgnoreQueryFilters().CountAsync()).ShouldBe(0);
        }

        Should.Throw<LegacyImportException>(() => LegacyImport.Plan(["admins", "nope"])).Message.ShouldContain("nope");
    }

    [Fact]
    public async Task a_row_the_database_refuses_is_found_by_splitting_its_batch_and_the_rest_is_written()
    {
        var (legacy, seed) = await LegacyAsync(badRows: false);
        await using var _ = legacy;
        await using var target = await TestDatabase.CreateAsync();
        // Rows created in Poktapok before the import (a Luma sync, a sign-up) that collide with legacy rows on a unique key.
        var slugOwner = await legacy.ScalarAsync<Guid>("SELECT id FROM events WHERE luma_slug = 'slug-3'");
        var emailOwner = await legacy.ScalarAsync<Guid>("SELECT id FROM users WHERE email = 'user2@example.com'");
        await using (var db = target.Open())
        {
            db.Events.Add(new App.Schema.Event { Title = "Synced first", LumaUrl = "https://lu.ma/slug-3", LumaSlug = "slug-3", StartDate = DateTimeOffset.UtcNow });
            db.Users.Add(new App.Schema.User { PrivyDid = "did:privy:new-signup", Email = "user2@example.com", PrimaryAuthMethod = AuthMethod.Email });
            await db.SaveChangesAsync();
        }

        var report = await LegacyImport.RunAsync(Options(legacy, target), None);

        report.Rejects.ShouldContain(r => r.Table == "events" && r.Id == slugOwner && r.Code == "unique");
        report.Rejects.ShouldContain(r => r.Table == "users" && r.Id == emailOwner && r.Code == "unique");
        report.For("events").Written.ShouldBe(seed.Counts["events"] - 1);
        await using var check = target.Open();
        (await check.Events.CountAsync()).ShouldBe(seed.Counts["events"]);
        (await check.Users.IgnoreQueryFilters().CountAsync()).ShouldBe(seed.Counts["users"]);
    }

    [Fact]
    public async Task dry_run_reads_maps_and_validates_but_writes_nothing()
    {
        var (legacy, seed) = await LegacyAsync();
        await using var _ = legacy;
        await using var target = await TestDatabase.CreateAsync();
        var commitsBefore = await CommitsAsync(target);

        var report = await LegacyImport.RunAsync(Options(legacy, target) with { DryRun = true }, None);

        report.Tables.Sum(t => t.Read).ShouldBe(seed.Counts.Values.Sum());
        report.Tables.Sum(t => t.Written).ShouldBeGreaterThan(0);
        report.Batches.ShouldBe(0);
        report.Rejects.Count.ShouldBeGreaterThan(0);
        (await CommitsAsync(target)).ShouldBe(commitsBefore);
        await using var db = target.Open();
        (await db.Users.IgnoreQueryFilters().CountAsync()).ShouldBe(0);
        (await db.Events.CountAsync()).ShouldBe(0);
        (await db.Skills.CountAsync()).ShouldBe(43);
    }

    [Fact]
    public async Task a_second_run_changes_nothing_and_commits_nothing()
    {
        var (legacy, seed) = await LegacyAsync();
        await using var _ = legacy;
        await using var target = await TestDatabase.CreateAsync();

        var first = await LegacyImport.RunAsync(Options(legacy, target), None);
        var commits = await CommitsAsync(target);
        var second = await LegacyImport.RunAsync(Options(legacy, target), None);

        first.Batches.ShouldBeGreaterThan(0);
        commits.ShouldBeGreaterThanOrEqualTo(first.Batches);
        second.Tables.Sum(t => t.Written).ShouldBe(0);
        second.Tables.Sum(t => t.Unchanged).ShouldBe(first.Tables.Sum(t => t.Written));
        second.Batches.ShouldBe(0);
        Keys(second.Rejects).ShouldBe(Keys(first.Rejects), ignoreOrder: true);
        (await CommitsAsync(target)).ShouldBe(commits);
    }

    [Fact]
    public async Task each_written_batch_is_one_commit_that_names_its_table()
    {
        var (legacy, _) = await LegacyAsync(badRows: false);
        await using var __ = legacy;
        await using var target = await TestDatabase.CreateAsync();
        var before = await CommitsAsync(target);

        var report = await LegacyImport.RunAsync(Options(legacy, target) with { Only = ["users"] }, None);

        await using var db = target.Open();
        var commits = await db.Commits.OrderBy(c => c.Ts).Skip((int)before).ToListAsync();
        commits.Count.ShouldBe(report.Batches);
        commits.ShouldAllBe(c => c.Tables == "users");
        report.Batches.ShouldBe((int)Math.Ceiling(report.For("users").Written / 100.0));
    }

    [Fact]
    public async Task a_run_stopped_midway_and_started_again_ends_like_an_uninterrupted_one()
    {
        var (legacy, _) = await LegacyAsync();
        await using var __ = legacy;
        await using var resumed = await TestDatabase.CreateAsync();
        await using var straight = await TestDatabase.CreateAsync();
        using var stop = new CancellationTokenSource();

        var options = Options(legacy, resumed) with { BatchSize = 40, AfterBatch = n => { if (n == 5) stop.Cancel(); } };
        await Should.ThrowAsync<OperationCanceledException>(() => LegacyImport.RunAsync(options, stop.Token));
        await using (var db = resumed.Open())
        {
            (await db.Users.IgnoreQueryFilters().CountAsync()).ShouldBeGreaterThan(0);
            (await db.Events.CountAsync()).ShouldBeLessThan(40);
        }

        var second = await LegacyImport.RunAsync(Options(legacy, resumed) with { BatchSize = 40 }, None);
        var uninterrupted = await LegacyImport.RunAsync(Options(legacy, straight), None);

        second.Tables.Sum(t => t.Unchanged).ShouldBeGreaterThan(0);
        Keys(second.Rejects).ShouldBe(Keys(uninterrupted.Rejects), ignoreOrder: true);
        var a = await LegacyVerify.RunAsync(legacy.ConnectionString, resumed.Target, second.Rejects, new HashSet<string>(), None);
        var b = await LegacyVerify.RunAsync(legacy.ConnectionString, straight.Target, uninterrupted.Rejects, new HashSet<string>(), None);
        a.Ok.ShouldBeTrue(LegacyVerify.Format(a));
        b.Ok.ShouldBeTrue(LegacyVerify.Format(b));
        a.Tables.Select(t => (t.Table, t.NewRows, t.NewChecksum)).ShouldBe(b.Tables.Select(t => (t.Table, t.NewRows, t.NewChecksum)));
    }

    [Fact]
    public async Task the_create_pulpa_tables_variant_is_imported_too()
    {
        var (legacy, seed) = await LegacyAsync(variant: true);
        await using var _ = legacy;
        await using var target = await TestDatabase.CreateAsync();

        var report = await LegacyImport.RunAsync(Options(legacy, target), None);

        Keys(report.Rejects).ShouldBe(Keys(seed.Expected), ignoreOrder: true);
        var verify = await LegacyVerify.RunAsync(legacy.ConnectionString, target.Target, report.Rejects, new HashSet<string>(), None);
        verify.Ok.ShouldBeTrue(LegacyVerify.Format(verify));
        await using var db = target.Open();
        var distributions = await db.PulpaDistributions.ToListAsync();
        distributions.Count.ShouldBeGreaterThan(0);
        foreach (var d in distributions.Take(20))
        {
            var user = await db.Users.IgnoreQueryFilters().SingleAsync(u => u.Id == d.UserId);
            d.RecipientWallet.ShouldBe(user.AppWallet ?? user.ExtWallet);
            d.ChainId.ShouldBe(10);
            d.RetryCount.ShouldBe(0);
        }

        // timestamp-without-time-zone columns of the variant arrive as the same UTC instants.
        var activityId = seed.Marked["max_reward_activity"];
        var legacyCreated = await legacy.ScalarAsync<DateTime>($"SELECT created_at FROM activities WHERE id = '{activityId}'");
        (await db.Activities.SingleAsync(a => a.Id == activityId)).CreatedAt.ShouldBe(new DateTimeOffset(DateTime.SpecifyKind(legacyCreated, DateTimeKind.Utc)));
    }

    [Fact]
    public async Task unicode_edge_instants_and_numeric_18_8_arrive_exactly()
    {
        var (legacy, seed) = await LegacyAsync(badRows: false);
        await using var _ = legacy;
        await using var target = await TestDatabase.CreateAsync();

        await LegacyImport.RunAsync(Options(legacy, target), None);

        await using var db = target.Open();
        var unicode = await db.Users.IgnoreQueryFilters().SingleAsync(u => u.Id == seed.Marked["unicode_user"]);
        unicode.DisplayName.ShouldBe(LegacySeed.Unicode[4]);
        (await db.Profiles.IgnoreQueryFilters().SingleAsync(p => p.Id == seed.Marked["max_pulpa_profile"])).TotalPulpaEarned
            .ShouldBe(LegacySeed.MaxAmount);
        (await db.Activities.IgnoreQueryFilters().SingleAsync(a => a.Id == seed.Marked["max_reward_activity"])).RewardPulpaAmount
            .ShouldBe(LegacySeed.MaxAmount);
        (await db.PulpaDistributions.Select(d => d.PulpaAmount).ToListAsync()).ShouldContain(LegacySeed.MinAmount);
        var users = await db.Users.IgnoreQueryFilters().ToListAsync();
        users.ShouldContain(u => u.CreatedAt == new DateTimeOffset(LegacySeed.EpochIsh));
        users.ShouldContain(u => u.LastLoginAt == new DateTimeOffset(LegacySeed.FarFuture));
        users.ShouldContain(u => u.DeletedAt != null);
        users.ShouldContain(u => u.Metadata["emoji"] != null && u.Metadata["emoji"]!.GetValue<string>() == "🍓");
        var projects = await db.Projects.IgnoreQueryFilters().ToListAsync();
        projects.ShouldContain(p => p.PublishedAt == new DateTimeOffset(LegacySeed.FarFuture));
        projects.ShouldContain(p => p.PublishedAt == new DateTimeOffset(LegacySeed.EpochIsh));
        projects.ShouldContain(p => p.Title.Contains("🚀🔥💯"));
        (await db.UserSkills.Select(s => s.CreatedAt).ToListAsync()).ShouldContain(new DateTimeOffset(LegacySeed.PreEpoch));
        (await db.Sessions.Select(s => s.SessionDate).ToListAsync()).ShouldContain(new DateTimeOffset(LegacySeed.PreEpoch));
        (await db.Profiles.IgnoreQueryFilters().Where(p => p.LearningTracks != null).ToListAsync())
            .ShouldContain(p => p.LearningTracks!.Count == 3);
    }
}
