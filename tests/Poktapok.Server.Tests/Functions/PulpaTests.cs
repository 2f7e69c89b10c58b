using Microsoft.EntityFrameworkCore;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary>
/// <c>pulpa:*</c> (FUNCTIONS.md §3.7, §5) on the provider under test through the function runtime: earnings,
/// distributions of approved submissions (one live per submission, M5) and the counter repair (C9, C15).
/// </summary>
public sealed class PulpaTests : ActivityTest
{
    private static readonly string s_otherWallet = "0x" + new string('2', 40);
    private static readonly string s_hash = "0x" + new string('a', 64);

    // An approved submission of a fresh member (wallets as given) through the functions; returns its id.
    private async Task<(Guid Id, User Member)> Approved(TestServer s, User admin, decimal reward = 10m, string? appWallet = null,
        string? extWallet = null)
    {
        var member = await SaveUser(change: u =>
        {
            u.AppWallet = appWallet;
            u.ExtWallet = extWallet;
        });
        var id = await Submit(s, member, (await SaveActivity(a => a.RewardPulpaAmount = reward)).Id);
        (await Call(s, As(admin), "submissions:approve", new { submissionId = id })).Ok();
        return (id, member);
    }

    [Fact]
    public Task my_earnings_split_the_total_into_pending_and_distributed() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var (paid, member) = await Approved(s, admin, 2.5m, appWallet: Rows.Wallet);
        var second = await Submit(s, member, (await SaveActivity(a => a.RewardPulpaAmount = 0.00000001m)).Id);
        (await Call(s, As(admin), "submissions:approve", new { submissionId = second })).Ok();
        await Submit(s, member, (await SaveActivity()).Id); // pending review: not earned
        var distribution = Str((await Call(s, As(admin), "pulpa:recordDistribution", new { submissionId = paid, distributionMethod = "manual" })).Ok()!["_id"]);
        (await Call(s, As(admin), "pulpa:updateDistribution", new { distributionId = distribution, status = "completed", transactionHash = s_hash })).Ok();

