using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary><c>programs:*</c> (FUNCTIONS.md §3.10) on the provider under test, through the function runtime.</summary>
public sealed class ProgramsTests : AccountTest
{
    private static readonly DateTimeOffset s_start = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);

    private static List<string> Names(JsonNode list) => [.. list.AsArray().Select(p => Str(p!["name"]))];

    private Task<User> Admin() => SaveUser(role: UserRole.Admin);

    private async Task<Activity> SaveActivity(Guid creator, ActivityStatus status = ActivityStatus.Active, decimal reward = 10m, bool deleted = false,
        string title = "Write a thread") =>
        await Save(With(Rows.MinimalActivity(creator), a =>
        {
            a.Status = status;
            a.RewardPulpaAmount = reward;
            a.Title = title;
            a.DeletedAt = deleted ? Rows.At : null;
        }));

    // ---------------------------------------------------------------- create / update / archive

    [Fact]
    public Task create_validates_every_field_at_once_and_refuses_a_slug() => WithServer(async s =>
    {
        var admin = As(await Admin());

        (await Call(s, admin, "programs:create", new { name = " ", description = "", programType = "cohort", maxEnrollments = 0 }))
            .FailsOnFields("name", "description", "programType", "maxEnrollments");
        (await Call(s, admin, "programs:create", new
            {
                name = "Cohort", description = "Builds.", programType = "cohort", startDate = s_start, endDate = s_start,
            }))
            .FailsOnFields("endDate");
        (await Call(s, admin, "programs:create", new { name = "Open", description = "x", programType = "evergreen", slug = "open" }))
            .Message!.ShouldContain("ArgumentValidationError");

        var created = (await Call(s, admin, "programs:create", new
            {
                name = "  Cohort 3 ", description = "Builds.", programType = "cohort", startDate = s_start, endDate = s_start.AddDays(60),
                maxEnrollments = 20,
            }))
            .Ok()!["program"]!;
        Str(created["name"]).ShouldBe("Cohort 3");
        created["isActive"]!.GetValue<bool>().ShouldBeTrue();
        created["maxEnrollments"]!.GetValue<double>().ShouldBe(20);
        created["startDate"]!.GetValue<double>().ShouldBe(s_start.ToUnixTimeMilliseconds());
    });

    [Fact]
    public Task update_changes_only_the_given_fields_and_judges_the_result() => WithServer(async s =>
    {
        var admin = As(await Admin());
        var program = await Save(With(Rows.MinimalProgram(), p =>
        {
            p.StartDate = s_start;
            p.EndDate = s_start.AddDays(30);
            p.MaxEnrollments = 5;
            p.UpdatedAt = Rows.At;
        }));

        var updated = (await Call(s, admin, "programs:update", new { programId = program.Id, description = "New words." })).Ok()!["program"]!;
        Str(updated["name"]).ShouldBe(program.Name);
        Str(updated["description"]).ShouldBe("New words.");
        updated["maxEnrollments"]!.GetValue<double>().ShouldBe(5);
        updated["startDate"]!.GetValue<double>().ShouldBe(s_start.ToUnixTimeMilliseconds());
        updated["updatedAt"]!.GetValue<double>().ShouldBeGreaterThan(Rows.At.ToUnixTimeMilliseconds());

        (await Call(s, admin, "programs:update", new { programId = program.Id, endDate = s_start.AddDays(-1) })).FailsOnFields("endDate");
        (await Call(s, admin, "programs:update", new { programId = program.Id, startDate = (DateTimeOffset?)null })).FailsOnFields("programType");
        (await Call(s, admin, "programs:update", new { programId = program.Id, programType = "evergreen", startDate = (DateTimeOffset?)null,
            maxEnrollments = (int?)null })).Ok();
        await using var db = Database.Open();
        var row = await db.Programs.SingleAsync(p => p.Id == program.Id);
        (row.ProgramType, row.StartDate, row.MaxEnrollments).ShouldBe((ProgramType.Evergreen, (DateTimeOffset?)null, (int?)null));
        (await Call(s, admin, "programs:update", new { programId = Guid.NewGuid(), name = "X" })).Fails("NOT_FOUND");
    });

    [Fact]
    public Task archive_hides_a_program_from_the_active_list_but_not_from_its_page() => WithServer(async s =>
    {
        var admin = As(await Admin());
        var program = await Save(With(Rows.MinimalProgram(), p => p.Name = "AAA first"));
        (await Call(s, Caller.Anonymous, "programs:listActive", new { limit = 1 })).Ok()!["programs"]!.AsArray().Single()!["name"]!
            .GetValue<string>().ShouldBe("AAA first");

        (await Call(s, admin, "programs:archive", new { programId = program.Id })).Ok()!["program"]!["isActive"]!.GetValue<bool>().ShouldBeFalse();

        Names((await Call(s, Caller.Anonymous, "programs:listActive"))!.Ok()!["programs"]!).ShouldBe(["De Cero a Chamba", "DeFi-esta", "Open"]);
        (await Call(s, Caller.Anonymous, "programs:get", new { programId = program.Id })).Ok()!["program"]!["isActive"]!.GetValue<bool>().ShouldBeFalse();
        Names((await Call(s, admin, "programs:adminList", new { includeInactive = false })).Ok()!["programs"]!).ShouldNotContain("AAA first");
        Names((await Call(s, admin, "programs:adminList"))!.Ok()!["programs"]!).ShouldContain("AAA first");
        (await Call(s, admin, "programs:archive", new { programId = Guid.NewGuid() })).Fails("NOT_FOUND");
        (await Call(s, Caller.Anonymous, "programs:listActive", new { limit = 101 })).FailsOnFields("limit");
    });

    // ---------------------------------------------------------------- get

    [Fact]
    public Task get_shows_active_sessions_and_only_listed_activities() => WithServer(async s =>
    {
        var admin = await Admin();
        var program = await Save(Rows.MinimalProgram());
        var big = await SaveActivity(admin.Id, reward: 50m, title: "Big reward");
        var small = await SaveActivity(admin.Id, reward: 5m, title: "Small reward");
        var draft = await SaveActivity(admin.Id, ActivityStatus.Draft);
        var cancelled = await SaveActivity(admin.Id, ActivityStatus.Cancelled);
        var deleted = await SaveActivity(admin.Id, deleted: true);
        foreach (var a in new[] { small, big, draft, cancelled, deleted })
        {
            await Save(new ProgramActivity { ProgramId = program.Id, ActivityId = a.Id });
        }

        var later = await Save(With(Rows.MinimalSession(program.Id), x => { x.Title = "Later"; x.SessionDate = Rows.At.AddDays(2); }));
        await Save(With(Rows.MinimalSession(program.Id), x => { x.Title = "Sooner"; x.SessionDate = Rows.At.AddDays(1); }));
        await Save(With(Rows.MinimalSession(program.Id), x => { x.Title = "Hidden"; x.IsActive = false; }));
        await Save(new SessionActivity { SessionId = later.Id, ActivityId = big.Id });
        await Save(new SessionActivity { SessionId = later.Id, ActivityId = draft.Id });
        await Save(new ProgramEnrollment { ProgramId = program.Id, UserId = (await SaveUser()).Id });

        var page = (await Call(s, Caller.Anonymous, "programs:get", new { programId = program.Id })).Ok()!;

        page["activities"]!.AsArray().Select(a => Str(a!["title"])).ShouldBe(["Big reward", "Small reward"]);
        page["sessions"]!.AsArray().Select(x => Str(x!["title"])).ShouldBe(["Sooner", "Later"]);
        page["sessions"]![1]!["activityCount"]!.GetValue<double>().ShouldBe(1);
        page["stats"]!.ToJsonString().ShouldBe("""{"totalEnrollments":1,"totalSessions":2,"totalActivities":2}""");
        page["program"]!.AsObject().Select(p => p.Key).ShouldBe(["_id", "name", "description", "programType", "isActive", "createdAt"],
            ignoreOrder: true);
        (await Call(s, Caller.Anonymous, "programs:get", new { programId = Guid.NewGuid() })).Fails("NOT_FOUND");
    });

    // ---------------------------------------------------------------- myDashboard (fix A7)

    [Fact]
    public Task my_dashboard_needs_an_enrollment_and_counts_only_the_programs_work() => WithServer(async s =>
    {
        var admin = await Admin();
        var me = await SaveUser();
        var program = await Save(Rows.MinimalProgram());
        var other = await Save(Rows.MinimalProgram());
        (await Call(s, As(me), "programs:myDashboard", new { programId = program.Id })).Fails("NOT_FOUND");

        await Save(new ProgramEnrollment { ProgramId = program.Id, UserId = me.Id });
        await Save(new Application { UserId = me.Id, ProgramId = program.Id, MotivationText = "Build.", Goal = "Ship" });
        var here = await Save(Rows.MinimalSession(program.Id));
        var there = await Save(Rows.MinimalSession(other.Id));
        await Save(new Attendance { UserId = me.Id, SessionId = here.Id, MarkedBy = admin.Id, Status = AttendanceStatus.Present });
        await Save(new Attendance { UserId = me.Id, SessionId = there.Id, MarkedBy = admin.Id, Status = AttendanceStatus.Present });

        var direct = await SaveActivity(admin.Id);
        var viaSession = await SaveActivity(admin.Id);
        var elsewhere = await SaveActivity(admin.Id);
        await Save(new ProgramActivity { ProgramId = program.Id, ActivityId = direct.Id });
        await Save(new SessionActivity { SessionId = here.Id, ActivityId = viaSession.Id });
        await Save(new ProgramActivity { ProgramId = other.Id, ActivityId = elsewhere.Id });
        await Save(With(Rows.MinimalSubmission(direct.Id, me.Id), x => { x.Status = SubmissionStatus.Approved; x.Metadata = new JsonObject { ["score"] = 80 }; }));
        await Save(With(Rows.MinimalSubmission(viaSession.Id, me.Id), x => { x.Status = SubmissionStatus.Approved; x.Metadata = new JsonObject { ["score"] = 60 }; }));
        await Save(Rows.MinimalSubmission(viaSession.Id, me.Id));
        await Save(With(Rows.MinimalSubmission(elsewhere.Id, me.Id), x => { x.Status = SubmissionStatus.Approved; x.Metadata = new JsonObject { ["score"] = 0 }; }));

        var dashboard = (await Call(s, As(me), "programs:myDashboard", new { programId = program.Id })).Ok()!;

        dashboard["stats"]!.ToJsonString().ShouldBe(
            """{"attendance":{"total":1,"present":1},"submissions":{"total":3,"approved":2,"pending":1},"qualityScore":70}""");
        Str(dashboard["application"]!["goal"]).ShouldBe("Ship");
        Str(dashboard["enrollment"]!["status"]).ShouldBe("enrolled");
        Str(dashboard["user"]!["accountStatus"]).ShouldBe("active");
        dashboard.ToJsonString().ShouldNotContain(me.PrivyDid);
    });

    // ---------------------------------------------------------------- adminGet

    [Fact]
    public Task admin_get_counts_enrollments_sessions_and_distinct_activities() => WithServer(async s =>
    {
        var admin = await Admin();
        var program = await Save(Rows.MinimalProgram());
        foreach (var status in new[] { EnrollmentStatus.Enrolled, EnrollmentStatus.Completed, EnrollmentStatus.Completed, EnrollmentStatus.Dropped })
        {
            await Save(new ProgramEnrollment { ProgramId = program.Id, UserId = (await SaveUser()).Id, Status = status });
        }

        var past = await Save(With(Rows.MinimalSession(program.Id), x => x.SessionDate = DateTimeOffset.UtcNow.AddDays(-3)));
        await Save(With(Rows.MinimalSession(program.Id), x => x.SessionDate = DateTimeOffset.UtcNow.AddDays(3)));
        var both = await SaveActivity(admin.Id);
        var onlyDirect = await SaveActivity(admin.Id);
        var onlyViaSession = await SaveActivity(admin.Id);
        await Save(new ProgramActivity { ProgramId = program.Id, ActivityId = both.Id });
        await Save(new ProgramActivity { ProgramId = program.Id, ActivityId = onlyDirect.Id });
        await Save(new SessionActivity { SessionId = past.Id, ActivityId = both.Id });
        await Save(new SessionActivity { SessionId = past.Id, ActivityId = onlyViaSession.Id });

        var stats = (await Call(s, As(admin), "programs:adminGet", new { programId = program.Id })).Ok()!["program"]!["stats"]!;

        stats.ToJsonString().ShouldBe(
            """{"totalEnrollments":4,"activeEnrollments":1,"completedEnrollments":2,"droppedEnrollments":1,"totalSessions":2,"completedSessions":1,"upcomingSessions":1,"totalActivities":3,"directActivities":2,"transitiveActivities":2,"averageCompletionRate":50}""");
    });

    // ---------------------------------------------------------------- links (fixes C1, C23)

    [Fact]
    public Task linking_checks_the_program_and_the_activity_and_refuses_duplicates() => WithServer(async s =>
    {
        var adminUser = await Admin();
        var admin = As(adminUser);
        var program = await Save(Rows.MinimalProgram());
        var activity = await SaveActivity(adminUser.Id);
        var deleted = await SaveActivity(adminUser.Id, deleted: true);

        (await Call(s, admin, "programs:linkActivity", new { programId = Guid.NewGuid(), activityId = activity.Id })).Fails("NOT_FOUND");
        (await Call(s, admin, "programs:linkActivity", new { programId = program.Id, activityId = deleted.Id })).Fails("NOT_FOUND");
        (await Call(s, admin, "programs:linkActivity", new { programId = program.Id, activityId = activity.Id, orderIndex = -1 })).FailsOnFields("orderIndex");
        var link = (await Call(s, admin, "programs:linkActivity", new { programId = program.Id, activityId = activity.Id, orderIndex = 0 })).Ok()!["link"]!;
        link["orderIndex"]!.GetValue<double>().ShouldBe(0);
        link["isRequired"]!.GetValue<bool>().ShouldBeFalse();
        (await Call(s, admin, "programs:linkActivity", new { programId = program.Id, activityId = activity.Id })).Fails("CONFLICT", "ALREADY_LINKED");

        var changed = (await Call(s, admin, "programs:updateActivityLink", new { programId = program.Id, activityId = activity.Id, isRequired = true }))
            .Ok()!["link"]!;
        changed["isRequired"]!.GetValue<bool>().ShouldBeTrue();
        changed["orderIndex"]!.GetValue<double>().ShouldBe(0);
        (await Call(s, admin, "programs:updateActivityLink", new { programId = program.Id, activityId = activity.Id, orderIndex = (int?)null }))
            .Ok()!["link"]!["orderIndex"].ShouldBeNull();

        (await Call(s, admin, "programs:unlinkActivity", new { programId = program.Id, activityId = activity.Id })).Ok();
        (await Call(s, admin, "programs:unlinkActivity", new { programId = program.Id, activityId = activity.Id })).Fails("NOT_FOUND");
        (await Call(s, admin, "programs:updateActivityLink", new { programId = program.Id, activityId = activity.Id, isRequired = false })).Fails("NOT_FOUND");
    });

    [Fact]
    public Task list_activities_orders_by_index_and_shows_deleted_activities_to_admins() => WithServer(async s =>
    {
        var admin = await Admin();
        var program = await Save(Rows.MinimalProgram());
        var second = await SaveActivity(admin.Id, title: "Second");
        var first = await SaveActivity(admin.Id, title: "First");
        var unordered = await SaveActivity(admin.Id, title: "Unordered", deleted: true);
        await Save(new ProgramActivity { ProgramId = program.Id, ActivityId = unordered.Id });
        await Save(new ProgramActivity { ProgramId = program.Id, ActivityId = second.Id, OrderIndex = 2 });
        await Save(new ProgramActivity { ProgramId = program.Id, ActivityId = first.Id, OrderIndex = 0, IsRequired = true });

        var links = (await Call(s, As(admin), "programs:listActivities", new { programId = program.Id })).Ok()!["activities"]!.AsArray();

        links.Select(l => Str(l!["activity"]!["title"])).ShouldBe(["First", "Second", "Unordered"]);
        links[0]!["isRequired"]!.GetValue<bool>().ShouldBeTrue();
        links[2]!["activity"]!["deletedAt"].ShouldNotBeNull();
        (await Call(s, As(admin), "programs:listActivities", new { programId = Guid.NewGuid() })).Fails("NOT_FOUND");
    });
}
