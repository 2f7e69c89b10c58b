using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary><c>attendance:*</c> (FUNCTIONS.md §3.13) on the provider under test, through the function runtime.</summary>
public sealed class AttendanceTests : AccountTest
{
    private static object Page(int numItems = 20, string? cursor = null) => new { numItems, cursor };

    private async Task<List<Attendance>> Marks(Guid sessionId)
    {
        await using var db = Database.Open();
        return await db.Attendance.Where(a => a.SessionId == sessionId).ToListAsync();
    }

    // ---------------------------------------------------------------- mark (fix C24)

    [Fact]
    public Task mark_checks_the_session_and_users_and_records_the_program_and_notes() => WithServer(async s =>
    {
        var adminUser = await SaveUser(role: UserRole.Admin);
        var admin = As(adminUser);
        var program = await Save(Rows.MinimalProgram());
        var session = await Save(Rows.MinimalSession(program.Id));
        var ana = await SaveUser();
        var luis = await SaveUser();

        (await Call(s, admin, "attendance:mark", new { sessionId = Guid.NewGuid(), userIds = new[] { ana.Id }, status = "present" })).Fails("NOT_FOUND");
        (await Call(s, admin, "attendance:mark", new { sessionId = session.Id, userIds = new[] { ana.Id, Guid.NewGuid() }, status = "present" }))
            .Fails("NOT_FOUND");
        (await Call(s, admin, "attendance:mark", new { sessionId = session.Id, userIds = Array.Empty<Guid>(), status = "present" })).FailsOnFields("userIds");
        (await Call(s, admin, "attendance:mark", new { sessionId = session.Id, userIds = new[] { ana.Id }, status = "late" }))
            .Message!.ShouldContain("ArgumentValidationError");
        (await Marks(session.Id)).ShouldBeEmpty();

        (await Call(s, admin, "attendance:mark", new { sessionId = session.Id, userIds = new[] { ana.Id, luis.Id, ana.Id }, status = "excused", notes = " Sick " }))
            .Ok()!["marked"]!.GetValue<double>().ShouldBe(2);

        var rows = await Marks(session.Id);
        rows.Count.ShouldBe(2);
        rows.ShouldAllBe(a => a.ProgramId == program.Id && a.MarkedBy == adminUser.Id && a.Status == AttendanceStatus.Excused && a.Notes == "Sick");
    });

    [Fact]
    public Task marking_again_changes_the_one_row_and_the_operator_marks_without_a_user() => WithServer(async s =>
    {
        var adminUser = await SaveUser(role: UserRole.Admin);
        var session = await Save(Rows.MinimalSession());
        var ana = await SaveUser();

        (await Call(s, As(adminUser), "attendance:mark", new { sessionId = session.Id, userIds = new[] { ana.Id }, status = "absent", notes = "No show" })).Ok();
        (await Call(s, Caller.Admin, "attendance:mark", new { sessionId = session.Id, userIds = new[] { ana.Id }, status = "present" })).Ok();

        var row = (await Marks(session.Id)).ShouldHaveSingleItem();
        (row.Status, row.MarkedBy, row.Notes, row.ProgramId).ShouldBe((AttendanceStatus.Present, (Guid?)null, (string?)null, (Guid?)null));
    });

    [Fact]
    public Task concurrent_marks_of_one_user_at_one_session_leave_one_row() => WithServer(async s =>
    {
        var admin = As(await SaveUser(role: UserRole.Admin));
        var session = await Save(Rows.MinimalSession());
        var ana = await SaveUser();
        var statuses = new[] { "present", "absent", "excused" };

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? Call(s, admin, "attendance:mark", new { sessionId = session.Id, userIds = new[] { ana.Id }, status = statuses[i % 3] })
            : Call(s, admin, "attendance:markBulk", new { sessionId = session.Id, records = new[] { new { userId = ana.Id, status = statuses[i % 3] } } })));

