using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary><c>sessions:*</c> (FUNCTIONS.md §3.12) on the provider under test, through the function runtime.</summary>
public sealed class SessionsTests : AccountTest
{
    private static readonly DateTimeOffset s_t0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static object Page(int numItems = 20, string? cursor = null) => new { numItems, cursor };

    private static List<string> Titles(JsonNode list) => [.. (list is JsonArray a ? a : list["page"]!.AsArray()).Select(e => Str(e!["title"]))];

    private Task<Session> SaveSession(string title, DateTimeOffset at, Guid? program = null, bool active = true, string? location = "https://meet.example.org/x") =>
        Save(With(Rows.MinimalSession(program), x =>
        {
            x.Title = title;
            x.SessionDate = at;
            x.IsActive = active;
            x.Location = location;
        }));

    // ---------------------------------------------------------------- list

    [Fact]
    public Task list_hides_inactive_sessions_filters_and_pages_soonest_first() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var program = await Save(Rows.MinimalProgram());
        var b = await SaveSession("B", s_t0.AddDays(2), program.Id);
        await SaveSession("A", s_t0.AddDays(1), program.Id);
        await SaveSession("C standalone", s_t0.AddDays(3));
        await SaveSession("Hidden", s_t0.AddDays(4), program.Id, active: false);
        var listed = await Save(With(Rows.MinimalActivity(admin.Id), a => a.Status = ActivityStatus.Active));
        var draft = await Save(Rows.MinimalActivity(admin.Id));
        await Save(new SessionActivity { SessionId = b.Id, ActivityId = listed.Id });
        await Save(new SessionActivity { SessionId = b.Id, ActivityId = draft.Id });

        async Task<JsonNode> List(object args) => (await Call(s, Caller.Anonymous, "sessions:list", args)).Ok()!;

        var first = await List(new { paginationOpts = Page(2) });
        Titles(first).ShouldBe(["A", "B"]);
        first["page"]![1]!["activityCount"]!.GetValue<double>().ShouldBe(1);
        Str(first["page"]![1]!["programName"]).ShouldBe(program.Name);
        var second = await List(new { paginationOpts = Page(2, Str(first["continueCursor"])) });
        Titles(second).ShouldBe(["C standalone"]);
        second["page"]![0]!["programName"].ShouldBeNull();

