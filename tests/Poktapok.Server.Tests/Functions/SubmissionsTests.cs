using Microsoft.EntityFrameworkCore;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary>
/// <c>submissions:*</c> (FUNCTIONS.md §3.6) on the provider under test through the function runtime: the submit
/// rules in the contract's order, the review lifecycle and the counters it maintains, under concurrency too, and
/// the legacy defects fixed (C6, C13, C14, C15, S16, P4/P5).
/// </summary>
public sealed class SubmissionsTests : ActivityTest
{
    // ---------------------------------------------------------------- submit

    [Fact]
    public Task submit_stores_a_pending_submission_with_the_reward_snapshot_and_takes_a_slot() => WithServer(async s =>
    {
        var member = await SaveUser();
        var activity = await SaveActivity(a => a.RewardPulpaAmount = 12.34567891m);

        var result = (await Call(s, As(member), "submissions:submit", new
        {
            activityId = activity.Id,
            submissionUrl = " https://x.com/ana/status/1 ",
            submissionText = "  My thread.  ",
            evidenceFiles = new[] { new { url = "https://cdn.example.org/shot.png", filename = "shot.png", size = 1234, type = "image/png" } },
        })).Ok()!;

        result.AsObject().Select(p => p.Key).ShouldBe(["_id", "activityId", "status", "submittedAt"], ignoreOrder: true);
        Str(result["status"]).ShouldBe("pending");
        Str(result["activityId"]).ShouldBe(activity.Id.ToString());
        var row = await ReloadSubmission(Guid.Parse(Str(result["_id"])));
        row.UserId.ShouldBe(member.Id);
        row.SubmissionUrl.ShouldBe("https://x.com/ana/status/1");
        row.SubmissionText.ShouldBe("My thread.");
        row.RewardPulpaAmount.ShouldBe(12.34567891m);
        row.EvidenceFiles.ShouldBe([new EvidenceFile("https://cdn.example.org/shot.png", "shot.png", 1234, "image/png")]); // an array (C6)
        row.Metadata.ShouldNotBeNull();
        row.SubmittedAt.ToUnixTimeMilliseconds().ShouldBe((long)result["submittedAt"]!.GetValue<double>());
        (await ReloadActivity(activity.Id)).CurrentSubmissionsCount.ShouldBe(1);
    });