        outcomes.ShouldAllBe(o => o.Success);
        (await Marks(session.Id)).Count.ShouldBe(1);
    });

    [Fact]
    public Task mark_bulk_takes_a_status_per_user_and_refuses_a_user_twice() => WithServer(async s =>
    {
        var admin = As(await SaveUser(role: UserRole.Admin));
        var session = await Save(Rows.MinimalSession());
        var ana = await SaveUser();
        var luis = await SaveUser();

        (await Call(s, admin, "attendance:markBulk", new
            {
                sessionId = session.Id, records = new[] { new { userId = ana.Id, status = "present" }, new { userId = ana.Id, status = "absent" } },
            }))
            .FailsOnFields("records");
        (await Call(s, admin, "attendance:markBulk", new
            {
                sessionId = session.Id, records = new object[] { new { userId = ana.Id, status = "present", notes = new string('x', 501) } },
            }))
            .FailsOnFields("records[0].notes");

        (await Call(s, admin, "attendance:markBulk", new
            {
                sessionId = session.Id, records = new object[] { new { userId = ana.Id, status = "present" }, new { userId = luis.Id, status = "absent", notes = "Away" } },
            }))
            .Ok()!["marked"]!.GetValue<double>().ShouldBe(2);
        (await Marks(session.Id)).ToDictionary(a => a.UserId, a => a.Status)
            .ShouldBe(new Dictionary<Guid, AttendanceStatus> { [ana.Id] = AttendanceStatus.Present, [luis.Id] = AttendanceStatus.Absent }, ignoreOrder: true);
    });

    // ---------------------------------------------------------------- forSession (fix C25)

    [Fact]
    public Task the_sheet_lists_the_programs_enrollments_and_anyone_marked() => WithServer(async s =>
    {
        var adminUser = await SaveUser(role: UserRole.Admin, change: u => u.Username = "zz_admin");
        var program = await Save(Rows.MinimalProgram());
        var session = await Save(Rows.MinimalSession(program.Id));
        var enrolled = await SaveUser(change: u => u.Username = "aa_enrolled");
        var guest = await SaveUser(AccountStatus.Pending, change: u => u.Username = "bb_guest");
        await SaveUser(change: u => u.Username = "cc_other");
        var enrollment = await Save(new ProgramEnrollment { ProgramId = program.Id, UserId = enrolled.Id });
        var profile = await Save(new Profile { UserId = enrolled.Id });
        await Save(new Attendance { UserId = guest.Id, SessionId = session.Id, MarkedBy = adminUser.Id, Status = AttendanceStatus.Present });

        var sheet = (await Call(s, As(adminUser), "attendance:forSession", new { sessionId = session.Id })).Ok()!;

        var users = sheet["users"]!.AsArray();
        users.Select(r => Str(r!["user"]!["username"])).ShouldBe(["aa_enrolled", "bb_guest"]);
        Str(users[0]!["enrollment"]!["_id"]).ShouldBe(enrollment.Id.ToString());
        Str(users[0]!["profile"]!["_id"]).ShouldBe(profile.Id.ToString());
        users[0]!["attendance"].ShouldBeNull();
        users[1]!["enrollment"].ShouldBeNull();
        Str(users[1]!["attendance"]!["status"]).ShouldBe("present");
        Str(users[1]!["markedBy"]!["username"]).ShouldBe("zz_admin");
        Str(users[1]!["user"]!["accountStatus"]).ShouldBe("pending");
        Str(sheet["session"]!["programId"]).ShouldBe(program.Id.ToString());
        sheet.ToJsonString().ShouldNotContain(guest.PrivyDid);

        var standalone = await Save(Rows.MinimalSession());
        (await Call(s, As(adminUser), "attendance:mark", new { sessionId = standalone.Id, userIds = new[] { enrolled.Id }, status = "present" })).Ok();
        (await Call(s, As(adminUser), "attendance:forSession", new { sessionId = standalone.Id })).Ok()!["users"]!.AsArray()
            .Select(r => Str(r!["user"]!["username"])).ShouldBe(["aa_enrolled"]);
        (await Call(s, As(adminUser), "attendance:forSession", new { sessionId = Guid.NewGuid() })).Fails("NOT_FOUND");
    });

    // ---------------------------------------------------------------- mine

    [Fact]
    public Task mine_pages_the_callers_own_rows_latest_first_and_filters_by_program() => WithServer(async s =>
    {
        var adminUser = await SaveUser(role: UserRole.Admin);
        var me = await SaveUser(AccountStatus.Suspended);
        var program = await Save(Rows.MinimalProgram());
        var inProgram = await Save(With(Rows.MinimalSession(program.Id), x => x.Title = "In program"));
        var standalone = await Save(With(Rows.MinimalSession(), x => x.Title = "Standalone"));
        await Save(new Attendance { UserId = me.Id, SessionId = inProgram.Id, MarkedBy = adminUser.Id, Status = AttendanceStatus.Present, MarkedAt = Rows.At });
        await Save(new Attendance { UserId = me.Id, SessionId = standalone.Id, MarkedBy = adminUser.Id, Status = AttendanceStatus.Absent, MarkedAt = Rows.At.AddDays(1) });
        await Save(new Attendance { UserId = adminUser.Id, SessionId = standalone.Id, MarkedBy = adminUser.Id, Status = AttendanceStatus.Present });

        async Task<List<string>> Mine(object args) =>
            [.. (await Call(s, As(me), "attendance:mine", args)).Ok()!["page"]!.AsArray().Select(r => Str(r!["session"]!["title"]))];

        (await Mine(new { paginationOpts = Page() })).ShouldBe(["Standalone", "In program"]);
        (await Mine(new { paginationOpts = Page(), programId = program.Id })).ShouldBe(["In program"]);
        var first = (await Call(s, As(me), "attendance:mine", new { paginationOpts = Page(1) })).Ok()!;
        first["isDone"]!.GetValue<bool>().ShouldBeFalse();
        first["page"]!.AsArray().ShouldHaveSingleItem();
    });
}
