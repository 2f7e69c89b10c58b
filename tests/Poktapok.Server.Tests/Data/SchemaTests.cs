using Microsoft.EntityFrameworkCore;
using Poktapok.App.Data;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Data;

public sealed class SchemaTests : DatabaseTest
{
    [Fact]
    public async Task the_migrations_match_the_model()
    {
        await using var db = Database.Open();

        db.Database.HasPendingModelChanges().ShouldBeFalse("run dotnet ef migrations add for both providers (docs/decisions/ADR-001)");
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task all_eighteen_legacy_tables_exist()
    {
        await using var db = Database.Open();

        // Besides the runtime's own tables and the demo's: the Luma sync's run log and the project view marks,
        // new in Poktapok.
        db.Model.GetEntityTypes().Select(t => t.GetTableName()!).Where(t => !Engine.Data.PoktapokDbContext.IsSystemTable(t))
            .Except(["demo_counters", "luma_sync_runs", "file_attachments", "_storage", "project_viewers"]).ShouldBe(
        [
            "users", "profiles", "applications", "invitations", "projects", "skills", "user_skills", "project_skills",
            "activities", "activity_submissions", "pulpa_distributions", "programs", "program_activities",
            "program_enrollments", "sessions", "session_activities", "attendance", "events",
        ], ignoreOrder: true);
    }

    [Fact]
    public async Task the_skills_taxonomy_and_programs_are_seeded()
    {
        await using var db = Database.Open();

        var skills = await db.Skills.ToListAsync();
        skills.Count.ShouldBe(43);
        skills.GroupBy(s => s.Category).ToDictionary(g => g.Key, g => g.Count()).ShouldBe(new Dictionary<SkillCategory, int>
        {
            [SkillCategory.Language] = 7, [SkillCategory.Framework] = 12, [SkillCategory.Tool] = 8,
            [SkillCategory.Blockchain] = 9, [SkillCategory.Other] = 7,
        }, ignoreOrder: true);
        skills.ShouldAllBe(s => !string.IsNullOrEmpty(s.Description) && s.UsageCount == 0);
        skills.Single(s => s.Slug == "nextjs").Name.ShouldBe("Next.js");

        var programs = await db.Programs.OrderBy(p => p.Name).ToListAsync();
        programs.Select(p => (p.Name, p.ProgramType, p.IsActive)).ShouldBe(
        [
            ("De Cero a Chamba", ProgramType.Cohort, true),
            ("DeFi-esta", ProgramType.Cohort, true),
            ("Open", ProgramType.Evergreen, true),
        ]);
    }

    [Fact]
    public async Task a_legacy_id_is_kept_and_a_new_row_gets_a_uuid_v7()
    {
        var legacy = Guid.Parse("3f2504e0-4f89-41d3-9a0c-0305e82c3301");
        await using (var db = Database.Open())
        {
            db.Add(With(Rows.MinimalUser(), u => u.Id = legacy));
            db.Add(Rows.MinimalEvent());
            await db.SaveChangesAsync();
        }

        await using var check = Database.Open();
        (await check.Users.SingleAsync()).Id.ShouldBe(legacy);
        (await check.Events.SingleAsync()).Id.Version.ShouldBe(7);
    }

    [Fact]
    public async Task the_activity_relationships_query_gives_one_row_per_link_combination()
    {
        Guid linked, standalone, transitive;
        Guid programA = SeedData.Programs[0].Id, programB = SeedData.Programs[1].Id, programC = SeedData.Programs[2].Id;
        await using (var db = Database.Open())
        {
            var r = new Rows(db);
            var admin = await r.SavedUser();
            linked = (await r.SavedActivity(admin.Id)).Id;
            standalone = (await r.SavedActivity(admin.Id)).Id;
            transitive = (await r.SavedActivity(admin.Id)).Id;
            await r.Saved(With(Rows.MinimalActivity(admin.Id), a => a.DeletedAt = Rows.At));
            await r.Saved(new ProgramActivity { ProgramId = programA, ActivityId = linked, IsRequired = true, OrderIndex = 1 });
            await r.Saved(new ProgramActivity { ProgramId = programB, ActivityId = linked });
            foreach (var program in new Guid?[] { programC, programC, null })
            {
                var session = await r.Saved(Rows.MinimalSession(program));
                await r.Saved(new SessionActivity { SessionId = session.Id, ActivityId = linked });
            }

            var inProgram = await r.Saved(Rows.MinimalSession(programC));
            await r.Saved(new SessionActivity { SessionId = inProgram.Id, ActivityId = transitive, OrderIndex = 2 });
        }

        await using var check = Database.Open();
        var rows = await ActivityRelationships.Query(check).ToListAsync();

        rows.Count.ShouldBe(6 + 1 + 1, "2 programs × 3 sessions, one standalone row, one transitive row; deleted activities are left out");
        rows.Where(x => x.ActivityId == linked).ShouldAllBe(x => x.RelationshipType == RelationshipType.Both);
        rows.Where(x => x.ActivityId == linked).Select(x => x.EffectiveProgramId).Distinct().ShouldBe([programA, programB], ignoreOrder: true);
        rows.Single(x => x.ActivityId == standalone).RelationshipType.ShouldBe(RelationshipType.Standalone);
        var t = rows.Single(x => x.ActivityId == transitive);
        t.RelationshipType.ShouldBe(RelationshipType.SessionTransitive);
        t.EffectiveProgramId.ShouldBe(programC);
        t.EffectiveProgramName.ShouldBe("Open");
        t.SessionOrderIndex.ShouldBe(2);
    }
}
