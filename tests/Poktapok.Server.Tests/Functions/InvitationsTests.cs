using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App;
using Poktapok.App.Functions;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary><c>invitations:*</c> (FUNCTIONS.md §3.9) on the provider under test, through the function runtime.</summary>
public sealed class InvitationsTests : AccountTest
{
    private async Task<Invitation> SaveInvitation(User inviter, Action<Invitation>? change = null) =>
        await Save(With(Rows.MinimalInvitation(inviter.Id), i =>
        {
            i.ExpiresAt = DateTimeOffset.UtcNow.AddDays(7);
            change?.Invoke(i);
        }));

    private async Task<Invitation> Stored(Guid id)
    {
        await using var db = Database.Open();
        return await db.Invitations.SingleAsync(i => i.Id == id);
    }

    // ---------------------------------------------------------------- create

    [Fact]
    public Task creating_gives_a_twenty_character_code_valid_for_seven_days() => WithServer(async s =>
    {
        var member = await SaveUser();
        var before = DateTimeOffset.UtcNow;

        var result = (await Call(s, As(member), "invitations:create")).Ok()!;

        result.AsObject().Select(p => p.Key).ShouldBe(["invitationId", "inviteCode", "expiresAt"], ignoreOrder: true);
        var code = Str(result["inviteCode"]);
        code.Length.ShouldBe(20);
        code.ShouldAllBe(c => char.IsAsciiLetterOrDigit(c));
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds((long)result["expiresAt"]!.GetValue<double>());
        expiresAt.ShouldBeInRange(before.AddDays(7).AddSeconds(-1), DateTimeOffset.UtcNow.AddDays(7).AddSeconds(1));
        var stored = await Stored(Guid.Parse(Str(result["invitationId"])));
        (stored.InviteCode, stored.Status, stored.InviterUserId, stored.RedeemerUserId).ShouldBe((code, InvitationStatus.Pending, member.Id, (Guid?)null));
    });

    [Fact]
    public Task a_member_may_have_two_live_or_redeemed_invitations() => WithServer(async s =>
    {
        var member = await SaveUser();
        var friend = await SaveUser(AccountStatus.Incomplete);
        await SaveInvitation(member, i => i.ExpiresAt = DateTimeOffset.UtcNow.AddDays(-1)); // past expiry: frees its place
        await SaveInvitation(member, i => i.Status = InvitationStatus.Expired);
        await SaveInvitation(member, i => { i.Status = InvitationStatus.Redeemed; i.RedeemerUserId = friend.Id; });

        var second = (await Call(s, As(member), "invitations:create")).Ok()!;
        var error = (await Call(s, As(member), "invitations:create")).Fails("FAILED_PRECONDITION", "INVITE_LIMIT");

        error["details"]!.ToJsonString().ShouldBe("""{"limit":2,"used":2}""");
        (await Call(s, As(member), "invitations:revoke", new { invitationId = Str(second["invitationId"]) })).Ok();
        (await Call(s, As(member), "invitations:create")).Ok();
    });

    [Fact]
    public Task an_admin_may_have_a_hundred() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        await using (var db = Database.Open())
        {
            db.Invitations.AddRange(Enumerable.Range(0, 99).Select(_ => With(Rows.MinimalInvitation(admin.Id), i => i.ExpiresAt = DateTimeOffset.UtcNow.AddDays(1))));
            await db.SaveChangesAsync();
        }