        Titles(await List(new { paginationOpts = Page(), standalone = true })).ShouldBe(["C standalone"]);
        Titles(await List(new { paginationOpts = Page(), standalone = false })).ShouldBe(["A", "B"]);
        Titles(await List(new { paginationOpts = Page(), programId = program.Id })).ShouldBe(["A", "B"]);
        first.ToJsonString().ShouldNotContain("meet.example.org");
    });

    [Fact]
    public Task upcoming_means_from_the_given_time_or_the_servers() => WithServer(async s =>
    {
        await SaveSession("Long ago", DateTimeOffset.UtcNow.AddYears(-1));
        await SaveSession("At t0", s_t0);
        await SaveSession("Next year", DateTimeOffset.UtcNow.AddYears(1));

        async Task<List<string>> Upcoming(object args) => Titles((await Call(s, Caller.Anonymous, "sessions:list", args)).Ok()!);

        (await Upcoming(new { paginationOpts = Page(), upcoming = true, from = s_t0 })).ShouldBe(["At t0", "Next year"]);
        (await Upcoming(new { paginationOpts = Page(), upcoming = true, from = s_t0.AddMinutes(1) })).ShouldBe(["Next year"]);
        var serverTime = await Upcoming(new { paginationOpts = Page(), upcoming = true });
        serverTime.ShouldContain("Next year");
        serverTime.ShouldNotContain("Long ago");
        (await Upcoming(new { paginationOpts = Page() })).Count.ShouldBe(3);
    });

    // ---------------------------------------------------------------- get: the meeting URL (fix S14)

    [Fact]
    public Task the_meeting_url_goes_only_to_admins_and_active_enrolled_members() => WithServer(async s =>
    {
        var program = await Save(Rows.MinimalProgram());
        var programSession = await SaveSession("Program", s_t0, program.Id);
        var standalone = await SaveSession("Open", s_t0);
        var enrolled = await SaveUser();
        var completed = await SaveUser();
        var dropped = await SaveUser();
        var pendingEnrolled = await SaveUser(AccountStatus.Pending);
        var suspendedEnrolled = await SaveUser(AccountStatus.Suspended);
        foreach (var (user, status) in new[]
                 {
                     (enrolled, EnrollmentStatus.Enrolled), (completed, EnrollmentStatus.Completed), (dropped, EnrollmentStatus.Dropped),
                     (pendingEnrolled, EnrollmentStatus.Enrolled), (suspendedEnrolled, EnrollmentStatus.Enrolled),
                 })
        {
            await Save(new ProgramEnrollment { ProgramId = program.Id, UserId = user.Id, Status = status });
        }

        var outsider = await SaveUser();
        var admin = await SaveUser(role: UserRole.Admin);

        async Task<string?> MeetingUrl(Caller caller, Session session)
        {
            var page = (await Call(s, caller, "sessions:get", new { sessionId = session.Id })).Ok()!;
            var url = page["session"]!["meetingUrl"]?.GetValue<string>();
            page["userCanAccess"]!.GetValue<bool>().ShouldBe(url is not null);
            return url;
        }

        (await MeetingUrl(As(enrolled), programSession)).ShouldBe("https://meet.example.org/x");
        (await MeetingUrl(As(completed), programSession)).ShouldNotBeNull();
        (await MeetingUrl(As(admin), programSession)).ShouldNotBeNull();
        (await MeetingUrl(Caller.Admin, programSession)).ShouldNotBeNull();
        (await MeetingUrl(As(dropped), programSession)).ShouldBeNull();
        (await MeetingUrl(As(pendingEnrolled), programSession)).ShouldBeNull();
        (await MeetingUrl(As(suspendedEnrolled), programSession)).ShouldBeNull();
        (await MeetingUrl(As(outsider), programSession)).ShouldBeNull();
        (await MeetingUrl(Caller.Anonymous, programSession)).ShouldBeNull();

        (await MeetingUrl(As(outsider), standalone)).ShouldNotBeNull();
        (await MeetingUrl(As(pendingEnrolled), standalone)).ShouldBeNull();
        (await MeetingUrl(Caller.Anonymous, standalone)).ShouldBeNull();

        var forProgram = async (Caller caller) => (await Call(s, caller, "sessions:listForProgram", new { programId = program.Id })).Ok()!["sessions"]![0]!;
        Str((await forProgram(As(enrolled)))["location"]).ShouldBe("https://meet.example.org/x");
        (await forProgram(As(pendingEnrolled)))["location"].ShouldBeNull();
        (await forProgram(As(outsider)))["location"].ShouldBeNull();
    });

    [Fact]
    public Task get_lists_only_listed_activities_and_hides_inactive_sessions() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var session = await SaveSession("Workshop", s_t0);
        var hidden = await SaveSession("Hidden", s_t0, active: false);
        foreach (var (status, deleted, reward) in new[]
                 {
                     (ActivityStatus.Active, false, 5m), (ActivityStatus.Paused, false, 50m), (ActivityStatus.Draft, false, 1m),
                     (ActivityStatus.Active, true, 1m),
                 })
        {
            var activity = await Save(With(Rows.MinimalActivity(admin.Id), a =>
            {
                a.Status = status;
                a.DeletedAt = deleted ? Rows.At : null;
                a.RewardPulpaAmount = reward;
            }));
            await Save(new SessionActivity { SessionId = session.Id, ActivityId = activity.Id });
        }

        var page = (await Call(s, Caller.Anonymous, "sessions:get", new { sessionId = session.Id })).Ok()!;

        page["activities"]!.AsArray().Select(a => Str(a!["rewardPulpaAmount"])).ShouldBe(["50.00000000", "5.00000000"]);
        (await Call(s, Caller.Anonymous, "sessions:get", new { sessionId = hidden.Id })).Fails("NOT_FOUND");
        (await Call(s, As(admin), "sessions:adminGet", new { sessionId = hidden.Id })).Ok()!["session"]!["program"].ShouldBeNull();
    });

    [Fact]
    public Task list_for_program_is_latest_first_bounded_and_knows_upcoming() => WithServer(async s =>
    {
        var me = await SaveUser(AccountStatus.Suspended);
        var program = await Save(Rows.MinimalProgram());
        for (var i = 0; i < 12; i++)
        {
            await SaveSession($"S{i:00}", s_t0.AddDays(i), program.Id);
        }

        async Task<List<string>> List(object args) => Titles((await Call(s, As(me), "sessions:listForProgram", args)).Ok()!["sessions"]!);

        (await List(new { programId = program.Id })).ShouldBe(Enumerable.Range(2, 10).Reverse().Select(i => $"S{i:00}"));
        (await List(new { programId = program.Id, upcoming = true, from = s_t0.AddDays(10), limit = 50 })).ShouldBe(["S11", "S10"]);
        (await Call(s, As(me), "sessions:listForProgram", new { programId = program.Id, limit = 51 })).FailsOnFields("limit");
        (await Call(s, As(me), "sessions:listForProgram", new { programId = Guid.NewGuid() })).Fails("NOT_FOUND");
    });

    // ---------------------------------------------------------------- admin

    [Fact]
    public Task admin_list_shows_inactive_sessions_with_their_counts() => WithServer(async s =>
    {
        var adminUser = await SaveUser(role: UserRole.Admin);
        var program = await Save(Rows.MinimalProgram());
        var session = await SaveSession("Inactive", s_t0, program.Id, active: false);
        await SaveSession("Standalone", s_t0.AddDays(1));
        await Save(new Attendance { UserId = (await SaveUser()).Id, SessionId = session.Id, MarkedBy = adminUser.Id, Status = AttendanceStatus.Absent });
        await Save(new SessionActivity { SessionId = session.Id, ActivityId = (await Save(Rows.MinimalActivity(adminUser.Id))).Id });

        var rows = (await Call(s, As(adminUser), "sessions:adminList", new { paginationOpts = Page(), programId = program.Id })).Ok()!["page"]!.AsArray();

        var row = rows.ShouldHaveSingleItem()!;
        (row["activityCount"]!.GetValue<double>(), row["attendanceCount"]!.GetValue<double>()).ShouldBe((1, 1));
        row["isActive"]!.GetValue<bool>().ShouldBeFalse();
        Titles((await Call(s, As(adminUser), "sessions:adminList", new { paginationOpts = Page(), standalone = true })).Ok()!).ShouldBe(["Standalone"]);
        Str((await Call(s, As(adminUser), "sessions:adminGet", new { sessionId = session.Id })).Ok()!["session"]!["program"]!["name"])
            .ShouldBe(program.Name);
    });

    [Fact]
    public Task create_validates_fields_and_the_program() => WithServer(async s =>
    {
        var admin = As(await SaveUser(role: UserRole.Admin));
        var instructor = await SaveUser();

        (await Call(s, admin, "sessions:create", new
            {
                title = "", sessionType = "virtual", sessionDate = s_t0, duration = new string('x', 51), location = new string('x', 501),
                instructors = new[] { Guid.NewGuid() }, materials = new[] { new { title = "Slides", url = "javascript:alert(1)", type = "pdf" } },
            }))
            .FailsOnFields("title", "duration", "location", "instructors", "materials[0].url");
        (await Call(s, admin, "sessions:create", new { title = "X", sessionType = "online", sessionDate = s_t0 })).Message!.ShouldContain("ArgumentValidationError");
        (await Call(s, admin, "sessions:create", new { title = "X", sessionType = "virtual", sessionDate = s_t0, programId = Guid.NewGuid() }))
            .Fails("NOT_FOUND");

        var session = (await Call(s, admin, "sessions:create", new
            {
                title = " Kick-off ", sessionType = "in-person", sessionDate = s_t0, duration = "", location = "Casa Frutero",
                instructors = new[] { instructor.Id }, materials = new[] { new { title = "Slides", url = "https://example.org/s.pdf", type = "pdf" } },
            }))
            .Ok()!["session"]!;
        Str(session["title"]).ShouldBe("Kick-off");
        session["duration"].ShouldBeNull();
        session["programId"].ShouldBeNull();
        session["instructors"]!.AsArray().Select(i => Str(i)).ShouldBe([instructor.Id.ToString()]);
        session["sessionDate"]!.GetValue<double>().ShouldBe(s_t0.ToUnixTimeMilliseconds());
    });

    [Fact]
    public Task update_refuses_an_empty_patch_and_a_meeting_url_and_sets_updated_at() => WithServer(async s =>
    {
        var admin = As(await SaveUser(role: UserRole.Admin));
        var program = await Save(Rows.MinimalProgram());
        var session = await Save(With(Rows.MinimalSession(program.Id), x =>
        {
            x.Location = "Room 1";
            x.UpdatedAt = Rows.At;
        }));

        (await Call(s, admin, "sessions:update", new { sessionId = session.Id })).FailsOnFields("fields");
        (await Call(s, admin, "sessions:update", new { sessionId = session.Id, meetingUrl = "https://meet.example.org/y" }))
            .Message!.ShouldContain("ArgumentValidationError");
        (await Call(s, admin, "sessions:update", new { sessionId = session.Id, programId = Guid.NewGuid() })).Fails("NOT_FOUND");
        (await Call(s, admin, "sessions:update", new { sessionId = Guid.NewGuid(), title = "X" })).Fails("NOT_FOUND");

        var updated = (await Call(s, admin, "sessions:update", new { sessionId = session.Id, programId = (Guid?)null, description = "About" }))
            .Ok()!["session"]!;
        updated["programId"].ShouldBeNull();
        Str(updated["location"]).ShouldBe("Room 1");
        Str(updated["description"]).ShouldBe("About");
        updated["updatedAt"]!.GetValue<double>().ShouldBeGreaterThan(Rows.At.ToUnixTimeMilliseconds());
    });

    [Fact]
    public Task remove_deletes_the_session_with_its_attendance_and_links() => WithServer(async s =>
    {
        var adminUser = await SaveUser(role: UserRole.Admin);
        var session = await SaveSession("Gone", s_t0);
        var activity = await Save(Rows.MinimalActivity(adminUser.Id));
        await Save(new SessionActivity { SessionId = session.Id, ActivityId = activity.Id });
        await Save(new Attendance { UserId = adminUser.Id, SessionId = session.Id, MarkedBy = adminUser.Id, Status = AttendanceStatus.Present });

        (await Call(s, As(adminUser), "sessions:remove", new { sessionId = session.Id })).Ok()!["session"]!["title"]!.GetValue<string>().ShouldBe("Gone");

        await using var db = Database.Open();
        (await db.Sessions.AnyAsync(x => x.Id == session.Id)).ShouldBeFalse();
        (await db.Attendance.AnyAsync(a => a.SessionId == session.Id)).ShouldBeFalse();
        (await db.SessionActivities.AnyAsync(l => l.SessionId == session.Id)).ShouldBeFalse();
        (await db.Activities.AnyAsync(a => a.Id == activity.Id)).ShouldBeTrue();
        (await Call(s, As(adminUser), "sessions:remove", new { sessionId = session.Id })).Fails("NOT_FOUND");
    });

    [Fact]
    public Task linking_keeps_order_index_zero_and_refuses_deleted_activities_and_duplicates() => WithServer(async s =>
    {
        var adminUser = await SaveUser(role: UserRole.Admin);
        var admin = As(adminUser);
        var session = await SaveSession("Linked", s_t0);
        var activity = await Save(Rows.MinimalActivity(adminUser.Id));
        var deleted = await Save(With(Rows.MinimalActivity(adminUser.Id), a => a.DeletedAt = Rows.At));

        (await Call(s, admin, "sessions:linkActivity", new { sessionId = session.Id, activityId = deleted.Id })).Fails("NOT_FOUND");
        (await Call(s, admin, "sessions:linkActivity", new { sessionId = Guid.NewGuid(), activityId = activity.Id })).Fails("NOT_FOUND");
        (await Call(s, admin, "sessions:linkActivity", new { sessionId = session.Id, activityId = activity.Id, orderIndex = 0 }))
            .Ok()!["link"]!["orderIndex"]!.GetValue<double>().ShouldBe(0);
        (await Call(s, admin, "sessions:linkActivity", new { sessionId = session.Id, activityId = activity.Id })).Fails("CONFLICT", "ALREADY_LINKED");

        var links = (await Call(s, admin, "sessions:listActivities", new { sessionId = session.Id })).Ok()!["activities"]!.AsArray();
        links.ShouldHaveSingleItem()!["orderIndex"]!.GetValue<double>().ShouldBe(0);
        Str(links[0]!["activity"]!["title"]).ShouldBe(activity.Title);

        (await Call(s, admin, "sessions:unlinkActivity", new { sessionId = session.Id, activityId = activity.Id })).Ok();
        (await Call(s, admin, "sessions:unlinkActivity", new { sessionId = session.Id, activityId = activity.Id })).Fails("NOT_FOUND");
    });
}
