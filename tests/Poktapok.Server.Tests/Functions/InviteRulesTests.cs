using Poktapok.App.Membership;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;

namespace Poktapok.Server.Tests.Functions;

/// <summary><see cref="InviteRules"/> (FUNCTIONS.md §3.9, LEGACY.md §4.8): codes, limits and when a code can be redeemed.</summary>
public sealed class InviteRulesTests
{
    private static readonly DateTimeOffset s_now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static Invitation Invitation(InvitationStatus status, TimeSpan expiresIn) =>
        new() { InviteCode = "ABCDEFGHIJKLMNOPQRST", Status = status, ExpiresAt = s_now + expiresIn };

    [Fact]
    public void new_codes_are_twenty_letters_and_digits_that_the_column_accepts_and_do_not_repeat()
    {
        var codes = Enumerable.Range(0, 1000).Select(_ => InviteRules.NewCode()).ToList();

        codes.ShouldAllBe(c => c.Length == 20 && c.All(char.IsAsciiLetterOrDigit) && Patterns.InviteCode().IsMatch(c));
        codes.Distinct().Count().ShouldBe(1000);
        // Both cases and digits are used (the alphabet is not, say, upper case only as in the earlier port).
        var all = string.Concat(codes);
        all.Any(char.IsAsciiLetterLower).ShouldBeTrue();
        all.Any(char.IsAsciiLetterUpper).ShouldBeTrue();
        all.Any(char.IsAsciiDigit).ShouldBeTrue();
    }

    public static TheoryData<string, InvitationStatus?, TimeSpan, InviteRules.Refusal?> Cases() => new()
    {
        { "pending, a second before expiry", InvitationStatus.Pending, TimeSpan.FromSeconds(1), null },
        { "pending, at expiry", InvitationStatus.Pending, TimeSpan.Zero, InviteRules.Refusal.Expired },
        { "pending, past expiry (not yet marked)", InvitationStatus.Pending, -TimeSpan.FromDays(1), InviteRules.Refusal.Expired },
        { "marked expired", InvitationStatus.Expired, TimeSpan.FromDays(1), InviteRules.Refusal.Expired },
        { "redeemed", InvitationStatus.Redeemed, TimeSpan.FromDays(1), InviteRules.Refusal.Used },
        { "redeemed and past expiry", InvitationStatus.Redeemed, -TimeSpan.FromDays(1), InviteRules.Refusal.Used },
        { "missing", null, TimeSpan.Zero, InviteRules.Refusal.NotFound },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void a_code_can_be_redeemed_only_while_pending_and_before_expiry(string label, InvitationStatus? status, TimeSpan expiresIn,
        InviteRules.Refusal? expected)
    {
        var invitation = status is { } s ? Invitation(s, expiresIn) : null;
        InviteRules.RefusalOf(invitation, s_now).ShouldBe(expected, label);
    }

    [Fact]
    public void redeemed_and_live_pending_invitations_count_against_the_limit()
    {
        var counts = InviteRules.CountsAgainstLimit(s_now).Compile();

        counts(Invitation(InvitationStatus.Pending, TimeSpan.FromMinutes(1))).ShouldBeTrue();
        counts(Invitation(InvitationStatus.Redeemed, -TimeSpan.FromDays(30))).ShouldBeTrue();
        counts(Invitation(InvitationStatus.Pending, TimeSpan.Zero)).ShouldBeFalse();
        counts(Invitation(InvitationStatus.Expired, TimeSpan.FromDays(1))).ShouldBeFalse();
    }

    [Theory]
    [InlineData(UserRole.Member, 2)]
    [InlineData(UserRole.Moderator, 2)]
    [InlineData(UserRole.Admin, 100)]
    public void members_may_have_two_invitations_and_admins_a_hundred(UserRole role, int limit) =>
        InviteRules.LimitFor(new User { PrivyDid = "did:privy:x", PrimaryAuthMethod = AuthMethod.Email, Role = role }).ShouldBe(limit);

    [Theory]
    [InlineData(AccountStatus.Incomplete, true)]
    [InlineData(AccountStatus.Pending, true)]
    [InlineData(AccountStatus.Active, false)]
    [InlineData(AccountStatus.Suspended, false)]
    [InlineData(AccountStatus.Banned, false)]
    public void only_accounts_waiting_to_join_redeem(AccountStatus status, bool may) => InviteRules.MayRedeem(status).ShouldBe(may);
}
