using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary><c>applications:*</c> (FUNCTIONS.md §3.8) and the onboarding and review rules, on the provider under test.</summary>
public sealed class ApplicationsTests : AccountTest
{
    private static readonly object s_form = new { goal = "Build things", motivationText = "I like fruit." };

    private static object Page(int numItems = 20, string? cursor = null) => new { numItems, cursor };

    private async Task<Application> SaveApplication(User user, Action<Application>? change = null) =>
        await Save(With(Rows.MinimalApplication(user.Id), a => change?.Invoke(a)));

    // ---------------------------------------------------------------- submit

    [Fact]
    public Task submitting_makes_a_pending_application_a_pending_account_and_a_profile_with_the_links() => WithServer(async s =>
    {
        var user = await SaveUser(AccountStatus.Incomplete);

        var result = (await Call(s, As(user), "applications:submit", new
        {
            goal = "  Ship a dapp  ",
            motivationText = "Because PULPA.",
            githubUsername = "fruta",
            twitterUsername = " ",
            telegramUsername = "frutagram",
            linkedinUrl = "https://linkedin.com/in/fruta",
        })).Ok()!;

        var application = result["application"]!;
        Str(application["status"]).ShouldBe("pending");
        Str(application["goal"]).ShouldBe("Ship a dapp");
        Str(application["motivationText"]).ShouldBe("Because PULPA.");
        Str(application["githubUsername"]).ShouldBe("fruta");
        application["twitterUsername"].ShouldBeNull();
        Str(application["userId"]).ShouldBe(user.Id.ToString());
        (await Reload(user.Id)).AccountStatus.ShouldBe(AccountStatus.Pending);
        await using var db = Database.Open();
        var profile = await db.Profiles.SingleAsync(p => p.UserId == user.Id);
        profile.GithubUsername.ShouldBe("fruta");
        profile.TwitterUsername.ShouldBeNull();
        profile.TelegramUsername.ShouldBe("frutagram");
        profile.LinkedinUrl.ShouldBe("https://linkedin.com/in/fruta");
        profile.ProfileVisibility.ShouldBe(ProfileVisibility.Public);
        profile.AvailabilityStatus.ShouldBe(AvailabilityStatus.Available);
        (await db.Applications.SingleAsync(a => a.UserId == user.Id)).Id.ToString().ShouldBe(Str(application["_id"]));
    });

    [Fact]
    public Task submitting_leaves_profile_links_not_given_and_clears_those_given_empty() => WithServer(async s =>
    {
        var user = await SaveUser(AccountStatus.Incomplete);
        await Save(new Profile { UserId = user.Id, City = "Oaxaca", TelegramUsername = "kept", TwitterUsername = "cleared", LinkedinUrl = "https://x.org/a" });

        (await Call(s, As(user), "applications:submit", new { goal = "g", motivationText = "m", githubUsername = "new", twitterUsername = "", linkedinUrl = "" })).Ok();

        await using var db = Database.Open();
        var profile = await db.Profiles.SingleAsync(p => p.UserId == user.Id);
        profile.City.ShouldBe("Oaxaca");
        profile.TelegramUsername.ShouldBe("kept");
        profile.GithubUsername.ShouldBe("new");
        profile.TwitterUsername.ShouldBeNull();
        profile.LinkedinUrl.ShouldBeNull();
    });

    [Fact]
    public Task submitting_checks_the_content_of_every_field_at_once() => WithServer(async s =>
    {
        var user = await SaveUser(AccountStatus.Incomplete);

        (await Call(s, As(user), "applications:submit", new
        {
            goal = "   ",
            motivationText = new string('m', 501),
            githubUsername = new string('g', 101),
            telegramUsername = new string('t', 101),
            linkedinUrl = "ftp://linkedin.com/in/x",
        })).FailsOnFields("goal", "motivationText", "githubUsername", "telegramUsername", "linkedinUrl");
        (await Call(s, As(user), "applications:submit", new { goal = new string('g', 281), motivationText = "m" })).FailsOnFields("goal");
        (await Call(s, As(user), "applications:submit", new { goal = "g", motivationText = "m", programId = "nope" })).FailsOnFields("programId");
        var missing = await Call(s, As(user), "applications:submit", new { goal = "g" });
        missing.Success.ShouldBeFalse();
        missing.Error.ShouldBeNull();
        missing.Message.ShouldNotBeNull().ShouldContain("ArgumentValidationError");
        (await Reload(user.Id)).AccountStatus.ShouldBe(AccountStatus.Incomplete);
    });