        (await Call(s, As(member), "pulpa:myEarnings")).Ok()!.ToJsonString().ShouldBe(
            """{"totalPulpaEarned":"2.50000001","activitiesCompleted":2,"pendingReward":"0.00000001","distributed":"2.50000000"}""");
        (await Call(s, As(await SaveUser(AccountStatus.Incomplete)), "pulpa:myEarnings")).Ok()!.ToJsonString().ShouldBe(
            """{"totalPulpaEarned":"0.00000000","activitiesCompleted":0,"pendingReward":"0.00000000","distributed":"0.00000000"}""");
    });

    [Fact]
    public Task record_distribution_pays_the_reward_to_the_users_wallet() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var (appOnly, appMember) = await Approved(s, admin, 3m, appWallet: Rows.Wallet, extWallet: s_otherWallet);
        var (extOnly, _) = await Approved(s, admin, 3m, extWallet: s_otherWallet);
        var (none, _) = await Approved(s, admin);

        var recorded = (await Call(s, As(admin), "pulpa:recordDistribution", new { submissionId = appOnly, distributionMethod = "smart_contract" })).Ok()!;
        Str(recorded["recipientWallet"]).ShouldBe(Rows.Wallet);
        Str(recorded["pulpaAmount"]).ShouldBe("3.00000000");
        Str(recorded["status"]).ShouldBe("pending");
        Str(recorded["distributionMethod"]).ShouldBe("smart_contract");
        recorded["chainId"]!.GetValue<double>().ShouldBe(10);
        Str(recorded["userId"]).ShouldBe(appMember.Id.ToString());
        Str(recorded["distributedByUserId"]).ShouldBe(admin.Id.ToString());
        Str((await Call(s, As(admin), "pulpa:recordDistribution", new { submissionId = extOnly, distributionMethod = "manual", chainId = 8453 })).Ok()!
            ["recipientWallet"]).ShouldBe(s_otherWallet);
        (await Call(s, As(admin), "pulpa:recordDistribution", new { submissionId = none, distributionMethod = "manual" })).FailsOnFields("recipientWallet");
        (await Call(s, As(admin), "pulpa:recordDistribution", new { submissionId = none, distributionMethod = "manual", recipientWallet = Rows.Wallet })).Ok();
        (await Call(s, As(admin), "pulpa:recordDistribution", new
        {
            submissionId = none, distributionMethod = "manual", recipientWallet = "0x12", transactionHash = "0xzz", chainId = 0,
        })).FailsOnFields("recipientWallet", "transactionHash", "chainId");
    });

    [Fact]
    public Task record_distribution_refuses_unapproved_own_and_already_distributed_submissions() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var (approved, _) = await Approved(s, admin, appWallet: Rows.Wallet);
        var pending = await Submit(s, await SaveUser(change: u => u.AppWallet = Rows.Wallet), (await SaveActivity()).Id);
        var own = await SaveSubmission((await SaveActivity()).Id, admin.Id, SubmissionStatus.Approved);

        (await Call(s, As(admin), "pulpa:recordDistribution", new { submissionId = Guid.NewGuid(), distributionMethod = "manual" })).Fails("NOT_FOUND");
        (await Call(s, As(admin), "pulpa:recordDistribution", new { submissionId = pending, distributionMethod = "manual" }))
            .Fails("FAILED_PRECONDITION", "INVALID_STATUS");
        (await Call(s, As(admin), "pulpa:recordDistribution", new { submissionId = own.Id, distributionMethod = "manual", recipientWallet = Rows.Wallet }))
            .Fails("FORBIDDEN", "SELF_CHANGE");

        var first = Str((await Call(s, As(admin), "pulpa:recordDistribution", new { submissionId = approved, distributionMethod = "manual" })).Ok()!["_id"]);
        (await Call(s, As(admin), "pulpa:recordDistribution", new { submissionId = approved, distributionMethod = "manual" }))
            .Fails("CONFLICT", "DISTRIBUTION_EXISTS");
        // A failed distribution no longer holds the submission: a new one may be recorded, and the failed one cannot come back.
        (await Call(s, As(admin), "pulpa:updateDistribution", new { distributionId = first, status = "failed", errorMessage = "Out of gas" })).Ok();
        (await Call(s, As(admin), "pulpa:recordDistribution", new { submissionId = approved, distributionMethod = "manual" })).Ok();
        (await Call(s, As(admin), "pulpa:updateDistribution", new { distributionId = first, status = "pending" })).Fails("CONFLICT", "DISTRIBUTION_EXISTS");
    });

    [Fact]
    public Task twenty_concurrent_distributions_of_one_submission_record_one() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var (approved, _) = await Approved(s, admin, appWallet: Rows.Wallet);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Call(s, As(admin), "pulpa:recordDistribution", new { submissionId = approved, distributionMethod = "manual" })));

        outcomes.Count(o => o.Success).ShouldBe(1);
        outcomes.Where(o => !o.Success).ShouldAllBe(o => o.Error!["reason"]!.GetValue<string>() == "DISTRIBUTION_EXISTS");
        await using var db = Database.Open();
        (await db.PulpaDistributions.CountAsync(d => d.SubmissionId == approved)).ShouldBe(1);
    });

    [Fact]
    public Task a_completed_distribution_marks_the_submission_distributed_and_keeps_the_totals() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var (approved, member) = await Approved(s, admin, 6m, appWallet: Rows.Wallet);
        var id = Str((await Call(s, As(admin), "pulpa:recordDistribution", new { submissionId = approved, distributionMethod = "manual" })).Ok()!["_id"]);

        var failed = (await Call(s, As(admin), "pulpa:updateDistribution", new { distributionId = id, status = "failed", errorMessage = "RPC down" })).Ok()!;
        failed["retryCount"]!.GetValue<double>().ShouldBe(1);
        Str(failed["errorMessage"]).ShouldBe("RPC down");
        var processing = (await Call(s, As(admin), "pulpa:updateDistribution", new { distributionId = id, status = "processing", transactionHash = s_hash })).Ok()!;
        processing["distributedAt"].ShouldNotBeNull();
        (await Call(s, As(admin), "pulpa:updateDistribution", new { distributionId = id, status = "pending" })).Fails("FAILED_PRECONDITION", "INVALID_STATUS");
        var completed = (await Call(s, As(admin), "pulpa:updateDistribution", new { distributionId = id, status = "completed" })).Ok()!;
        Str(completed["status"]).ShouldBe("completed");
        Str(completed["transactionHash"]).ShouldBe(s_hash);
        completed["confirmedAt"].ShouldNotBeNull();
        completed["retryCount"]!.GetValue<double>().ShouldBe(1);

        (await ReloadSubmission(approved)).Status.ShouldBe(SubmissionStatus.Distributed);
        var profile = (await ProfileOf(member.Id))!;
        profile.TotalPulpaEarned.ShouldBe(6m);
        profile.ActivitiesCompleted.ShouldBe(1);
        (await Call(s, As(admin), "pulpa:updateDistribution", new { distributionId = id, status = "cancelled" })).Fails("FAILED_PRECONDITION", "INVALID_STATUS");
        (await Call(s, As(admin), "pulpa:updateDistribution", new { distributionId = Guid.NewGuid(), status = "cancelled" })).Fails("NOT_FOUND");
        (await Call(s, As(admin), "pulpa:updateDistribution", new { distributionId = id, status = "failed", errorMessage = new string('e', 1001) }))
            .FailsOnFields("errorMessage");
    });

    [Fact]
    public Task list_distributions_pages_newest_first_with_the_recipient() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var ids = new List<string>();
        User? last = null;
        for (var i = 0; i < 3; i++)
        {
            var (approved, member) = await Approved(s, admin, appWallet: Rows.Wallet);
            ids.Add(Str((await Call(s, As(admin), "pulpa:recordDistribution", new { submissionId = approved, distributionMethod = "manual" })).Ok()!["_id"]));
            last = member;
        }

        await using (var db = Database.Open())
        {
            // Distinct initiation times, oldest first, whatever the clock's resolution.
            for (var i = 0; i < ids.Count; i++)
            {
                var row = await db.PulpaDistributions.SingleAsync(d => d.Id == Guid.Parse(ids[i]));
                row.InitiatedAt = Rows.At.AddMinutes(i);
            }

            await db.SaveChangesAsync();
        }

        await Call(s, As(admin), "pulpa:updateDistribution", new { distributionId = ids[0], status = "cancelled" });
        var page = (await Call(s, As(admin), "pulpa:listDistributions", new { paginationOpts = Page(2) })).Ok()!;
        page["page"]!.AsArray().Select(d => Str(d!["_id"])).ShouldBe([ids[2], ids[1]]);
        Str(page["page"]![0]!["user"]!["_id"]).ShouldBe(last!.Id.ToString());
        page["page"]![0]!["user"]!.AsObject().Select(p => p.Key).ShouldBe(["_id", "username", "displayName", "avatarUrl"], ignoreOrder: true);
        (await Call(s, As(admin), "pulpa:listDistributions", new { paginationOpts = Page(), status = "cancelled" })).Ok()!["page"]!.AsArray()
            .Select(d => Str(d!["_id"])).ShouldBe([ids[0]]);
        (await Call(s, As(admin), "pulpa:listDistributions", new { paginationOpts = Page(), userId = last.Id })).Ok()!["page"]!.AsArray()
            .Select(d => Str(d!["_id"])).ShouldBe([ids[2]]);
    });

    [Fact]
    public Task recompute_repairs_drifted_totals_and_counters_in_batches() => WithServer(async s =>
    {
        // Legacy never wrote these counters (C15) and counted every submission as taking a slot (C13).
        var members = new List<User>();
        for (var i = 0; i < 5; i++)
        {
            var member = await SaveUser();
            members.Add(member);
            await Save(new Profile { UserId = member.Id, TotalPulpaEarned = 999m, ActivitiesCompleted = 9 });
        }

        var first = await SaveActivity(a => a.CurrentSubmissionsCount = 40);
        var second = await SaveActivity(a => a.CurrentSubmissionsCount = 0);
        await SaveSubmission(first.Id, members[0].Id, SubmissionStatus.Approved, 1.25m);
        await SaveSubmission(first.Id, members[0].Id, SubmissionStatus.Distributed, 2m);
        await SaveSubmission(second.Id, members[0].Id, SubmissionStatus.Approved, 0.5m);
        await SaveSubmission(first.Id, members[1].Id, SubmissionStatus.Rejected, 100m);
        await SaveSubmission(second.Id, members[1].Id, SubmissionStatus.Pending, 100m);
        await SaveSubmission(second.Id, members[2].Id, SubmissionStatus.RevisionRequested, 100m);

        (await Call(s, As(await SaveUser(role: UserRole.Admin)), "pulpa:recomputeProfileTotals")).Message!.ShouldStartWith("Could not find public function");
        var next = (object?)new { batchSize = 2 };
        var batches = 0;
        while (next is not null)
        {
            var result = (await Call(s, Caller.Admin, "pulpa:recomputeProfileTotals", next)).Ok()!;
            batches++;
            next = result["next"] is { } n ? new { phase = Str(n["phase"]), after = n["after"]?.GetValue<string>(), batchSize = 2 } : null;
        }

        batches.ShouldBeGreaterThanOrEqualTo(4); // 5 profiles and 2 activities (plus other tests' none), 2 at a time
        var totals = new List<(decimal, int)>();
        foreach (var member in members)
        {
            var profile = (await ProfileOf(member.Id))!;
            totals.Add((profile.TotalPulpaEarned, profile.ActivitiesCompleted));
        }

        totals.ShouldBe([(3.75m, 2), (0m, 0), (0m, 0), (0m, 0), (0m, 0)]);
        (await ReloadActivity(first.Id)).CurrentSubmissionsCount.ShouldBe(2);
        (await ReloadActivity(second.Id)).CurrentSubmissionsCount.ShouldBe(2);
        (await Call(s, Caller.Admin, "pulpa:recomputeProfileTotals", new { batchSize = 0 })).FailsOnFields("batchSize");
    });
}
