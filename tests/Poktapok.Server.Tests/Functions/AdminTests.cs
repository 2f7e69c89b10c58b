using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary><c>admin:*</c> (FUNCTIONS.md §3.16) on the provider under test, through the function runtime.</summary>
public sealed class AdminTests : AccountTest
{
    private static object Page(int numItems = 20, string? cursor = null) => new { numItems, cursor };

    private static List<string> Ids(JsonNode page) => [.. page["page"]!.AsArray().Select(r => Str(r!["_id"]))];

    // ---------------------------------------------------------------- listUsers

    [Fact]
    public Task list_users_excludes_closed_accounts_and_filters_by_role_status_and_search() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var ana = await SaveUser(change: u => { u.Username = "ana_frutera"; u.DisplayName = "Ana"; });
        var mango = await SaveUser(AccountStatus.Suspended, change: u => { u.DisplayName = "Mango LOVER"; });
        var mail = await SaveUser(AccountStatus.Pending, role: UserRole.Moderator, change: u => u.Email = "Papaya@Fruit.org");
        await SaveUser(closed: true, change: u => u.Username = "ana_closed");

        async Task<List<string>> List(object args) => Ids((await Call(s, As(admin), "admin:listUsers", args)).Ok()!);

        (await List(new { paginationOpts = Page() })).ShouldBe([mail.Id.ToString(), mango.Id.ToString(), ana.Id.ToString(), admin.Id.ToString()]);
        (await List(new { paginationOpts = Page(), search = "ANA" })).ShouldBe([ana.Id.ToString()]);
        (await List(new { paginationOpts = Page(), search = " lover " })).ShouldBe([mango.Id.ToString()]);
        (await List(new { paginationOpts = Page(), search = "papaya@" })).ShouldBe([mail.Id.ToString()]);
        (await List(new { paginationOpts = Page(), search = "" })).Count.ShouldBe(4);
        (await List(new { paginationOpts = Page(), role = "moderator" })).ShouldBe([mail.Id.ToString()]);
        (await List(new { paginationOpts = Page(), accountStatus = "suspended" })).ShouldBe([mango.Id.ToString()]);
        (await List(new { paginationOpts = Page(), role = "member", accountStatus = "active" })).ShouldBe([ana.Id.ToString()]);
    });

    [Fact]
    public Task list_users_rows_have_the_card_fields_stats_and_profile() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var member = await SaveUser(change: u => u.Metadata = new JsonObject { ["secret"] = true });
        await Save(new Profile
        {
            UserId = member.Id, City = "Oaxaca", Country = "Mexico", LearningTracks = [LearningTrack.Ai], TotalPulpaEarned = 12.5m,
            ActivitiesCompleted = 2,
        });
        var activity = await Save(Rows.MinimalActivity(admin.Id));
        await Save(With(Rows.MinimalSubmission(activity.Id, member.Id), x => x.Status = SubmissionStatus.Approved));
        await Save(With(Rows.MinimalSubmission(activity.Id, member.Id), x => x.Status = SubmissionStatus.Distributed));
        await Save(Rows.MinimalSubmission(activity.Id, member.Id));

        var rows = (await Call(s, As(admin), "admin:listUsers", new { paginationOpts = Page() })).Ok()!["page"]!.AsArray();

        var row = rows.Single(r => Str(r!["_id"]) == member.Id.ToString())!.AsObject();
        row.Select(p => p.Key).ShouldBe(
            ["_id", "username", "displayName", "avatarUrl", "email", "role", "accountStatus", "createdAt", "stats", "profile"], ignoreOrder: true);
        Str(row["stats"]!["totalEarnings"]).ShouldBe("12.50000000");
        row["stats"]!["submissionsCount"]!.GetValue<double>().ShouldBe(3);
        row["stats"]!["approvedCount"]!.GetValue<double>().ShouldBe(2);
        row["stats"]!["activitiesCompleted"]!.GetValue<double>().ShouldBe(2);
        row["profile"]!.ToJsonString().ShouldBe("""{"city":"Oaxaca","country":"Mexico","learningTracks":["ai"]}""");
        var adminRow = rows.Single(r => Str(r!["_id"]) == admin.Id.ToString())!;
        adminRow["profile"].ShouldBeNull();
        Str(adminRow["stats"]!["totalEarnings"]).ShouldBe("0.00000000");
        rows.ToJsonString().ShouldNotContain("secret");
        rows.ToJsonString().ShouldNotContain(member.PrivyDid);
    });

    [Fact]
    public Task list_users_sorts_by_username_and_total_earnings_and_pages_through_ties() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin, change: u => u.Username = "m_admin");
        var users = new List<User>();
        foreach (var (name, earned) in new[] { ("c_user", 5m), ("a_user", 5m), ("d_user", 0.5m), ("b_user", 100m), ("e_user", 5m) })
        {
            var user = await SaveUser(change: u => u.Username = name);
            await Save(new Profile { UserId = user.Id, TotalPulpaEarned = earned });
            users.Add(user);
        }

        var nameless = await SaveUser(change: u => u.Username = null);

        async Task<List<string>> All(string sortBy, string sortOrder)
        {
            var seen = new List<string>();
            string? cursor = null;
            JsonNode page;
            do
            {
                page = (await Call(s, As(admin), "admin:listUsers", new { paginationOpts = Page(2, cursor), sortBy, sortOrder })).Ok()!;
                seen.AddRange(Ids(page));
                cursor = Str(page["continueCursor"]);
            }
            while (!page["isDone"]!.GetValue<bool>());

            return seen;
        }

        string Id(string name) => users.Single(u => u.Username == name).Id.ToString();

        (await All("username", "asc")).ShouldBe(
            [nameless.Id.ToString(), Id("a_user"), Id("b_user"), Id("c_user"), Id("d_user"), Id("e_user"), admin.Id.ToString()]);
        (await All("username", "desc")).First().ShouldBe(admin.Id.ToString());

        var byEarnings = await All("totalEarnings", "desc");
        byEarnings.Count.ShouldBe(7);
        byEarnings[0].ShouldBe(Id("b_user"));
        byEarnings[1..4].ShouldBe(new[] { Id("a_user"), Id("c_user"), Id("e_user") }, ignoreOrder: true);
        byEarnings[4].ShouldBe(Id("d_user"));
        byEarnings[5..].ShouldBe(new[] { admin.Id.ToString(), nameless.Id.ToString() }, ignoreOrder: true);

        (await All("createdAt", "asc")).ShouldBe([admin.Id.ToString(), .. users.Select(u => u.Id.ToString()), nameless.Id.ToString()]);
    });

    [Fact]
    public Task pages_larger_than_a_hundred_are_served_as_a_hundred() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        await using (var db = Database.Open())
        {
            for (var i = 0; i < 104; i++)
            {
                db.Users.Add(With(Rows.MinimalUser(), u => u.AccountStatus = AccountStatus.Pending));
            }

            await db.SaveChangesAsync();
        }

        var users = (await Call(s, As(admin), "admin:listUsers", new { paginationOpts = Page(500) })).Ok()!;
        users["page"]!.AsArray().Count.ShouldBe(100);
        users["isDone"]!.GetValue<bool>().ShouldBeFalse();
        var pending = (await Call(s, As(admin), "admin:listPendingUsers", new { paginationOpts = Page(1000) })).Ok()!;
        pending["page"]!.AsArray().Count.ShouldBe(100);
    });

    [Fact]
    public Task a_search_longer_than_a_hundred_characters_is_an_invalid_argument() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        (await Call(s, As(admin), "admin:listUsers", new { paginationOpts = Page(), search = new string('a', 101) })).FailsOnFields("search");
    });

    // ---------------------------------------------------------------- getUser

    [Fact]
    public Task get_user_returns_the_admin_view_with_profile_stats_and_five_recent_submissions() => WithServer(async s =>
    {
        var moderator = await SaveUser(role: UserRole.Moderator);
        var member = await SaveUser(change: u => { u.AppWallet = Rows.Wallet; u.Metadata = new JsonObject { ["secret"] = 1 }; });
        await Save(new Profile { UserId = member.Id, TotalPulpaEarned = 7m, ActivitiesCompleted = 1 });
        var activity = await Save(Rows.MinimalActivity(moderator.Id));
        var gone = await Save(With(Rows.MinimalActivity(moderator.Id), a => { a.Title = "Deleted activity"; a.DeletedAt = Rows.At; }));
        var statuses = new[]
        {
            SubmissionStatus.Pending, SubmissionStatus.Approved, SubmissionStatus.Rejected, SubmissionStatus.Rejected,
            SubmissionStatus.Distributed, SubmissionStatus.UnderReview, SubmissionStatus.Pending,
        };
        for (var i = 0; i < statuses.Length; i++)
        {
            await Save(With(Rows.MinimalSubmission(i == 6 ? gone.Id : activity.Id, member.Id), x =>
            {
                x.Status = statuses[i];
                x.SubmittedAt = Rows.At.AddMinutes(i);
            }));
        }

        var user = (await Call(s, As(moderator), "admin:getUser", new { userId = member.Id })).Ok()!["user"]!.AsObject();

        user.Select(p => p.Key).ShouldBe(
        [
            "_id", "_creationTime", "email", "username", "displayName", "bio", "avatarUrl", "role", "accountStatus", "primaryAuthMethod",
            "appWallet", "extWallet", "createdAt", "lastLoginAt", "updatedAt", "deletedAt", "profile", "stats", "recentSubmissions",
        ], ignoreOrder: true);
        Str(user["appWallet"]).ShouldBe(Rows.Wallet);
        user["deletedAt"].ShouldBeNull();
        user["profile"]!["_id"].ShouldNotBeNull();
        user["stats"]!.ToJsonString().ShouldBe(
            """{"totalEarnings":"7.00000000","submissionsCount":7,"approvedCount":2,"rejectedCount":2,"pendingCount":2,"activitiesCompleted":1}""");
        var recent = user["recentSubmissions"]!.AsArray();
        recent.Count.ShouldBe(5);
        Str(recent[0]!["activityTitle"]).ShouldBe("Deleted activity");
        Str(recent[0]!["status"]).ShouldBe("pending");
        Str(recent[1]!["status"]).ShouldBe("under_review");
        recent[0]!.AsObject().Select(p => p.Key).ShouldBe(
            ["_id", "activityId", "activityTitle", "status", "submittedAt", "rewardPulpaAmount"], ignoreOrder: true);
        user.ToJsonString().ShouldNotContain("secret");
        user.ToJsonString().ShouldNotContain(member.PrivyDid);
    });

    [Fact]
    public Task get_user_finds_closed_accounts_and_refuses_missing_and_malformed_ids() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var closed = await SaveUser(AccountStatus.Pending, closed: true);

        var user = (await Call(s, As(admin), "admin:getUser", new { userId = closed.Id })).Ok()!["user"]!;
        user["deletedAt"].ShouldNotBeNull();
        (await Call(s, As(admin), "admin:getUser", new { userId = Guid.NewGuid() })).Fails("NOT_FOUND");
        (await Call(s, As(admin), "admin:getUser", new { userId = "not-an-id" })).FailsOnFields("userId");
    });

    // ---------------------------------------------------------------- listPendingUsers

    [Fact]
    public Task the_pending_list_has_open_pending_accounts_oldest_first_with_profile_and_application() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var later = await SaveUser(AccountStatus.Pending, change: u => u.CreatedAt = Rows.At.AddDays(2));
        var earlier = await SaveUser(AccountStatus.Pending, change: u => u.CreatedAt = Rows.At.AddDays(1));
        await SaveUser(AccountStatus.Pending, closed: true);
        await SaveUser(AccountStatus.Incomplete);
        await Save(new Profile { UserId = earlier.Id, City = "Puebla" });
        await Save(Rows.MinimalApplication(earlier.Id));

        var page = (await Call(s, As(admin), "admin:listPendingUsers", new { paginationOpts = Page() })).Ok()!["page"]!.AsArray();

        page.Select(r => Str(r!["user"]!["_id"])).ShouldBe([earlier.Id.ToString(), later.Id.ToString()]);
        Str(page[0]!["profile"]!["city"]).ShouldBe("Puebla");
        Str(page[0]!["application"]!["status"]).ShouldBe("pending");
        page[1]!["profile"].ShouldBeNull();
        page[1]!["application"].ShouldBeNull();
        page[0]!["user"]!.AsObject().ContainsKey("deletedAt").ShouldBeTrue();
    });

    // ---------------------------------------------------------------- approve, reject, restore

    [Fact]
    public Task approving_activates_the_account_and_settles_its_application_with_an_enrollment() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var program = await Save(Rows.MinimalProgram());
        var pending = await SaveUser(AccountStatus.Pending);
        var application = await Save(With(Rows.MinimalApplication(pending.Id), a => a.ProgramId = program.Id));

        var result = (await Call(s, As(admin), "admin:approveUser", new { userId = pending.Id, reviewNotes = " Welcome " })).Ok()!;

        result.ToJsonString().ShouldBe($$"""{"userId":"{{pending.Id}}","accountStatus":"active"}""");
        var saved = await Reload(pending.Id);
        saved.AccountStatus.ShouldBe(AccountStatus.Active);
        await using var db = Database.Open();
        var reviewed = await db.Applications.SingleAsync(a => a.Id == application.Id);
        reviewed.Status.ShouldBe(ApplicationStatus.Approved);
        reviewed.ReviewedByUserId.ShouldBe(admin.Id);
        reviewed.ReviewNotes.ShouldBe("Welcome");
        reviewed.ReviewedAt.ShouldNotBeNull();
        var enrollment = await db.ProgramEnrollments.SingleAsync(e => e.UserId == pending.Id);
        enrollment.ProgramId.ShouldBe(program.Id);
        enrollment.ApplicationId.ShouldBe(application.Id);
        enrollment.Status.ShouldBe(EnrollmentStatus.Enrolled);
        var log = saved.Metadata["moderationLog"]!.AsArray().Single()!;
        Str(log["action"]).ShouldBe("approve");
        Str(log["by"]).ShouldBe(admin.Id.ToString());
    });

    [Fact]
    public Task approving_keeps_an_existing_enrollment_and_works_without_an_application() => WithServer(async s =>
    {
        var program = await Save(Rows.MinimalProgram());
        var pending = await SaveUser(AccountStatus.Pending);
        await Save(With(Rows.MinimalApplication(pending.Id), a => a.ProgramId = program.Id));
        await Save(new ProgramEnrollment { UserId = pending.Id, ProgramId = program.Id, Status = EnrollmentStatus.Dropped });
        var bare = await SaveUser(AccountStatus.Pending);

        (await Call(s, Caller.Admin, "admin:approveUser", new { userId = pending.Id })).Ok();
        (await Call(s, Caller.Admin, "admin:approveUser", new { userId = bare.Id })).Ok();

        await using var db = Database.Open();
        (await db.ProgramEnrollments.SingleAsync(e => e.UserId == pending.Id)).Status.ShouldBe(EnrollmentStatus.Dropped);
        (await db.Applications.SingleAsync(a => a.UserId == pending.Id)).ReviewedByUserId.ShouldBeNull();
        (await Reload(bare.Id)).AccountStatus.ShouldBe(AccountStatus.Active);
        Str((await Reload(bare.Id)).Metadata["moderationLog"]![0]!["by"]).ShouldBe("operator");
    });

    [Theory]
    [InlineData("admin:approveUser")]
    [InlineData("admin:rejectUser")]
    public Task approve_and_reject_need_a_pending_open_account(string path) => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        foreach (var status in new[] { AccountStatus.Incomplete, AccountStatus.Active, AccountStatus.Suspended, AccountStatus.Banned })
        {
            var user = await SaveUser(status);
            var error = (await Call(s, As(admin), path, new { userId = user.Id })).Fails("FAILED_PRECONDITION", "INVALID_STATUS");
            Str(error["details"]!["currentStatus"]).ShouldBe(ClosedName(status));
        }

        var closed = await SaveUser(AccountStatus.Pending, closed: true);
        var closedError = (await Call(s, As(admin), path, new { userId = closed.Id })).Fails("FAILED_PRECONDITION", "INVALID_STATUS");
        closedError["details"]!["closed"]!.GetValue<bool>().ShouldBeTrue();
        (await Call(s, As(admin), path, new { userId = Guid.NewGuid() })).Fails("NOT_FOUND");
        (await Call(s, As(admin), path, new { userId = closed.Id, reviewNotes = new string('n', 1001) })).FailsOnFields("reviewNotes");
    });

    [Fact]
    public Task rejecting_closes_the_account_rejects_its_application_and_restoring_reopens_it() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var pending = await SaveUser(AccountStatus.Pending);
        await Save(Rows.MinimalApplication(pending.Id));

        var result = (await Call(s, As(admin), "admin:rejectUser", new { userId = pending.Id, reviewNotes = "Not now" })).Ok()!;

        result.ToJsonString().ShouldBe($$"""{"userId":"{{pending.Id}}","accountStatus":"pending","closed":true}""");
        var saved = await Reload(pending.Id);
        saved.DeletedAt.ShouldNotBeNull();
        saved.AccountStatus.ShouldBe(AccountStatus.Pending);
        await using (var db = Database.Open())
        {
            (await db.Applications.SingleAsync(a => a.UserId == pending.Id)).Status.ShouldBe(ApplicationStatus.Rejected);
        }

        Ids((await Call(s, As(admin), "admin:listPendingUsers", new { paginationOpts = Page() })).Ok()!).ShouldBeEmpty();
        (await Call(s, As(admin), "admin:approveUser", new { userId = pending.Id })).Fails("FAILED_PRECONDITION", "INVALID_STATUS");
        (await Call(s, As(pending), "users:me")).Ok().ShouldBeNull();
        (await Call(s, As(pending), "users:login")).Fails("FORBIDDEN", "ACCOUNT_CLOSED");

        (await Call(s, As(admin), "admin:restoreUser", new { userId = pending.Id })).Ok()!.ToJsonString()
            .ShouldBe($$"""{"userId":"{{pending.Id}}"}""");
        (await Reload(pending.Id)).DeletedAt.ShouldBeNull();
        (await Call(s, As(admin), "admin:restoreUser", new { userId = pending.Id })).Fails("FAILED_PRECONDITION", "INVALID_STATUS");
        (await Call(s, As(admin), "admin:restoreUser", new { userId = Guid.NewGuid() })).Fails("NOT_FOUND");
        (await Call(s, As(admin), "admin:approveUser", new { userId = pending.Id })).Ok();
        (await Reload(pending.Id)).Metadata["moderationLog"]!.AsArray().Select(e => Str(e!["action"])).ShouldBe(["reject", "restore", "approve"]);
    });

    // ---------------------------------------------------------------- setRole

    [Fact]
    public Task set_role_changes_the_role_and_logs_it() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var member = await SaveUser();

        var result = (await Call(s, As(admin), "admin:setRole", new { userId = member.Id, role = "moderator", reason = " helps a lot " })).Ok()!;

        Str(result["userId"]).ShouldBe(member.Id.ToString());
        Str(result["oldRole"]).ShouldBe("member");
        Str(result["newRole"]).ShouldBe("moderator");
        var saved = await Reload(member.Id);
        saved.Role.ShouldBe(UserRole.Moderator);
        result["updatedAt"]!.GetValue<double>().ShouldBe(ValueMapper.UnixMilliseconds(saved.UpdatedAt));
        var entry = saved.Metadata["moderationLog"]!.AsArray().Single()!.AsObject();
        entry.Select(p => p.Key).ShouldBe(["at", "by", "action", "from", "to", "reason"], ignoreOrder: true);
        Str(entry["action"]).ShouldBe("setRole");
        Str(entry["from"]).ShouldBe("member");
        Str(entry["to"]).ShouldBe("moderator");
        Str(entry["reason"]).ShouldBe("helps a lot");
        Str(entry["by"]).ShouldBe(admin.Id.ToString());
        entry["at"]!.GetValue<long>().ShouldBe(saved.UpdatedAt.ToUnixTimeMilliseconds());
    });

    [Fact]
    public Task set_role_refuses_self_changes_closed_targets_and_demoting_the_last_active_admin() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        (await Call(s, As(admin), "admin:setRole", new { userId = admin.Id, role = "member" })).Fails("FORBIDDEN", "SELF_CHANGE");
        var closed = await SaveUser(closed: true);
        (await Call(s, As(admin), "admin:setRole", new { userId = closed.Id, role = "admin" })).Fails("NOT_FOUND");
        (await Call(s, As(admin), "admin:setRole", new { userId = closed.Id, role = "owner" })).Message!.ShouldContain("ArgumentValidationError");

        await SaveUser(AccountStatus.Suspended, UserRole.Admin);
        (await Call(s, Caller.Admin, "admin:setRole", new { userId = admin.Id, role = "moderator" })).Fails("FAILED_PRECONDITION", "LAST_ADMIN");
        (await Reload(admin.Id)).Role.ShouldBe(UserRole.Admin);

        var second = await SaveUser(role: UserRole.Admin);
        (await Call(s, As(admin), "admin:setRole", new { userId = second.Id, role = "member" })).Ok();
        (await Call(s, Caller.Admin, "admin:setRole", new { userId = admin.Id, role = "member" })).Fails("FAILED_PRECONDITION", "LAST_ADMIN");
    });

    // ---------------------------------------------------------------- setStatus

    [Fact]
    public Task set_status_changes_the_status_and_logs_the_reason() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var member = await SaveUser();

        var result = (await Call(s, As(admin), "admin:setStatus", new { userId = member.Id, accountStatus = "banned", reason = "Spam" })).Ok()!;

        result.AsObject().Select(p => p.Key).ShouldBe(["userId", "oldStatus", "newStatus", "reason", "updatedAt"], ignoreOrder: true);
        Str(result["oldStatus"]).ShouldBe("active");
        Str(result["newStatus"]).ShouldBe("banned");
        Str(result["reason"]).ShouldBe("Spam");
        var saved = await Reload(member.Id);
        saved.AccountStatus.ShouldBe(AccountStatus.Banned);
        var entry = saved.Metadata["moderationLog"]![0]!;
        (Str(entry["action"]), Str(entry["from"]), Str(entry["to"]), Str(entry["reason"])).ShouldBe(("setStatus", "active", "banned", "Spam"));

        var reactivated = (await Call(s, As(admin), "admin:setStatus", new { userId = member.Id, accountStatus = "active" })).Ok()!;
        reactivated["reason"].ShouldBeNull();
        var again = (await Call(s, As(admin), "admin:setStatus", new { userId = member.Id, accountStatus = "active" })).Ok()!;
        (Str(again["oldStatus"]), Str(again["newStatus"])).ShouldBe(("active", "active"));
        (await Reload(member.Id)).Metadata["moderationLog"]!.AsArray().Count.ShouldBe(2);
    });

    [Fact]
    public Task suspending_or_banning_needs_a_reason() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var member = await SaveUser();
        (await Call(s, As(admin), "admin:setStatus", new { userId = member.Id, accountStatus = "suspended" })).FailsOnFields("reason");
        (await Call(s, As(admin), "admin:setStatus", new { userId = member.Id, accountStatus = "banned", reason = "   " })).FailsOnFields("reason");
        (await Call(s, As(admin), "admin:setStatus", new { userId = member.Id, accountStatus = "banned", reason = new string('r', 501) }))
            .FailsOnFields("reason");
        (await Call(s, As(admin), "admin:setStatus", new { userId = member.Id, accountStatus = "pending", reason = "x" }))
            .Message!.ShouldContain("ArgumentValidationError");
        (await Reload(member.Id)).AccountStatus.ShouldBe(AccountStatus.Active);
    });

    [Fact]
    public Task set_status_refuses_self_changes_admin_targets_and_closed_targets() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var otherAdmin = await SaveUser(role: UserRole.Admin);
        var closed = await SaveUser(closed: true);

        (await Call(s, As(admin), "admin:setStatus", new { userId = admin.Id, accountStatus = "active" })).Fails("FORBIDDEN", "SELF_CHANGE");
        (await Call(s, As(admin), "admin:setStatus", new { userId = otherAdmin.Id, accountStatus = "suspended", reason = "x" }))
            .Fails("FORBIDDEN", "ADMIN_TARGET");
        (await Call(s, Caller.Admin, "admin:setStatus", new { userId = otherAdmin.Id, accountStatus = "banned", reason = "x" }))
            .Fails("FORBIDDEN", "ADMIN_TARGET");
        (await Call(s, As(admin), "admin:setStatus", new { userId = closed.Id, accountStatus = "active" })).Fails("NOT_FOUND");
    });

    [Fact]
    public Task moderators_may_only_suspend_and_reactivate_members() => WithServer(async s =>
    {
        var moderator = await SaveUser(role: UserRole.Moderator);
        var member = await SaveUser();
        var otherModerator = await SaveUser(role: UserRole.Moderator);
        var admin = await SaveUser(role: UserRole.Admin);

        (await Call(s, As(moderator), "admin:setStatus", new { userId = member.Id, accountStatus = "suspended", reason = "Rude" })).Ok();
        (await Call(s, As(moderator), "admin:setStatus", new { userId = member.Id, accountStatus = "active" })).Ok();
        (await Call(s, As(moderator), "admin:setStatus", new { userId = member.Id, accountStatus = "banned", reason = "Spam" }))
            .Fails("FORBIDDEN", "ADMIN_REQUIRED");
        (await Call(s, As(moderator), "admin:setStatus", new { userId = otherModerator.Id, accountStatus = "suspended", reason = "x" }))
            .Fails("FORBIDDEN", "ADMIN_REQUIRED");
        (await Call(s, As(moderator), "admin:setStatus", new { userId = admin.Id, accountStatus = "suspended", reason = "x" }))
            .Fails("FORBIDDEN", "ADMIN_TARGET");
        (await Call(s, As(moderator), "admin:setStatus", new { userId = moderator.Id, accountStatus = "active" })).Fails("FORBIDDEN", "SELF_CHANGE");
        (await Call(s, As(moderator), "admin:setRole", new { userId = member.Id, role = "moderator" })).Fails("FORBIDDEN", "ADMIN_REQUIRED");

        var saved = await Reload(member.Id);
        saved.AccountStatus.ShouldBe(AccountStatus.Active);
        saved.Metadata["moderationLog"]!.AsArray().Select(e => Str(e!["by"])).ShouldBe([moderator.Id.ToString(), moderator.Id.ToString()]);
    });

    [Fact]
    public Task staff_who_are_not_active_lose_their_role_levels() => WithServer(async s =>
    {
        var pendingAdmin = await SaveUser(AccountStatus.Pending, UserRole.Admin);
        var suspendedAdmin = await SaveUser(AccountStatus.Suspended, UserRole.Admin);
        var target = await SaveUser(AccountStatus.Pending);

        (await Call(s, As(pendingAdmin), "admin:listUsers", new { paginationOpts = Page() })).Fails("FORBIDDEN", "ACCOUNT_NOT_ACTIVE");
        (await Call(s, As(pendingAdmin), "admin:approveUser", new { userId = target.Id })).Fails("FORBIDDEN", "ACCOUNT_NOT_ACTIVE");
        (await Call(s, As(suspendedAdmin), "admin:listUsers", new { paginationOpts = Page() })).Fails("FORBIDDEN", "ACCOUNT_NOT_ACTIVE");
        (await Call(s, As(suspendedAdmin), "admin:approveUser", new { userId = target.Id })).Fails("FORBIDDEN", "ACCOUNT_SUSPENDED");
    });

    [Fact]
    public Task an_operator_acting_as_a_user_has_that_users_rights() => WithServer(async s =>
    {
        var member = await SaveUser();
        var actingAs = Caller.Admin with { Identity = As(member).Identity };
        (await Call(s, actingAs, "admin:listUsers", new { paginationOpts = Page() })).Fails("FORBIDDEN", "MODERATOR_REQUIRED");
        (await Call(s, Caller.Admin, "admin:listUsers", new { paginationOpts = Page() })).Ok();
    });

    private static string ClosedName(AccountStatus status) => Poktapok.Engine.Data.ClosedSet<AccountStatus>.ToName(status);
}
