using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary><c>enrollments:*</c> (FUNCTIONS.md §3.11) and program capacity on the provider under test.</summary>
public sealed class EnrollmentsTests : AccountTest
{
    private static object Page(int numItems = 20, string? cursor = null) => new { numItems, cursor };

    private Task<TrainingProgram> SaveProgram(int? capacity = null) => Save(With(Rows.MinimalProgram(), p => p.MaxEnrollments = capacity));

    private Task<ProgramEnrollment> Enroll(Guid program, Guid user, EnrollmentStatus status = EnrollmentStatus.Enrolled, DateTimeOffset? at = null) =>
        Save(new ProgramEnrollment { ProgramId = program, UserId = user, Status = status, EnrolledAt = at ?? Rows.At });

    // ---------------------------------------------------------------- create

    [Fact]
    public Task create_refuses_missing_targets_and_a_second_enrollment() => WithServer(async s =>
    {
        var admin = As(await SaveUser(role: UserRole.Admin));
        var program = await SaveProgram();
        var user = await SaveUser();
        var closed = await SaveUser(closed: true);

        (await Call(s, admin, "enrollments:create", new { programId = Guid.NewGuid(), userId = user.Id })).Fails("NOT_FOUND");
        (await Call(s, admin, "enrollments:create", new { programId = program.Id, userId = Guid.NewGuid() })).Fails("NOT_FOUND");
        (await Call(s, admin, "enrollments:create", new { programId = program.Id, userId = closed.Id })).Fails("NOT_FOUND");

        var enrollment = (await Call(s, admin, "enrollments:create", new { programId = program.Id, userId = user.Id, status = "completed" }))
            .Ok()!["enrollment"]!;
        Str(enrollment["status"]).ShouldBe("completed");
        enrollment["completedAt"].ShouldNotBeNull();
        (await Call(s, admin, "enrollments:create", new { programId = program.Id, userId = user.Id })).Fails("CONFLICT", "ENROLLMENT_EXISTS");
    });

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public Task thirty_concurrent_enrollments_into_a_program_of_capacity_n_enroll_exactly_n(int capacity) => WithServer(async s =>
    {
        var admin = As(await SaveUser(role: UserRole.Admin));
        var program = await SaveProgram(capacity);
        var users = new List<User>();
        for (var i = 0; i < 30; i++)
        {
            users.Add(await SaveUser());
        }

        var outcomes = await Task.WhenAll(users.Select(u => Call(s, admin, "enrollments:create", new { programId = program.Id, userId = u.Id })));

        outcomes.Count(o => o.Success).ShouldBe(capacity);
        foreach (var refused in outcomes.Where(o => !o.Success))
        {
            refused.Fails("FAILED_PRECONDITION", "SLOTS_FULL")["details"]!["maxEnrollments"]!.GetValue<double>().ShouldBe(capacity);
        }

        await using var db = Database.Open();
        (await db.ProgramEnrollments.CountAsync(e => e.ProgramId == program.Id)).ShouldBe(capacity);
    });

    [Fact]
    public Task concurrent_enrollments_of_one_user_make_one_row_and_the_rest_are_enrollment_exists() => WithServer(async s =>
    {
        var admin = As(await SaveUser(role: UserRole.Admin));
        var program = await SaveProgram();
        var user = await SaveUser();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Call(s, admin, "enrollments:create", new { programId = program.Id, userId = user.Id })));