        (await Call(s, As(admin), "invitations:create")).Ok();
        (await Call(s, As(admin), "invitations:create")).Fails("FAILED_PRECONDITION", "INVITE_LIMIT")["details"]!["limit"]!.GetValue<double>()
            .ShouldBe(100);
    });

    [Fact]
    public Task twenty_concurrent_creates_by_one_member_never_pass_the_limit() => WithServer(async s =>
    {
        var member = await SaveUser();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Call(s, As(member), "invitations:create")));

        results.Count(r => r.Success).ShouldBe(2);
        results.Where(r => !r.Success).ShouldAllBe(r => r.Error!["reason"]!.GetValue<string>() == "INVITE_LIMIT");
        await using var db = Database.Open();
        (await db.Invitations.CountAsync(i => i.InviterUserId == member.Id)).ShouldBe(2);
    });

    // ---------------------------------------------------------------- listMine

    [Fact]
    public Task list_mine_has_the_callers_invitations_newest_first_with_redeemers_and_the_limit() => WithServer(async s =>
    {
        var member = await SaveUser();
        var other = await SaveUser();
        var friend = await SaveUser(AccountStatus.Pending);
        var old = await SaveInvitation(member, i => { i.CreatedAt = Rows.At; i.Status = InvitationStatus.Expired; });
        var redeemed = await SaveInvitation(member, i =>
        {
            i.CreatedAt = Rows.At.AddDays(1);
            i.Status = InvitationStatus.Redeemed;
            i.RedeemerUserId = friend.Id;
            i.RedeemedAt = Rows.At.AddDays(2);
        });
        var live = await SaveInvitation(member, i => i.CreatedAt = Rows.At.AddDays(3));
        await SaveInvitation(other);

        var result = (await Call(s, As(member), "invitations:listMine")).Ok()!;

        result["invitations"]!.AsArray().Select(i => Str(i!["_id"])).ShouldBe([live.Id.ToString(), redeemed.Id.ToString(), old.Id.ToString()]);
        (result["limit"]!.GetValue<double>(), result["used"]!.GetValue<double>()).ShouldBe((2, 2));
        var row = result["invitations"]![1]!;
        row["redeemer"]!.ToJsonString().ShouldBe(
            $$"""{"_id":"{{friend.Id}}","username":"{{friend.Username}}","displayName":"{{friend.DisplayName}}","avatarUrl":null}""");
        Str(row["inviteCode"]).ShouldBe(redeemed.InviteCode);
        Str(row["status"]).ShouldBe("redeemed");
        result["invitations"]![0]!["redeemer"].ShouldBeNull();
        result.ToJsonString().ShouldNotContain(friend.PrivyDid);

        (await Call(s, As(member), "invitations:listMine", new { limit = 1 })).Ok()!["invitations"]!.AsArray().Count.ShouldBe(1);
        (await Call(s, As(member), "invitations:listMine", new { limit = 0 })).FailsOnFields("limit");
        (await Call(s, As(member), "invitations:listMine", new { limit = 101 })).FailsOnFields("limit");
    });

    // ---------------------------------------------------------------- validate

    [Fact]
    public Task validate_says_whether_a_code_can_be_redeemed_and_by_whom_only_when_it_can() => WithServer(async s =>
    {
        var inviter = await SaveUser();
        var closedInviter = await SaveUser(closed: true);
        var live = await SaveInvitation(inviter);
        var used = await SaveInvitation(inviter, i => i.Status = InvitationStatus.Redeemed);
        var lapsed = await SaveInvitation(inviter, i => i.ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1));
        var orphan = await SaveInvitation(closedInviter);

        async Task<JsonNode> Validate(string code) => (await Call(s, Caller.Anonymous, "invitations:validate", new { inviteCode = code })).Ok()!;

        (await Validate(live.InviteCode)).ToJsonString().ShouldBe(
            $$$"""{"valid":true,"inviter":{"_id":"{{{inviter.Id}}}","username":"{{{inviter.Username}}}","displayName":"{{{inviter.DisplayName}}}","avatarUrl":null}}""");
        (await Validate(" " + live.InviteCode + " "))["valid"]!.GetValue<bool>().ShouldBeTrue();
        (await Validate(live.InviteCode.ToUpperInvariant() == live.InviteCode ? live.InviteCode.ToLowerInvariant() : live.InviteCode.ToUpperInvariant()))
            .ToJsonString().ShouldBe("""{"valid":false,"reason":"NOT_FOUND","inviter":null}""");
        (await Validate(used.InviteCode)).ToJsonString().ShouldBe("""{"valid":false,"reason":"INVITE_USED","inviter":null}""");
        (await Validate(lapsed.InviteCode)).ToJsonString().ShouldBe("""{"valid":false,"reason":"INVITE_EXPIRED","inviter":null}""");
        (await Validate(orphan.InviteCode)).ToJsonString().ShouldBe("""{"valid":false,"reason":"NOT_FOUND","inviter":null}""");
        (await Validate("NoSuchCode0000000000")).ToJsonString().ShouldBe("""{"valid":false,"reason":"NOT_FOUND","inviter":null}""");
        (await Call(s, Caller.Anonymous, "invitations:validate", new { inviteCode = "short" })).FailsOnFields("inviteCode");
        (await Call(s, Caller.Anonymous, "invitations:validate", new { inviteCode = new string('x', 33) })).FailsOnFields("inviteCode");
    });

    // ---------------------------------------------------------------- redeem

    [Fact]
    public Task redeeming_records_the_inviter_and_changes_no_status() => WithServer(async s =>
    {
        // S20: the earlier port made any code holder active and approved their application.
        var inviter = await SaveUser();
        var newcomer = await SaveUser(AccountStatus.Incomplete);
        var invitation = await SaveInvitation(inviter);

        var result = (await Call(s, As(newcomer), "invitations:redeem", new { inviteCode = invitation.InviteCode })).Ok()!;

        Str(result["invitationId"]).ShouldBe(invitation.Id.ToString());
        Str(result["inviter"]!["_id"]).ShouldBe(inviter.Id.ToString());
        var stored = await Stored(invitation.Id);
        (stored.Status, stored.RedeemerUserId).ShouldBe((InvitationStatus.Redeemed, newcomer.Id));
        stored.RedeemedAt.ShouldNotBeNull();
        (await Reload(newcomer.Id)).AccountStatus.ShouldBe(AccountStatus.Incomplete);
        await using (var db = Database.Open())
        {
            var profile = await db.Profiles.SingleAsync(p => p.UserId == newcomer.Id);
            Str(profile.Metadata["invitedByUserId"]).ShouldBe(inviter.Id.ToString());
        }

        // Applying afterwards carries the inviter to the application, where reviewers see it.
        var application = (await Call(s, As(newcomer), "applications:submit", new { goal = "g", motivationText = "m" })).Ok()!["application"]!;
        Str(application["metadata"]!["invitedByUserId"]).ShouldBe(inviter.Id.ToString());
        var detail = (await Call(s, Caller.Admin, "applications:adminGet", new { applicationId = Str(application["_id"]) })).Ok()!;
        Str(detail["invitedBy"]!["_id"]).ShouldBe(inviter.Id.ToString());
        Str(detail["application"]!["status"]).ShouldBe("pending");
        (await Reload(newcomer.Id)).AccountStatus.ShouldBe(AccountStatus.Pending);
    });

    [Fact]
    public Task a_pending_applicant_redeeming_gets_the_inviter_on_the_application() => WithServer(async s =>
    {
        var inviter = await SaveUser();
        var applicant = await SaveUser(AccountStatus.Pending);
        var application = await Save(With(Rows.MinimalApplication(applicant.Id), a => a.Metadata = new JsonObject { ["source"] = "form" }));
        var invitation = await SaveInvitation(inviter);

        (await Call(s, As(applicant), "invitations:redeem", new { inviteCode = invitation.InviteCode })).Ok();

        await using var db = Database.Open();
        var stored = await db.Applications.SingleAsync(a => a.Id == application.Id);
        Str(stored.Metadata["invitedByUserId"]).ShouldBe(inviter.Id.ToString());
        Str(stored.Metadata["source"]).ShouldBe("form");
        stored.Status.ShouldBe(ApplicationStatus.Pending);
        (await Reload(applicant.Id)).AccountStatus.ShouldBe(AccountStatus.Pending);
    });

    [Fact]
    public Task redeeming_refuses_own_used_expired_unknown_codes_and_accounts_not_waiting_to_join() => WithServer(async s =>
    {
        var inviter = await SaveUser();
        var newcomer = await SaveUser(AccountStatus.Incomplete);
        var active = await SaveUser();

        async Task<AccountTest.Outcome> Redeem(User who, Invitation invitation) =>
            await Call(s, As(who), "invitations:redeem", new { inviteCode = invitation.InviteCode });

        (await Redeem(inviter, await SaveInvitation(inviter))).Fails("FORBIDDEN", "OWN_INVITATION");
        Str((await Redeem(active, await SaveInvitation(inviter))).Fails("FAILED_PRECONDITION", "INVALID_STATUS")["details"]!["currentStatus"])
            .ShouldBe("active");
        (await Redeem(newcomer, await SaveInvitation(inviter, i => i.Status = InvitationStatus.Redeemed))).Fails("FAILED_PRECONDITION", "INVITE_USED");
        (await Redeem(newcomer, await SaveInvitation(inviter, i => i.Status = InvitationStatus.Expired))).Fails("FAILED_PRECONDITION", "INVITE_EXPIRED");
        var lapsed = await SaveInvitation(inviter, i => i.ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1));
        (await Redeem(newcomer, lapsed)).Fails("FAILED_PRECONDITION", "INVITE_EXPIRED");
        (await Stored(lapsed.Id)).Status.ShouldBe(InvitationStatus.Pending);
        (await Call(s, As(newcomer), "invitations:redeem", new { inviteCode = "NoSuchCode0000000000" })).Fails("NOT_FOUND");
        (await Redeem(newcomer, await SaveInvitation(await SaveUser(closed: true)))).Fails("NOT_FOUND");

        var first = await SaveInvitation(inviter);
        (await Redeem(newcomer, first)).Ok();
        (await Redeem(newcomer, first)).Fails("FAILED_PRECONDITION", "INVITE_USED");
        (await Redeem(newcomer, await SaveInvitation(await SaveUser()))).Fails("FAILED_PRECONDITION", "INVALID_STATUS")["details"]!["alreadyInvited"]!
            .GetValue<bool>().ShouldBeTrue();
    });

    [Fact]
    public Task twenty_accounts_redeeming_one_code_at_once_redeem_it_once() => WithServer(async s =>
    {
        var inviter = await SaveUser();
        var invitation = await SaveInvitation(inviter);
        var newcomers = new List<User>();
        for (var i = 0; i < 20; i++)
        {
            newcomers.Add(await SaveUser(AccountStatus.Incomplete));
        }

        var results = await Task.WhenAll(newcomers.Select(n => Call(s, As(n), "invitations:redeem", new { inviteCode = invitation.InviteCode })));

        results.Count(r => r.Success).ShouldBe(1);
        foreach (var failed in results.Where(r => !r.Success))
        {
            failed.Fails("FAILED_PRECONDITION", "INVITE_USED");
        }

        var winner = newcomers[Array.FindIndex(results, r => r.Success)];
        (await Stored(invitation.Id)).RedeemerUserId.ShouldBe(winner.Id);
        await using var db = Database.Open();
        var ids = newcomers.Select(n => n.Id).ToList();
        (await db.Profiles.Where(p => ids.Contains(p.UserId)).Select(p => p.UserId).ToListAsync()).ShouldBe([winner.Id]);
    });

    // ---------------------------------------------------------------- revoke

    [Fact]
    public Task the_inviter_or_an_admin_revokes_a_pending_invitation() => WithServer(async s =>
    {
        var inviter = await SaveUser();
        var someone = await SaveUser();
        var admin = await SaveUser(role: UserRole.Admin);
        var mine = await SaveInvitation(inviter);
        var another = await SaveInvitation(inviter);
        var redeemed = await SaveInvitation(inviter, i => i.Status = InvitationStatus.Redeemed);

        (await Call(s, As(someone), "invitations:revoke", new { invitationId = mine.Id })).Fails("FORBIDDEN", "NOT_OWNER");
        (await Call(s, As(inviter), "invitations:revoke", new { invitationId = mine.Id })).Ok()!.ToJsonString()
            .ShouldBe($$"""{"invitationId":"{{mine.Id}}"}""");
        (await Call(s, As(admin), "invitations:revoke", new { invitationId = another.Id })).Ok();
        Str((await Call(s, As(inviter), "invitations:revoke", new { invitationId = redeemed.Id })).Fails("FAILED_PRECONDITION", "INVALID_STATUS")
            ["details"]!["currentStatus"]).ShouldBe("redeemed");
        (await Call(s, As(inviter), "invitations:revoke", new { invitationId = mine.Id })).Fails("NOT_FOUND");

        await using var db = Database.Open();
        (await db.Invitations.Select(i => i.Id).ToListAsync()).ShouldBe([redeemed.Id]);
    });

    // ---------------------------------------------------------------- expireDue

    [Fact]
    public Task expire_due_marks_pending_invitations_past_expiry_and_nothing_else() => WithServer(async s =>
    {
        var inviter = await SaveUser();
        var lapsed = await SaveInvitation(inviter, i => i.ExpiresAt = DateTimeOffset.UtcNow.AddHours(-2));
        var live = await SaveInvitation(inviter, i => i.ExpiresAt = DateTimeOffset.UtcNow.AddHours(2));
        var redeemed = await SaveInvitation(inviter, i => { i.Status = InvitationStatus.Redeemed; i.ExpiresAt = DateTimeOffset.UtcNow.AddDays(-3); });

        var result = (await Call(s, Caller.Admin, "invitations:expireDue")).Ok()!;

        result.ToJsonString().ShouldBe("""{"expired":1,"more":false}""");
        (await Stored(lapsed.Id)).Status.ShouldBe(InvitationStatus.Expired);
        (await Stored(live.Id)).Status.ShouldBe(InvitationStatus.Pending);
        (await Stored(redeemed.Id)).Status.ShouldBe(InvitationStatus.Redeemed);
        (await Call(s, Caller.Admin, "invitations:expireDue")).Ok()!.ToJsonString().ShouldBe("""{"expired":0,"more":false}""");
        (await Call(s, As(inviter), "invitations:expireDue")).Message.ShouldNotBeNull().ShouldStartWith("Could not find public function");
    });

    [Fact]
    public void expire_due_runs_hourly_from_the_crons()
    {
        var cron = Crons.Declare(new CronSettings()).Definitions.Single(d => d.Name == Crons.InvitationExpiry);

        cron.Function.Method.ShouldBe(typeof(Invitations).GetMethod(nameof(Invitations.ExpireDue)));
        var start = new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);
        (cron.Schedule.Next(start) - start).ShouldBe(TimeSpan.FromHours(1));
    }
}