    [Theory]
    [InlineData(AccountStatus.Pending)]
    [InlineData(AccountStatus.Active)]
    public Task only_incomplete_accounts_may_apply(AccountStatus status) => WithServer(async s =>
    {
        var user = await SaveUser(status);

        var error = (await Call(s, As(user), "applications:submit", s_form)).Fails("FAILED_PRECONDITION", "APPLICATION_ALREADY_SUBMITTED");

        Str(error["details"]!["currentStatus"]).ShouldBe(Poktapok.Engine.Data.ClosedSet<AccountStatus>.ToName(status));
        await using var db = Database.Open();
        (await db.Applications.CountAsync()).ShouldBe(0);
    });

    [Fact]
    public Task a_program_must_exist_and_be_active() => WithServer(async s =>
    {
        var inactive = await Save(With(Rows.MinimalProgram(), p => p.IsActive = false));
        var active = await Save(Rows.MinimalProgram());
        var user = await SaveUser(AccountStatus.Incomplete);

        (await Call(s, As(user), "applications:submit", new { goal = "g", motivationText = "m", programId = Guid.NewGuid() })).Fails("NOT_FOUND");
        (await Call(s, As(user), "applications:submit", new { goal = "g", motivationText = "m", programId = inactive.Id })).Fails("NOT_FOUND");
        var application = (await Call(s, As(user), "applications:submit", new { goal = "g", motivationText = "m", programId = active.Id })).Ok()!;

        Str(application["application"]!["programId"]).ShouldBe(active.Id.ToString());
    });

    [Fact]
    public Task an_account_with_an_application_cannot_apply_again() => WithServer(async s =>
    {
        // An incomplete account that has an application (an imported row): one application per account, ever.
        var user = await SaveUser(AccountStatus.Incomplete);
        await SaveApplication(user, a => a.Status = ApplicationStatus.Rejected);

        (await Call(s, As(user), "applications:submit", s_form)).Fails("CONFLICT", "DUPLICATE_APPLICATION");
    });

    [Fact]
    public Task concurrent_submits_by_one_account_make_one_application() => WithServer(async s =>
    {
        var user = await SaveUser(AccountStatus.Incomplete);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Call(s, As(user), "applications:submit", s_form)));

        results.Count(r => r.Success).ShouldBe(1);
        foreach (var failed in results.Where(r => !r.Success))
        {
            var error = failed.Error.ShouldNotBeNull(failed.Message);
            $"{error["code"]} {error["reason"]}".ShouldBeOneOf("FAILED_PRECONDITION APPLICATION_ALREADY_SUBMITTED", "CONFLICT DUPLICATE_APPLICATION");
        }