        outcomes.Count(o => o.Success).ShouldBe(1);
        foreach (var refused in outcomes.Where(o => !o.Success))
        {
            refused.Fails("CONFLICT", "ENROLLMENT_EXISTS");
        }
    });

    [Fact]
    public Task dropped_enrollments_free_a_seat_and_coming_back_needs_one() => WithServer(async s =>
    {
        var admin = As(await SaveUser(role: UserRole.Admin));
        var program = await SaveProgram(capacity: 1);
        var first = await Enroll(program.Id, (await SaveUser()).Id);
        var second = (await SaveUser()).Id;

        (await Call(s, admin, "enrollments:create", new { programId = program.Id, userId = second })).Fails("FAILED_PRECONDITION", "SLOTS_FULL");
        (await Call(s, admin, "enrollments:update", new { enrollmentId = first.Id, status = "dropped" })).Ok();
        var enrolled = (await Call(s, admin, "enrollments:create", new { programId = program.Id, userId = second })).Ok()!["enrollment"]!;
        (await Call(s, admin, "enrollments:update", new { enrollmentId = first.Id, status = "enrolled" })).Fails("FAILED_PRECONDITION", "SLOTS_FULL");

        // A dropped enrollment takes no seat, so it may be recorded in a full program.
        (await Call(s, admin, "enrollments:create", new { programId = program.Id, userId = (await SaveUser()).Id, status = "dropped" })).Ok();
        (await Call(s, admin, "enrollments:remove", new { enrollmentId = Str(enrolled["_id"]) })).Ok();
        (await Call(s, admin, "enrollments:update", new { enrollmentId = first.Id, status = "enrolled" })).Ok();
    });

    // ---------------------------------------------------------------- update / remove

    [Fact]
    public Task update_sets_completed_at_when_completing_and_keeps_what_is_absent() => WithServer(async s =>
    {
        var admin = As(await SaveUser(role: UserRole.Admin));
        var enrollment = await Enroll((await SaveProgram()).Id, (await SaveUser()).Id);

        var completed = (await Call(s, admin, "enrollments:update", new { enrollmentId = enrollment.Id, status = "completed" })).Ok()!["enrollment"]!;
        completed["completedAt"].ShouldNotBeNull();
        completed["updatedAt"]!.GetValue<double>().ShouldBe(completed["completedAt"]!.GetValue<double>());

        var cleared = (await Call(s, admin, "enrollments:update", new { enrollmentId = enrollment.Id, completedAt = (DateTimeOffset?)null })).Ok()!["enrollment"]!;
        cleared["completedAt"].ShouldBeNull();
        Str(cleared["status"]).ShouldBe("completed");
        (await Call(s, admin, "enrollments:update", new { enrollmentId = Guid.NewGuid(), status = "dropped" })).Fails("NOT_FOUND");

        (await Call(s, admin, "enrollments:remove", new { enrollmentId = enrollment.Id })).Ok()!["enrollment"]!["_id"]!.GetValue<string>()
            .ShouldBe(enrollment.Id.ToString());
        (await Call(s, admin, "enrollments:remove", new { enrollmentId = enrollment.Id })).Fails("NOT_FOUND");
    });

    // ---------------------------------------------------------------- lists

    [Fact]
    public Task the_roster_pages_newest_first_filters_by_status_and_shows_the_users_card() => WithServer(async s =>
    {
        var admin = As(await SaveUser(role: UserRole.Admin));
        var program = await SaveProgram();
        var users = new List<User>();
        for (var i = 0; i < 5; i++)
        {
            var user = await SaveUser(change: u => u.Metadata = new JsonObject { ["secret"] = true });
            users.Add(user);
            await Enroll(program.Id, user.Id, i == 2 ? EnrollmentStatus.Dropped : EnrollmentStatus.Enrolled, Rows.At.AddDays(i));
        }

        await Enroll((await SaveProgram()).Id, users[0].Id);

        var seen = new List<string>();
        string? cursor = null;
        JsonNode page;
        do
        {
            page = (await Call(s, admin, "enrollments:listForProgram", new { programId = program.Id, paginationOpts = Page(2, cursor) })).Ok()!;
            seen.AddRange(page["page"]!.AsArray().Select(r => Str(r!["user"]!["_id"])));
            cursor = Str(page["continueCursor"]);
        }
        while (!page["isDone"]!.GetValue<bool>());

        seen.ShouldBe(users.Select(u => u.Id.ToString()).Reverse());
        var dropped = (await Call(s, admin, "enrollments:listForProgram", new { programId = program.Id, status = "dropped", paginationOpts = Page() }))
            .Ok()!["page"]!.AsArray();
        var row = dropped.ShouldHaveSingleItem()!;
        Str(row["user"]!["email"]).ShouldBe(users[2].Email);
        row.ToJsonString().ShouldNotContain("secret");
        row.ToJsonString().ShouldNotContain(users[2].PrivyDid);
        (await Call(s, admin, "enrollments:listForProgram", new { programId = Guid.NewGuid(), paginationOpts = Page() })).Fails("NOT_FOUND");
    });

    [Fact]
    public Task mine_lists_only_the_callers_enrollments_with_their_programs() => WithServer(async s =>
    {
        var me = await SaveUser(AccountStatus.Pending);
        var program = await SaveProgram();
        await Enroll(program.Id, me.Id);
        await Enroll((await SaveProgram()).Id, (await SaveUser()).Id);

        var mine = (await Call(s, As(me), "enrollments:mine")).Ok()!["enrollments"]!.AsArray();

        Str(mine.ShouldHaveSingleItem()!["program"]!["name"]).ShouldBe(program.Name);
    });

    // ---------------------------------------------------------------- eligibility and promotion (fixes A3, A7, C4)

    private async Task<(ProgramEnrollment Enrollment, User Member)> EligibleMember(Guid adminId, bool eligible)
    {
        var member = await SaveUser();
        var program = await SaveProgram();
        var enrollment = await Enroll(program.Id, member.Id);
        var sessions = eligible ? 5 : 4;
        for (var i = 0; i < sessions; i++)
        {
            var session = await Save(Rows.MinimalSession(program.Id));
            await Save(new Attendance { UserId = member.Id, SessionId = session.Id, MarkedBy = adminId, Status = AttendanceStatus.Present });
        }

        for (var i = 0; i < 3; i++)
        {
            var activity = await Save(With(Rows.MinimalActivity(adminId), a => a.Status = ActivityStatus.Active));
            await Save(new ProgramActivity { ProgramId = program.Id, ActivityId = activity.Id });
            await Save(With(Rows.MinimalSubmission(activity.Id, member.Id), x =>
            {
                x.Status = SubmissionStatus.Approved;
                x.Metadata = new JsonObject { ["score"] = 90 };
            }));
        }

        // Work in another program never counts (A7).
        var elsewhere = await Save(Rows.MinimalSession((await SaveProgram()).Id));
        await Save(new Attendance { UserId = member.Id, SessionId = elsewhere.Id, MarkedBy = adminId, Status = AttendanceStatus.Present });
        return (enrollment, member);
    }

    [Fact]
    public Task eligibility_is_scoped_to_the_program_and_always_an_object() => WithServer(async s =>
    {
        var adminUser = await SaveUser(role: UserRole.Admin);
        var (short1, _) = await EligibleMember(adminUser.Id, eligible: false);
        var (ok, _) = await EligibleMember(adminUser.Id, eligible: true);
        var empty = await Enroll((await SaveProgram()).Id, (await SaveUser()).Id);

        var verdict = (await Call(s, As(adminUser), "enrollments:eligibility", new { enrollmentId = short1.Id })).Ok()!;
        verdict["isEligible"]!.GetValue<bool>().ShouldBeFalse();
        verdict["criteria"]!.ToJsonString().ShouldBe(
            """{"attendanceCount":4,"attendanceRequired":5,"submissionCount":3,"submissionRequired":3,"qualityScore":90,"qualityRequired":70}""");
        verdict["reasons"]!.AsArray().Select(r => Str(r)).ShouldBe(["Need 1 more attended sessions"]);

        (await Call(s, As(adminUser), "enrollments:eligibility", new { enrollmentId = ok.Id })).Ok()!["isEligible"]!.GetValue<bool>().ShouldBeTrue();
        (await Call(s, As(adminUser), "enrollments:eligibility", new { enrollmentId = empty.Id })).Ok()!["reasons"]!.AsArray().Select(r => Str(r))
            .ShouldBe(["Need 5 more attended sessions", "Need 3 more approved submissions", "Quality score 0.0% is below 70%"]);
        (await Call(s, As(adminUser), "enrollments:eligibility", new { enrollmentId = Guid.NewGuid() })).Fails("NOT_FOUND");
    });

    [Fact]
    public Task promote_needs_an_active_user_and_eligibility_unless_overridden() => WithServer(async s =>
    {
        var adminUser = await SaveUser(role: UserRole.Admin);
        var admin = As(adminUser);
        var (notYet, _) = await EligibleMember(adminUser.Id, eligible: false);
        var (ready, member) = await EligibleMember(adminUser.Id, eligible: true);
        var pending = await Enroll((await SaveProgram()).Id, (await SaveUser(AccountStatus.Pending)).Id);

        (await Call(s, admin, "enrollments:promote", new { enrollmentId = pending.Id, @override = true }))
            .Fails("FAILED_PRECONDITION", "INVALID_STATUS_FOR_PROMOTION")["details"]!["currentStatus"]!.GetValue<string>().ShouldBe("pending");
        (await Call(s, admin, "enrollments:promote", new { enrollmentId = notYet.Id }))
            .Fails("FAILED_PRECONDITION", "NOT_ELIGIBLE")["details"]!["reasons"]!.AsArray().Count.ShouldBe(1);

        var promoted = (await Call(s, admin, "enrollments:promote", new { enrollmentId = ready.Id, promotionNotes = "Great work" })).Ok()!;
        promoted["enrollment"]!["promotedAt"].ShouldNotBeNull();
        Str(promoted["enrollment"]!["metadata"]!["promotedBy"]).ShouldBe(adminUser.Id.ToString());
        Str(promoted["enrollment"]!["metadata"]!["promotionNotes"]).ShouldBe("Great work");
        Str(promoted["user"]!["_id"]).ShouldBe(member.Id.ToString());
        promoted.ToJsonString().ShouldNotContain(member.PrivyDid);

        var overridden = (await Call(s, admin, "enrollments:promote", new { enrollmentId = notYet.Id, @override = true })).Ok()!;
        overridden["enrollment"]!["metadata"]!["override"]!.GetValue<bool>().ShouldBeTrue();
        (await Call(s, admin, "enrollments:promote", new { enrollmentId = ready.Id, promotionNotes = new string('x', 1001) }))
            .FailsOnFields("promotionNotes");
    });
}