    [Fact]
    public Task submit_refuses_in_the_contract_order() => WithServer(async s =>
    {
        var member = await SaveUser();
        async Task<AccountTest.Outcome> SubmitTo(Activity a) =>
            await Call(s, As(member), "submissions:submit", new { activityId = a.Id, submissionText = "Done it." });

        (await Call(s, As(member), "submissions:submit", new { activityId = Guid.NewGuid(), submissionText = "x" })).Fails("NOT_FOUND");
        (await SubmitTo(await SaveActivity(a => a.DeletedAt = Rows.At))).Fails("NOT_FOUND");
        (await SubmitTo(await SaveActivity(a => a.Status = ActivityStatus.Draft))).Fails("FAILED_PRECONDITION", "ACTIVITY_NOT_ACTIVE");
        (await SubmitTo(await SaveActivity(a => a.Status = ActivityStatus.Paused))).Fails("FAILED_PRECONDITION", "ACTIVITY_NOT_ACTIVE");
        // startsAt is checked (legacy ignored it, C13), before the expiry.
        (await SubmitTo(await SaveActivity(a =>
        {
            a.StartsAt = DateTimeOffset.UtcNow.AddDays(1);
            a.ExpiresAt = DateTimeOffset.UtcNow.AddDays(2);
        }))).Fails("FAILED_PRECONDITION", "ACTIVITY_NOT_STARTED");
        (await SubmitTo(await SaveActivity(a => a.ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1)))).Fails("FAILED_PRECONDITION", "ACTIVITY_EXPIRED");

        // The per-user limit comes before the slots, and both before the evidence.
        var limited = await SaveActivity(a =>
        {
            a.MaxSubmissionsPerUser = 1;
            a.TotalAvailableSlots = 1;
            a.EvidenceRequirements = new EvidenceRequirements(UrlRequired: true);
        });
        await SaveSubmission(limited.Id, member.Id);
        (await SubmitTo(limited)).Fails("CONFLICT", "ALREADY_SUBMITTED");
        (await Call(s, As(await SaveUser()), "submissions:submit", new { activityId = limited.Id, submissionText = "x" }))
            .Fails("FAILED_PRECONDITION", "SLOTS_FULL");
    });

    [Fact]
    public Task a_limit_above_one_is_enforced_and_rejected_or_revised_submissions_do_not_count() => WithServer(async s =>
    {
        // Legacy enforced only a limit of 1 (C13).
        var admin = await SaveUser(role: UserRole.Admin);
        var member = await SaveUser();
        var activity = await SaveActivity(a => a.MaxSubmissionsPerUser = 2);
        var first = await Submit(s, member, activity.Id);
        var second = await Submit(s, member, activity.Id);
        (await Call(s, As(member), "submissions:submit", new { activityId = activity.Id, submissionText = "Third" }))
            .Fails("CONFLICT", "ALREADY_SUBMITTED")["details"]!["limit"]!.GetValue<double>().ShouldBe(2);

        (await Call(s, As(admin), "submissions:reject", new { submissionId = first, reviewNotes = "Not what was asked." })).Ok();
        var third = await Submit(s, member, activity.Id);
        (await Call(s, As(admin), "submissions:requestRevision", new { submissionId = second, reviewNotes = "Add the link, please." })).Ok();
        await Submit(s, member, activity.Id); // the resubmission the contract describes
        (await Call(s, As(member), "submissions:submit", new { activityId = activity.Id, submissionText = "Fifth" })).Fails("CONFLICT", "ALREADY_SUBMITTED");

        (await ReloadSubmission(second)).Status.ShouldBe(SubmissionStatus.RevisionRequested); // kept for history
        (await ReloadSubmission(third)).Status.ShouldBe(SubmissionStatus.Pending);
        (await ReloadActivity(activity.Id)).CurrentSubmissionsCount.ShouldBe(2);
    });

    [Fact]
    public Task slots_count_live_submissions_so_a_rejection_frees_one() => WithServer(async s =>
    {
        // Legacy compared slots with a count that included rejected submissions and was never decremented.
        var admin = await SaveUser(role: UserRole.Admin);
        var activity = await SaveActivity(a => a.TotalAvailableSlots = 1);
        var first = await Submit(s, await SaveUser(), activity.Id);
        var late = await SaveUser();
        (await Call(s, As(late), "submissions:submit", new { activityId = activity.Id, submissionText = "x" })).Fails("FAILED_PRECONDITION", "SLOTS_FULL");

        (await Call(s, As(admin), "submissions:reject", new { submissionId = first, reviewNotes = "Not what was asked." })).Ok();
        (await ReloadActivity(activity.Id)).CurrentSubmissionsCount.ShouldBe(0);
        await Submit(s, late, activity.Id);
        (await ReloadActivity(activity.Id)).CurrentSubmissionsCount.ShouldBe(1);
    });

    [Fact]
    public Task submit_checks_the_evidence_the_activity_requires() => WithServer(async s =>
    {
        var member = await SaveUser();
        var activity = await SaveActivity(a => a.EvidenceRequirements = new EvidenceRequirements(true, true, true));
        var file = new { url = "https://cdn.example.org/a.png", filename = "a.png", size = 10, type = "image/png" };

        (await Call(s, As(member), "submissions:submit", new { activityId = activity.Id, submissionText = "x" }))
            .Fails("INVALID_ARGUMENT", "URL_REQUIRED")["details"]!["fields"]!["submissionUrl"].ShouldNotBeNull();
        (await Call(s, As(member), "submissions:submit", new { activityId = activity.Id, submissionUrl = "https://x.org/1", submissionText = "x" }))
            .Fails("INVALID_ARGUMENT", "SCREENSHOT_REQUIRED");
        (await Call(s, As(member), "submissions:submit", new { activityId = activity.Id, submissionUrl = "https://x.org/1", evidenceFiles = new[] { file } }))
            .Fails("INVALID_ARGUMENT", "TEXT_REQUIRED");
        (await Call(s, As(member), "submissions:submit", new
        {
            activityId = activity.Id, submissionUrl = "https://x.org/1", submissionText = "x", evidenceFiles = new[] { file },
        })).Ok();
    });

    [Fact]
    public Task submit_content_rules_fail_together_before_anything_is_read() => WithServer(async s =>
    {
        var member = await SaveUser();
        var activity = await SaveActivity();
        var file = new { url = "https://cdn.example.org/a.png", filename = "a.png", size = 10, type = "image/png" };

        (await Call(s, As(member), "submissions:submit", new { activityId = activity.Id, submissionText = "   " }))
            .FailsOnFields("submissionUrl", "submissionText", "evidenceFiles");
        (await Call(s, As(member), "submissions:submit", new
        {
            activityId = Guid.NewGuid(),
            submissionUrl = "javascript:alert(1)",
            submissionText = new string('x', 1001),
            evidenceFiles = new object[] { file, file, file, new { filename = " ", size = 0, type = "" } },
        })).FailsOnFields("submissionUrl", "submissionText", "evidenceFiles", "evidenceFiles[3].url", "evidenceFiles[3].filename",
            "evidenceFiles[3].size", "evidenceFiles[3].type");
    });

    [Fact]
    public Task a_client_sent_user_id_is_never_accepted() => WithServer(async s =>
    {
        // S16: the earlier port took the submitter from the arguments.
        var member = await SaveUser();
        var victim = await SaveUser();
        var activity = await SaveActivity();

        var refused = await Call(s, As(member), "submissions:submit", new { activityId = activity.Id, submissionText = "x", userId = victim.Id });
        refused.Success.ShouldBeFalse();
        refused.Message!.ShouldContain("ArgumentValidationError");

        var id = await Submit(s, member, activity.Id);
        (await ReloadSubmission(id)).UserId.ShouldBe(member.Id);
        await using var db = Database.Open();
        (await db.ActivitySubmissions.CountAsync(x => x.UserId == victim.Id)).ShouldBe(0);
    });

    [Fact]
    public Task thirty_concurrent_submitters_get_exactly_the_free_slots() => WithServer(async s =>
    {
        const int slots = 7;
        var activity = await SaveActivity(a => a.TotalAvailableSlots = slots);
        var members = new List<User>();
        for (var i = 0; i < 30; i++)
        {
            members.Add(await SaveUser());
        }

        var outcomes = await Task.WhenAll(members.Select(m =>
            Call(s, As(m), "submissions:submit", new { activityId = activity.Id, submissionText = "Done it." })));

        outcomes.Count(o => o.Success).ShouldBe(slots);
        outcomes.Where(o => !o.Success).ShouldAllBe(o => o.Error!["reason"]!.GetValue<string>() == "SLOTS_FULL");
        (await ReloadActivity(activity.Id)).CurrentSubmissionsCount.ShouldBe(slots);
        await using var db = Database.Open();
        (await db.ActivitySubmissions.CountAsync(x => x.ActivityId == activity.Id)).ShouldBe(slots);
    });

    [Fact]
    public Task one_member_submitting_twenty_times_at_once_gets_the_limit_only() => WithServer(async s =>
    {
        var member = await SaveUser();
        var activity = await SaveActivity(a => a.MaxSubmissionsPerUser = 2);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Call(s, As(member), "submissions:submit", new { activityId = activity.Id, submissionText = "Done it." })));

        outcomes.Count(o => o.Success).ShouldBe(2);
        outcomes.Where(o => !o.Success).ShouldAllBe(o => o.Error!["reason"]!.GetValue<string>() == "ALREADY_SUBMITTED");
        (await ReloadActivity(activity.Id)).CurrentSubmissionsCount.ShouldBe(2);
    });

    // ---------------------------------------------------------------- reviews and counters

    [Fact]
    public Task approve_pays_the_reward_into_the_profile_and_completes_the_activity_once() => WithServer(async s =>
    {
        // C15: legacy approval changed no total.
        var admin = await SaveUser(role: UserRole.Admin);
        var member = await SaveUser();
        await Save(new Profile { UserId = member.Id, TotalPulpaEarned = 1.5m });
        var activity = await SaveActivity(a => a.RewardPulpaAmount = 10m);
        var first = await Submit(s, member, activity.Id);
        var second = await Submit(s, member, activity.Id);

        var approved = (await Call(s, As(admin), "submissions:approve", new { submissionId = first, score = 80, reviewNotes = " Great " })).Ok()!;
        approved.ToJsonString().ShouldBe($$"""{"_id":"{{first}}","status":"approved","rewardPulpaAmount":"10.00000000"}""");
        (await Call(s, As(admin), "submissions:approve", new { submissionId = second, rewardPulpaAmount = "0.12345678" })).Ok();

        var profile = (await ProfileOf(member.Id))!;
        profile.TotalPulpaEarned.ShouldBe(11.62345678m);
        profile.ActivitiesCompleted.ShouldBe(1);
        var row = await ReloadSubmission(first);
        row.ReviewedByUserId.ShouldBe(admin.Id);
        row.ReviewNotes.ShouldBe("Great");
        row.ReviewedAt.ShouldNotBeNull();
        row.Metadata["score"]!.GetValue<int>().ShouldBe(80); // an object, so eligibility can read it (C4, C6)
        (await ReloadSubmission(second)).RewardPulpaAmount.ShouldBe(0.12345678m);

        var earnings = (await Call(s, As(member), "pulpa:myEarnings")).Ok()!;
        Str(earnings["totalPulpaEarned"]).ShouldBe("11.62345678");
    });

    [Fact]
    public Task approve_creates_the_profile_when_the_member_has_none() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var member = await SaveUser();
        var id = await Submit(s, member, (await SaveActivity(a => a.RewardPulpaAmount = 3m)).Id);

        (await Call(s, As(admin), "submissions:approve", new { submissionId = id })).Ok();

        var profile = (await ProfileOf(member.Id)).ShouldNotBeNull();
        profile.TotalPulpaEarned.ShouldBe(3m);
        profile.ActivitiesCompleted.ShouldBe(1);
    });

    [Fact]
    public Task approve_refuses_bad_arguments_and_other_statuses() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var member = await SaveUser();
        var id = await Submit(s, member, (await SaveActivity()).Id);

        (await Call(s, As(admin), "submissions:approve", new { submissionId = id, rewardPulpaAmount = "0", score = 101, reviewNotes = new string('x', 1001) }))
            .FailsOnFields("rewardPulpaAmount", "score", "reviewNotes");
        (await Call(s, As(admin), "submissions:approve", new { submissionId = id, rewardPulpaAmount = "1.123456789" })).FailsOnFields("rewardPulpaAmount");
        (await Call(s, As(admin), "submissions:approve", new { submissionId = Guid.NewGuid() })).Fails("NOT_FOUND");
        (await Call(s, As(admin), "submissions:approve", new { submissionId = id })).Ok();
        (await Call(s, As(admin), "submissions:approve", new { submissionId = id })).Fails("FAILED_PRECONDITION", "INVALID_STATUS");
        (await Call(s, As(admin), "submissions:requestRevision", new { submissionId = id, reviewNotes = "Please add more." }))
            .Fails("FAILED_PRECONDITION", "INVALID_STATUS");
        (await Call(s, As(admin), "submissions:reject", new { submissionId = id, reviewNotes = "too short" })).FailsOnFields("reviewNotes");
    });

    [Fact]
    public Task nobody_reviews_their_own_submission() => WithServer(async s =>
    {
        // An admin is also a member who may submit; their own submission needs another admin.
        var admin = await SaveUser(role: UserRole.Admin);
        var activity = await SaveActivity();
        var own = await Submit(s, admin, activity.Id);

        (await Call(s, As(admin), "submissions:approve", new { submissionId = own })).Fails("FORBIDDEN", "SELF_CHANGE");
        (await Call(s, As(admin), "submissions:reject", new { submissionId = own, reviewNotes = "Rejecting my own." })).Fails("FORBIDDEN", "SELF_CHANGE");
        (await Call(s, As(admin), "submissions:requestRevision", new { submissionId = own, reviewNotes = "Revising my own." }))
            .Fails("FORBIDDEN", "SELF_CHANGE");
        (await ReloadSubmission(own)).Status.ShouldBe(SubmissionStatus.Pending);
        (await ProfileOf(admin.Id)).ShouldBeNull();

        (await Call(s, As(await SaveUser(role: UserRole.Admin)), "submissions:approve", new { submissionId = own })).Ok();
    });

    [Fact]
    public Task reject_reverses_an_approval_but_never_touches_distributed_pulpa() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var member = await SaveUser();
        var activity = await SaveActivity(a => a.RewardPulpaAmount = 4m);
        var first = await Submit(s, member, activity.Id);
        var second = await Submit(s, member, activity.Id);
        (await Call(s, As(admin), "submissions:approve", new { submissionId = first })).Ok();
        (await Call(s, As(admin), "submissions:approve", new { submissionId = second })).Ok();

        (await Call(s, As(admin), "submissions:reject", new { submissionId = first, reviewNotes = "Duplicate of another one." })).Ok()!
            .ToJsonString().ShouldBe($$"""{"_id":"{{first}}","status":"rejected"}""");
        var profile = (await ProfileOf(member.Id))!;
        profile.TotalPulpaEarned.ShouldBe(4m);
        profile.ActivitiesCompleted.ShouldBe(1); // the other approved one still completes it
        (await ReloadActivity(activity.Id)).CurrentSubmissionsCount.ShouldBe(1);

        (await Call(s, As(admin), "submissions:reject", new { submissionId = second, reviewNotes = "Also not original." })).Ok();
        profile = (await ProfileOf(member.Id))!;
        profile.TotalPulpaEarned.ShouldBe(0m);
        profile.ActivitiesCompleted.ShouldBe(0);

        // C14: legacy rejected from any status, paid ones included.
        var paid = await SaveSubmission(activity.Id, member.Id, SubmissionStatus.Distributed);
        (await Call(s, As(admin), "submissions:reject", new { submissionId = paid.Id, reviewNotes = "Trying to claw back." }))
            .Fails("FAILED_PRECONDITION", "INVALID_STATUS");
        (await Call(s, As(admin), "submissions:reject", new { submissionId = first, reviewNotes = "Rejecting it twice." }))
            .Fails("FAILED_PRECONDITION", "INVALID_STATUS");
    });

    [Fact]
    public Task an_approved_submission_with_a_distribution_in_progress_is_not_rejected() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var member = await SaveUser(change: u => u.AppWallet = Rows.Wallet);
        var id = await Submit(s, member, (await SaveActivity()).Id);
        (await Call(s, As(admin), "submissions:approve", new { submissionId = id })).Ok();
        (await Call(s, As(admin), "pulpa:recordDistribution", new { submissionId = id, distributionMethod = "manual" })).Ok();

        (await Call(s, As(admin), "submissions:reject", new { submissionId = id, reviewNotes = "Changed my mind." }))
            .Fails("FAILED_PRECONDITION", "INVALID_STATUS");
        (await ReloadSubmission(id)).Status.ShouldBe(SubmissionStatus.Approved);
    });

    [Fact]
    public Task concurrent_approvals_of_one_users_submissions_add_up_exactly() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var member = await SaveUser();
        await Save(new Profile { UserId = member.Id });
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            var activity = await SaveActivity(a => a.RewardPulpaAmount = 0.12345678m + i);
            ids.Add((await SaveSubmission(activity.Id, member.Id, reward: 0.12345678m + i)).Id);
        }

        var outcomes = await Task.WhenAll(ids.Select(id => Call(s, As(admin), "submissions:approve", new { submissionId = id })));

        outcomes.ShouldAllBe(o => o.Success);
        var profile = (await ProfileOf(member.Id))!;
        profile.TotalPulpaEarned.ShouldBe((20 * 0.12345678m) + 190m); // 192.4691356, exactly
        profile.ActivitiesCompleted.ShouldBe(20);
        Str((await Call(s, As(member), "pulpa:myEarnings")).Ok()!["totalPulpaEarned"]).ShouldBe("192.46913560");
    });

    [Fact]
    public Task a_submission_approved_twice_at_once_pays_once() => WithServer(async s =>
    {
        var admins = new[] { await SaveUser(role: UserRole.Admin), await SaveUser(role: UserRole.Admin) };
        var member = await SaveUser();
        var id = await Submit(s, member, (await SaveActivity(a => a.RewardPulpaAmount = 7m)).Id);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Call(s, As(admins[i % 2]), "submissions:approve", new { submissionId = id })));

        outcomes.Count(o => o.Success).ShouldBe(1);
        outcomes.Where(o => !o.Success).ShouldAllBe(o => o.Error!["reason"]!.GetValue<string>() == "INVALID_STATUS");
        var profile = (await ProfileOf(member.Id))!;
        profile.TotalPulpaEarned.ShouldBe(7m);
        profile.ActivitiesCompleted.ShouldBe(1);
    });

    // ---------------------------------------------------------------- reads

    [Fact]
    public Task members_read_their_own_submissions_without_metadata_and_admins_read_all() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var member = await SaveUser();
        var other = await SaveUser();
        var activity = await SaveActivity();
        var mine = await Submit(s, member, activity.Id);
        var theirs = await Submit(s, other, activity.Id);
        (await Call(s, As(admin), "submissions:approve", new { submissionId = mine, score = 55 })).Ok();

        var own = (await Call(s, As(member), "submissions:get", new { submissionId = mine })).Ok()!;
        own["metadata"].ShouldBeNull();
        own.AsObject().ContainsKey("metadata").ShouldBeFalse();
        Str(own["activity"]!["title"]).ShouldBe(activity.Title);
        Str(own["activity"]!["rewardPulpaAmount"]).ShouldBe("10.00000000");
        (await Call(s, As(member), "submissions:get", new { submissionId = theirs })).Fails("NOT_FOUND");
        (await Call(s, As(admin), "submissions:get", new { submissionId = mine })).Ok()!["metadata"]!["score"]!.GetValue<double>().ShouldBe(55);

        var list = (await Call(s, As(member), "submissions:listMine", new { paginationOpts = Page() })).Ok()!;
        list["page"]!.AsArray().Select(x => Str(x!["_id"])).ShouldBe([mine.ToString()]);
        list["page"]![0]!.AsObject().ContainsKey("metadata").ShouldBeFalse();
        (await Call(s, As(member), "submissions:listMine", new { paginationOpts = Page(), status = "pending" })).Ok()!["page"]!.AsArray().ShouldBeEmpty();
    });

    [Fact]
    public Task the_admin_queue_filters_sorts_and_never_returns_the_whole_table() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var member = await SaveUser(change: u => u.AppWallet = Rows.Wallet);
        var activity = await SaveActivity();
        await using (var db = Database.Open())
        {
            for (var i = 0; i < 130; i++)
            {
                db.ActivitySubmissions.Add(new ActivitySubmission
                {
                    ActivityId = activity.Id, UserId = member.Id, RewardPulpaAmount = 1m + i, SubmittedAt = Rows.At.AddMinutes(i),
                    Status = i % 2 == 0 ? SubmissionStatus.Pending : SubmissionStatus.Rejected,
                });
            }

            await db.SaveChangesAsync();
        }

        // P4/P5: a page is capped at 100 whatever numItems asks.
        var first = (await Call(s, As(admin), "submissions:adminList", new { paginationOpts = Page(100000) })).Ok()!;
        first["page"]!.AsArray().Count.ShouldBe(100);
        first["isDone"]!.GetValue<bool>().ShouldBeFalse();
        var entry = first["page"]![0]!;
        entry.AsObject().Select(p => p.Key).ShouldBe(["submission", "activity", "user"], ignoreOrder: true);
        entry["user"]!.AsObject().Select(p => p.Key).ShouldBe(["_id", "username", "displayName", "avatarUrl", "email", "appWallet"], ignoreOrder: true);
        Str(entry["user"]!["appWallet"]).ShouldBe(Rows.Wallet);
        entry["submission"]!.AsObject().ContainsKey("metadata").ShouldBeTrue();

        var queue = (await Call(s, As(admin), "submissions:adminList", new { paginationOpts = Page(3), status = "pending", sort = "submitted_at_asc" })).Ok()!;
        queue["page"]!.AsArray().Select(x => Math.Floor(x!["submission"]!["submittedAt"]!.GetValue<double>()))
            .ShouldBe([.. new[] { 0, 2, 4 }.Select(m => (double)Rows.At.AddMinutes(m).ToUnixTimeMilliseconds())]);
        var richest = (await Call(s, As(admin), "submissions:adminList", new { paginationOpts = Page(2), sort = "reward_amount_desc" })).Ok()!;
        richest["page"]!.AsArray().Select(x => Str(x!["submission"]!["rewardPulpaAmount"])).ShouldBe(["130.00000000", "129.00000000"]);
        var next = (await Call(s, As(admin), "submissions:adminList", new
        {
            paginationOpts = Page(2, Str(richest["continueCursor"])), sort = "reward_amount_desc",
        })).Ok()!;
        next["page"]!.AsArray().Select(x => Str(x!["submission"]!["rewardPulpaAmount"])).ShouldBe(["128.00000000", "127.00000000"]);
        (await Call(s, As(admin), "submissions:adminList", new { paginationOpts = Page(), userId = admin.Id })).Ok()!["page"]!.AsArray().ShouldBeEmpty();
        (await Call(s, As(admin), "submissions:adminList", new { paginationOpts = Page(), activityId = Guid.NewGuid() })).Ok()!["page"]!.AsArray().ShouldBeEmpty();
    });

    [Fact]
    public Task admin_stats_count_the_queue_and_todays_approvals() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var member = await SaveUser();
        var activity = await SaveActivity();
        await SaveSubmission(activity.Id, member.Id);
        await SaveSubmission(activity.Id, member.Id, SubmissionStatus.UnderReview);
        await SaveSubmission(activity.Id, member.Id, SubmissionStatus.RevisionRequested);
        await SaveSubmission(activity.Id, member.Id, SubmissionStatus.Approved, change: x => x.ReviewedAt = DateTimeOffset.UtcNow.AddDays(-2));
        await SaveSubmission(activity.Id, member.Id, SubmissionStatus.Distributed, change: x => x.ReviewedAt = DateTimeOffset.UtcNow);
        var id = await Submit(s, member, activity.Id);
        (await Call(s, As(admin), "submissions:approve", new { submissionId = id })).Ok();

        (await Call(s, As(admin), "submissions:adminStats")).Ok()!.ToJsonString()
            .ShouldBe("""{"pending":1,"underReview":1,"revisionRequested":1,"approvedToday":2}""");
    });
}