        await using var db = Database.Open();
        (await db.Applications.CountAsync(a => a.UserId == user.Id)).ShouldBe(1);
        (await db.Profiles.CountAsync(p => p.UserId == user.Id)).ShouldBe(1);
        (await Reload(user.Id)).AccountStatus.ShouldBe(AccountStatus.Pending);
    });

    // ---------------------------------------------------------------- mine

    [Fact]
    public Task mine_is_null_before_applying_then_the_application_with_its_program() => WithServer(async s =>
    {
        var program = await Save(Rows.MinimalProgram());
        var user = await SaveUser(AccountStatus.Incomplete);
        var other = await SaveUser(AccountStatus.Pending);
        await SaveApplication(other);

        (await Call(s, As(user), "applications:mine")).Ok().ShouldBeNull();
        (await Call(s, As(user), "applications:submit", new { goal = "g", motivationText = "m", programId = program.Id })).Ok();
        var mine = (await Call(s, As(user), "applications:mine")).Ok()!;

        Str(mine["userId"]).ShouldBe(user.Id.ToString());
        mine["program"]!.ToJsonString().ShouldBe($$"""{"_id":"{{program.Id}}","name":"{{program.Name}}"}""");
        mine.AsObject().ContainsKey("_creationTime").ShouldBeTrue();
        mine.AsObject().ContainsKey("motivationText").ShouldBeTrue();
    });

    // ---------------------------------------------------------------- admin lists and reads

    [Fact]
    public Task the_admin_list_is_newest_first_with_applicant_profile_and_program_and_filters() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var program = await Save(Rows.MinimalProgram());
        var ana = await SaveUser(AccountStatus.Pending);
        var beto = await SaveUser(AccountStatus.Pending, closed: true);
        var caro = await SaveUser(AccountStatus.Active);
        await Save(new Profile { UserId = ana.Id, City = "Puebla", Country = "Mexico" });
        var first = await SaveApplication(ana, a => { a.CreatedAt = Rows.At.AddDays(1); a.ProgramId = program.Id; });
        var second = await SaveApplication(beto, a => a.CreatedAt = Rows.At.AddDays(2));
        var third = await SaveApplication(caro, a => { a.CreatedAt = Rows.At.AddDays(3); a.Status = ApplicationStatus.Approved; });

        async Task<JsonArray> List(object args) => (await Call(s, As(admin), "applications:adminList", args)).Ok()!["page"]!.AsArray();
        static List<string> Ids(JsonArray page) => [.. page.Select(r => Str(r!["application"]!["_id"]))];

        var all = await List(new { paginationOpts = Page() });
        Ids(all).ShouldBe([third.Id.ToString(), second.Id.ToString(), first.Id.ToString()]);
        var anaRow = all[2]!;
        anaRow["user"]!.ToJsonString().ShouldBe(
            $$"""{"_id":"{{ana.Id}}","username":"{{ana.Username}}","displayName":"{{ana.DisplayName}}","avatarUrl":null,"email":"{{ana.Email}}","accountStatus":"pending"}""");
        Str(anaRow["profile"]!["city"]).ShouldBe("Puebla");
        Str(anaRow["program"]!["name"]).ShouldBe(program.Name);
        Str(all[1]!["user"]!["_id"]).ShouldBe(beto.Id.ToString());
        all[1]!["profile"].ShouldBeNull();
        all[1]!["program"].ShouldBeNull();
        all.ToJsonString().ShouldNotContain(ana.PrivyDid);

        Ids(await List(new { paginationOpts = Page(), status = "pending" })).ShouldBe([second.Id.ToString(), first.Id.ToString()]);
        Ids(await List(new { paginationOpts = Page(), programId = program.Id })).ShouldBe([first.Id.ToString()]);
        Ids(await List(new { paginationOpts = Page(), status = "approved", programId = program.Id })).ShouldBeEmpty();

        var page1 = (await Call(s, As(admin), "applications:adminList", new { paginationOpts = Page(2) })).Ok()!;
        Ids(page1["page"]!.AsArray()).ShouldBe([third.Id.ToString(), second.Id.ToString()]);
        var page2 = (await Call(s, As(admin), "applications:adminList", new { paginationOpts = Page(2, Str(page1["continueCursor"])) })).Ok()!;
        Ids(page2["page"]!.AsArray()).ShouldBe([first.Id.ToString()]);
        page2["isDone"]!.GetValue<bool>().ShouldBeTrue();

        var bad = await Call(s, As(admin), "applications:adminList", new { paginationOpts = Page(), status = "guest" });
        bad.Success.ShouldBeFalse();
        bad.Message.ShouldNotBeNull().ShouldContain("ArgumentValidationError");
    });

    [Fact]
    public Task admin_stats_count_by_status_and_the_last_seven_days() => WithServer(async s =>
    {
        var statuses = new[] { ApplicationStatus.Pending, ApplicationStatus.Pending, ApplicationStatus.Approved, ApplicationStatus.Rejected };
        foreach (var (status, i) in statuses.Select((x, i) => (x, i)))
        {
            var user = await SaveUser(AccountStatus.Pending);
            // Two recent (yesterday, six days ago), two old (eight days ago, a year ago).
            var age = new[] { 1, 6, 8, 365 }[i];
            await SaveApplication(user, a => { a.Status = status; a.CreatedAt = DateTimeOffset.UtcNow.AddDays(-age); });
        }

        var stats = (await Call(s, Caller.Admin, "applications:adminStats")).Ok()!;

        stats.ToJsonString().ShouldBe("""{"total":4,"recentCount":2,"byStatus":{"pending":2,"approved":1,"rejected":1}}""");
    });

    [Fact]
    public Task admin_get_returns_the_application_in_full_with_its_people_and_program() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var program = await Save(Rows.MinimalProgram());
        var user = await SaveUser(AccountStatus.Pending, change: u => u.Metadata = new JsonObject { ["secret"] = 1 });
        await Save(new Profile { UserId = user.Id, Country = "Mexico" });
        var application = await SaveApplication(user, a => { a.ProgramId = program.Id; a.Metadata = new JsonObject { ["source"] = "form" }; });

        var before = (await Call(s, As(admin), "applications:adminGet", new { applicationId = application.Id })).Ok()!;

        before.AsObject().Select(p => p.Key).ShouldBe(["application", "user", "profile", "program", "reviewer", "invitedBy"], ignoreOrder: true);
        Str(before["application"]!["motivationText"]).ShouldBe("I want to build.");
        Str(before["application"]!["metadata"]!["source"]).ShouldBe("form");
        Str(before["user"]!["_id"]).ShouldBe(user.Id.ToString());
        before["user"]!.AsObject().ContainsKey("deletedAt").ShouldBeTrue();
        Str(before["profile"]!["country"]).ShouldBe("Mexico");
        Str(before["program"]!["name"]).ShouldBe(program.Name);
        before["reviewer"].ShouldBeNull();
        before["invitedBy"].ShouldBeNull();
        before.ToJsonString().ShouldNotContain("secret");
        before.ToJsonString().ShouldNotContain(user.PrivyDid);

        (await Call(s, As(admin), "applications:review", new { applicationId = application.Id, decision = "approve" })).Ok();
        var after = (await Call(s, As(admin), "applications:adminGet", new { applicationId = application.Id })).Ok()!;
        after["reviewer"]!.ToJsonString().ShouldBe(
            $$"""{"_id":"{{admin.Id}}","username":"{{admin.Username}}","displayName":"{{admin.DisplayName}}","avatarUrl":null}""");

        (await Call(s, As(admin), "applications:adminGet", new { applicationId = Guid.NewGuid() })).Fails("NOT_FOUND");
        (await Call(s, As(admin), "applications:adminGet", new { applicationId = "x" })).FailsOnFields("applicationId");
    });

    // ---------------------------------------------------------------- review

    [Theory]
    [InlineData("approve")]
    [InlineData("approve_guest")]
    [InlineData("approve_member")]
    public Task every_approval_activates_the_account_and_enrols_it_in_the_program(string decision) => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var program = await Save(Rows.MinimalProgram());
        var user = await SaveUser(AccountStatus.Pending);
        var application = await SaveApplication(user, a => a.ProgramId = program.Id);

        var result = (await Call(s, As(admin), "applications:review",
            new { applicationId = application.Id, decision, reviewNotes = " Welcome " })).Ok()!;

        // The response is the application as updated (legacy returned the row as it was before).
        Str(result["application"]!["status"]).ShouldBe("approved");
        Str(result["application"]!["reviewedByUserId"]).ShouldBe(admin.Id.ToString());
        Str(result["application"]!["reviewNotes"]).ShouldBe("Welcome");
        result["application"]!["reviewedAt"].ShouldNotBeNull();
        var saved = await Reload(user.Id);
        saved.AccountStatus.ShouldBe(AccountStatus.Active);
        Str(saved.Metadata["moderationLog"]![0]!["action"]).ShouldBe("approve");
        await using var db = Database.Open();
        var enrollment = await db.ProgramEnrollments.SingleAsync(e => e.UserId == user.Id);
        enrollment.ProgramId.ShouldBe(program.Id);
        enrollment.ApplicationId.ShouldBe(application.Id);
        enrollment.Status.ShouldBe(EnrollmentStatus.Enrolled);
    });

    [Fact]
    public Task rejecting_suspends_the_account_and_enrols_nobody() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var program = await Save(Rows.MinimalProgram());
        var user = await SaveUser(AccountStatus.Pending);
        var application = await SaveApplication(user, a => a.ProgramId = program.Id);

        var result = (await Call(s, As(admin), "applications:review", new { applicationId = application.Id, decision = "reject" })).Ok()!;

        Str(result["application"]!["status"]).ShouldBe("rejected");
        var saved = await Reload(user.Id);
        saved.AccountStatus.ShouldBe(AccountStatus.Suspended);
        saved.DeletedAt.ShouldBeNull();
        var log = saved.Metadata["moderationLog"]![0]!;
        (Str(log["action"]), Str(log["from"]), Str(log["to"])).ShouldBe(("reject", "pending", "suspended"));
        await using var db = Database.Open();
        (await db.ProgramEnrollments.CountAsync()).ShouldBe(0);
    });

    [Fact]
    public Task approving_keeps_an_existing_enrollment_instead_of_failing() => WithServer(async s =>
    {
        // C16: legacy inserted the enrollment unconditionally; the unique (user, program) key rolled the approval back.
        var program = await Save(Rows.MinimalProgram());
        var user = await SaveUser(AccountStatus.Pending);
        var application = await SaveApplication(user, a => a.ProgramId = program.Id);
        var existing = await Save(new ProgramEnrollment { UserId = user.Id, ProgramId = program.Id, Status = EnrollmentStatus.Dropped });

        (await Call(s, Caller.Admin, "applications:review", new { applicationId = application.Id, decision = "approve" })).Ok();

        await using var db = Database.Open();
        var enrollment = await db.ProgramEnrollments.SingleAsync(e => e.UserId == user.Id);
        enrollment.Id.ShouldBe(existing.Id);
        enrollment.Status.ShouldBe(EnrollmentStatus.Dropped);
        (await Reload(user.Id)).AccountStatus.ShouldBe(AccountStatus.Active);
    });

    [Fact]
    public Task approving_into_a_full_program_is_refused_and_changes_nothing() => WithServer(async s =>
    {
        var program = await Save(With(Rows.MinimalProgram(), p => p.MaxEnrollments = 1));
        var seated = await SaveUser();
        await Save(new ProgramEnrollment { UserId = seated.Id, ProgramId = program.Id, Status = EnrollmentStatus.Enrolled });
        var user = await SaveUser(AccountStatus.Pending);
        var application = await SaveApplication(user, a => a.ProgramId = program.Id);

        var refused = (await Call(s, Caller.Admin, "applications:review", new { applicationId = application.Id, decision = "approve" }))
            .Fails("FAILED_PRECONDITION", "SLOTS_FULL");
        refused["details"]!["maxEnrollments"]!.GetValue<double>().ShouldBe(1);
        (await Call(s, Caller.Admin, "admin:approveUser", new { userId = user.Id })).Fails("FAILED_PRECONDITION", "SLOTS_FULL");

        (await Reload(user.Id)).AccountStatus.ShouldBe(AccountStatus.Pending);
        await using (var db = Database.Open())
        {
            (await db.Applications.SingleAsync(a => a.Id == application.Id)).Status.ShouldBe(ApplicationStatus.Pending);
            (await db.ProgramEnrollments.CountAsync(e => e.ProgramId == program.Id)).ShouldBe(1);
        }

        // A dropped seat is free again: the same approval now goes through.
        await using (var db = Database.Open())
        {
            await db.ProgramEnrollments.Where(e => e.UserId == seated.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.Status, EnrollmentStatus.Dropped));
        }

        (await Call(s, Caller.Admin, "applications:review", new { applicationId = application.Id, decision = "approve" })).Ok();
        (await Reload(user.Id)).AccountStatus.ShouldBe(AccountStatus.Active);
    });

    [Fact]
    public Task concurrent_approvals_never_seat_more_than_the_programs_capacity() => WithServer(async s =>
    {
        var program = await Save(With(Rows.MinimalProgram(), p => p.MaxEnrollments = 3));
        var applications = new List<Application>();
        for (var i = 0; i < 8; i++)
        {
            applications.Add(await SaveApplication(await SaveUser(AccountStatus.Pending), a => a.ProgramId = program.Id));
        }

        var results = await Task.WhenAll(applications.Select(a =>
            Call(s, Caller.Admin, "applications:review", new { applicationId = a.Id, decision = "approve" })));

        results.Count(r => r.Success).ShouldBe(3);
        foreach (var refused in results.Where(r => !r.Success))
        {
            refused.Fails("FAILED_PRECONDITION", "SLOTS_FULL");
        }

        await using var db = Database.Open();
        (await db.ProgramEnrollments.CountAsync(e => e.ProgramId == program.Id)).ShouldBe(3);
        (await db.Applications.CountAsync(a => a.ProgramId == program.Id && a.Status == ApplicationStatus.Approved)).ShouldBe(3);
        (await db.Users.CountAsync(u => u.AccountStatus == AccountStatus.Active && applications.Select(a => a.UserId).Contains(u.Id))).ShouldBe(3);
    });

    [Fact]
    public Task only_pending_applications_are_reviewed() => WithServer(async s =>
    {
        var user = await SaveUser(AccountStatus.Pending);
        var application = await SaveApplication(user);

        (await Call(s, Caller.Admin, "applications:review", new { applicationId = application.Id, decision = "reject" })).Ok();
        var error = (await Call(s, Caller.Admin, "applications:review", new { applicationId = application.Id, decision = "approve" }))
            .Fails("FAILED_PRECONDITION", "APPLICATION_ALREADY_REVIEWED");

        Str(error["details"]!["currentStatus"]).ShouldBe("rejected");
        (await Reload(user.Id)).AccountStatus.ShouldBe(AccountStatus.Suspended);
        (await Call(s, Caller.Admin, "applications:review", new { applicationId = Guid.NewGuid(), decision = "approve" })).Fails("NOT_FOUND");
        (await Call(s, Caller.Admin, "applications:review", new { applicationId = application.Id, decision = "approve", reviewNotes = new string('n', 1001) }))
            .FailsOnFields("reviewNotes");
        var bad = await Call(s, Caller.Admin, "applications:review", new { applicationId = application.Id, decision = "maybe" });
        bad.Success.ShouldBeFalse();
        bad.Message.ShouldNotBeNull().ShouldContain("ArgumentValidationError");
    });

    [Fact]
    public Task concurrent_reviews_of_one_application_settle_it_once() => WithServer(async s =>
    {
        var program = await Save(Rows.MinimalProgram());
        var user = await SaveUser(AccountStatus.Pending);
        var application = await SaveApplication(user, a => a.ProgramId = program.Id);
        var admins = new List<User>();
        for (var i = 0; i < 10; i++)
        {
            admins.Add(await SaveUser(role: UserRole.Admin));
        }

        var results = await Task.WhenAll(admins.Select((a, i) =>
            Call(s, As(a), "applications:review", new { applicationId = application.Id, decision = i % 2 == 0 ? "approve" : "reject" })));

        results.Count(r => r.Success).ShouldBe(1);
        foreach (var failed in results.Where(r => !r.Success))
        {
            failed.Fails("FAILED_PRECONDITION", "APPLICATION_ALREADY_REVIEWED");
        }

        var winner = results.Single(r => r.Success).Value!["application"]!;
        var saved = await Reload(user.Id);
        saved.Metadata["moderationLog"]!.AsArray().Count.ShouldBe(1);
        await using var db = Database.Open();
        var stored = await db.Applications.SingleAsync(a => a.Id == application.Id);
        ClosedName(stored.Status).ShouldBe(Str(winner["status"]));
        stored.ReviewedByUserId.ToString().ShouldBe(Str(winner["reviewedByUserId"]));
        var approved = stored.Status == ApplicationStatus.Approved;
        saved.AccountStatus.ShouldBe(approved ? AccountStatus.Active : AccountStatus.Suspended);
        (await db.ProgramEnrollments.CountAsync(e => e.UserId == user.Id)).ShouldBe(approved ? 1 : 0);
    });

    [Fact]
    public Task the_admin_approve_and_reject_settle_the_application_with_the_same_rule() => WithServer(async s =>
    {
        var program = await Save(Rows.MinimalProgram());
        var approvedUser = await SaveUser(AccountStatus.Pending);
        var approved = await SaveApplication(approvedUser, a => a.ProgramId = program.Id);
        var rejectedUser = await SaveUser(AccountStatus.Pending);
        var rejected = await SaveApplication(rejectedUser);

        (await Call(s, Caller.Admin, "admin:approveUser", new { userId = approvedUser.Id })).Ok();
        (await Call(s, Caller.Admin, "admin:rejectUser", new { userId = rejectedUser.Id })).Ok();

        (await Call(s, Caller.Admin, "applications:review", new { applicationId = approved.Id, decision = "reject" }))
            .Fails("FAILED_PRECONDITION", "APPLICATION_ALREADY_REVIEWED");
        (await Call(s, Caller.Admin, "applications:review", new { applicationId = rejected.Id, decision = "approve" }))
            .Fails("FAILED_PRECONDITION", "APPLICATION_ALREADY_REVIEWED");
        await using var db = Database.Open();
        (await db.ProgramEnrollments.SingleAsync(e => e.UserId == approvedUser.Id)).ApplicationId.ShouldBe(approved.Id);
        (await db.Applications.SingleAsync(a => a.Id == rejected.Id)).Status.ShouldBe(ApplicationStatus.Rejected);
        // admin:rejectUser closes the account rather than suspending it.
        var closed = await Reload(rejectedUser.Id);
        (closed.AccountStatus, closed.DeletedAt is not null).ShouldBe((AccountStatus.Pending, true));
    });

    // ---------------------------------------------------------------- the onboarding flow

    [Fact]
    public Task an_account_goes_from_login_through_applying_to_active() => WithServer(async s =>
    {
        var did = NewDid();
        var caller = Token(did);
        (await Call(s, caller, "users:login", new { loginMethod = "email" })).Ok();
        (await Call(s, caller, "users:updateMe", new { username = "nueva_frutera", email = "nueva@fruta.org" })).Ok();
        Str((await Call(s, caller, "users:me")).Ok()!["user"]!["accountStatus"]).ShouldBe("incomplete");

        var application = (await Call(s, caller, "applications:submit", s_form)).Ok()!["application"]!;
        Str((await Call(s, caller, "users:me")).Ok()!["user"]!["accountStatus"]).ShouldBe("pending");
        (await Call(s, caller, "applications:submit", s_form)).Fails("FAILED_PRECONDITION", "APPLICATION_ALREADY_SUBMITTED");
        (await Call(s, caller, "invitations:create")).Fails("FORBIDDEN", "ACCOUNT_NOT_ACTIVE");

        (await Call(s, Caller.Admin, "applications:review", new { applicationId = Str(application["_id"]), decision = "approve" })).Ok();
        Str((await Call(s, caller, "users:me")).Ok()!["user"]!["accountStatus"]).ShouldBe("active");
        Str((await Call(s, caller, "applications:mine")).Ok()!["status"]).ShouldBe("approved");
        (await Call(s, caller, "invitations:create")).Ok();
    });

    private static string ClosedName(ApplicationStatus status) => Poktapok.Engine.Data.ClosedSet<ApplicationStatus>.ToName(status);
}
