using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Membership;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using static Poktapok.App.Functions.Users;

namespace Poktapok.App.Functions;

/// <summary>
/// Invite codes (FUNCTIONS.md §3.9; the legacy had the table only): members hand out codes, anyone checks one,
/// an account waiting to join redeems one, and the inviter (or an admin) revokes an unused one. The rules are
/// <see cref="InviteRules"/>. Redeeming records the inviter for the reviewers (<see cref="Onboarding"/>) and changes
/// no status: it neither activates an account nor approves an application (fix S20). <see cref="ExpireDue"/>
/// (hourly cron) marks codes past their expiry <c>expired</c>; until it runs, an expired code is refused all the
/// same. <c>validate</c> is rate-limited (20 a minute, §1).
/// </summary>
public static partial class Invitations
{
    /// <summary>How many invitations <see cref="ExpireDue"/> marks in one transaction.</summary>
    public const int ExpireBatchSize = 500;

    // ---------------------------------------------------------------- result types

    /// <summary>The result of <see cref="Create"/>.</summary>
    public sealed record CreateResult(Guid InvitationId, string InviteCode, DateTimeOffset ExpiresAt);

    /// <summary>An invitation with its redeemer (<c>Invitation &amp; {redeemer}</c>).</summary>
    public sealed record InvitationView(
        [IdOf("invitations")] Guid _id,
        DateTimeOffset _creationTime,
        Guid InviterUserId,
        Guid? RedeemerUserId,
        string InviteCode,
        DateTimeOffset? RedeemedAt,
        DateTimeOffset ExpiresAt,
        InvitationStatus Status,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        JsonObject Metadata,
        UserCard? Redeemer);

    /// <summary>The result of <see cref="ListMine"/>: the invitations, the caller's limit and how much of it is used.</summary>
    public sealed record MineResult(List<InvitationView> Invitations, int Limit, int Used);

    /// <summary>The result of <see cref="Validate"/>: <c>reason</c> only when not valid, <c>inviter</c> only when valid.</summary>
    public sealed record ValidateResult(bool Valid, Optional<string> Reason, UserCard? Inviter);

    /// <summary>The result of <see cref="Redeem"/>.</summary>
    public sealed record RedeemResult(Guid InvitationId, UserCard Inviter);

    /// <summary>The result of <see cref="Revoke"/>.</summary>
    public sealed record RevokeResult(Guid InvitationId);

    /// <summary>The result of <see cref="ExpireDue"/>: how many were marked, and whether more are due (a follow-up is scheduled).</summary>
    public sealed record ExpireResult(int Expired, bool More);

    // ---------------------------------------------------------------- functions

    /// <summary>
    /// Creates an invite code (member): 20 random letters and digits, valid for 7 days. A member may have at most
    /// 2 live (pending, not expired) and redeemed invitations together, an admin 100: beyond that
    /// <c>FAILED_PRECONDITION INVITE_LIMIT</c> (<c>details: {limit, used}</c>). Counted in the transaction, so
    /// concurrent creates never pass the limit.
    /// </summary>
    [Mutation]
    public static async Task<CreateResult> Create(MutationContext ctx)
    {
        var me = await Require.MemberAsync(ctx);
        var now = Instant(ctx.Now);
        var limit = InviteRules.LimitFor(me);
        var used = await CountUsedAsync(ctx, me.Id, now);
        if (used >= limit)
        {
            throw AppErrors.FailedPrecondition(Reasons.InviteLimit, $"You can have at most {limit} invitations at a time.", new { limit, used });
        }

        var code = InviteRules.NewCode();
        // 119 random bits make a collision all but impossible; a unique index backs this check regardless.
        while (await ctx.Db.Invitations.AnyAsync(i => i.InviteCode == code))
        {
            code = InviteRules.NewCode();
        }

        var invitation = new Invitation
        {
            InviterUserId = me.Id,
            InviteCode = code,
            ExpiresAt = now + InviteRules.ValidFor,
            Status = InvitationStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        };
        ctx.Db.Invitations.Add(invitation);
        return new CreateResult(invitation.Id, code, invitation.ExpiresAt);
    }

    /// <summary>
    /// The caller's invitations, newest first, at most <c>limit</c> (1–100, default 100), each with its redeemer;
    /// with the caller's invitation limit and how much of it is used (member).
    /// </summary>
    [Query]
    public static async Task<MineResult> ListMine(QueryContext ctx, [Range(1, 100)] int limit = 100)
    {
        var me = await Require.MemberAsync(ctx);
        var rows = await ctx.Db.Invitations.Where(i => i.InviterUserId == me.Id)
            .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Take(limit)
            .ToListAsync();
        var redeemerIds = rows.Where(i => i.RedeemerUserId != null).Select(i => i.RedeemerUserId!.Value).Distinct().ToList();
        var redeemers = redeemerIds.Count == 0
            ? []
            : await ctx.Db.Users.Where(u => redeemerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, UserCard.Of);
        var used = await CountUsedAsync(ctx, me.Id, ctx.Now);
        return new MineResult(
            [.. rows.Select(i => View(i, i.RedeemerUserId is { } r ? redeemers.GetValueOrDefault(r) : null))],
            InviteRules.LimitFor(me),
            used);
    }

    /// <summary>
    /// Whether an invite code can be redeemed (public): <c>{valid: true, inviter}</c>, or <c>{valid: false, reason}</c>
    /// with reason <c>NOT_FOUND</c> (also for an inviter whose account is closed), <c>INVITE_USED</c> or
    /// <c>INVITE_EXPIRED</c>. Codes are 16–32 characters and case-sensitive. It does not look at the caller, so one
    /// result serves every subscriber. At most 20 calls a minute per identity, or per connection when anonymous
    /// (<c>RATE_LIMITED</c>; counted per server process, when a client starts the query).
    /// </summary>
    [Query]
    [RateLimit(20, "00:01:00")]
    public static async Task<ValidateResult> Validate(QueryContext ctx, [Length(InviteRules.MinCodeLength, InviteRules.MaxCodeLength)] string inviteCode)
    {
        var (invitation, inviter) = await FindAsync(ctx, inviteCode);
        return InviteRules.RefusalOf(invitation, ctx.Now) is { } refusal
            ? new ValidateResult(false, InviteRules.NameOf(refusal), null)
            : new ValidateResult(true, default, UserCard.Of(inviter!));
    }

    /// <summary>
    /// Redeems an invite code (signedIn, for <c>incomplete</c> and <c>pending</c> accounts): the invitation becomes
    /// <c>redeemed</c> by the caller and the inviter is recorded on the caller's application (or profile, before
    /// applying) for the reviewers. No status changes (S20). Refuses: an unknown code, or one whose inviter's
    /// account is closed (<c>NOT_FOUND</c>); one's own code (<c>FORBIDDEN OWN_INVITATION</c>); an account that is not
    /// incomplete or pending, or that redeemed a code before (<c>FAILED_PRECONDITION INVALID_STATUS</c>); a used
    /// code (<c>FAILED_PRECONDITION INVITE_USED</c>) or an expired one (<c>INVITE_EXPIRED</c>). One code is redeemed
    /// once, however many redeem it at the same time.
    /// </summary>
    [Mutation]
    public static async Task<RedeemResult> Redeem(MutationContext ctx, [Length(InviteRules.MinCodeLength, InviteRules.MaxCodeLength)] string inviteCode)
    {
        var me = await Require.SignedInAsync(ctx);
        var now = Instant(ctx.Now);
        var (invitation, inviter) = await FindAsync(ctx, inviteCode);
        if (invitation is null || inviter is null)
        {
            throw AppErrors.NotFound("No such invite code.");
        }

        if (invitation.InviterUserId == me.Id)
        {
            throw AppErrors.Forbidden(Reasons.OwnInvitation, "You cannot redeem your own invite code.");
        }

        if (!InviteRules.MayRedeem(me.AccountStatus))
        {
            throw AppErrors.FailedPrecondition(Reasons.InvalidStatus, "Only accounts waiting to join can redeem an invite code.",
                new { currentStatus = me.AccountStatus });
        }

        if (InviteRules.RefusalOf(invitation, now) is { } refusal)
        {
            throw refusal == InviteRules.Refusal.Used
                ? AppErrors.FailedPrecondition(Reasons.InviteUsed, "This invite code has been used.")
                : AppErrors.FailedPrecondition(Reasons.InviteExpired, "This invite code has expired.");
        }

        if (await ctx.Db.Invitations.AnyAsync(i => i.RedeemerUserId == me.Id))
        {
            throw AppErrors.FailedPrecondition(Reasons.InvalidStatus, "You have redeemed an invite code already.",
                new { currentStatus = me.AccountStatus, alreadyInvited = true });
        }

        invitation.Status = InvitationStatus.Redeemed;
        invitation.RedeemerUserId = me.Id;
        invitation.RedeemedAt = now;
        invitation.UpdatedAt = now;
        await Onboarding.RecordInviterAsync(ctx, me, invitation, now);
        return new RedeemResult(invitation.Id, UserCard.Of(inviter));
    }

    /// <summary>
    /// Deletes a pending invitation (member: its inviter, or an admin). Refuses: an unknown id (<c>NOT_FOUND</c>);
    /// someone else's (<c>FORBIDDEN NOT_OWNER</c>); one that is redeemed or expired (<c>FAILED_PRECONDITION
    /// INVALID_STATUS</c>, <c>details.currentStatus</c>).
    /// </summary>
    [Mutation]
    public static async Task<RevokeResult> Revoke(MutationContext ctx, Guid invitationId)
    {
        var me = await Require.MemberAsync(ctx);
        var invitation = await ctx.Db.Invitations.SingleOrDefaultAsync(i => i.Id == invitationId)
            ?? throw AppErrors.NotFound("No such invitation.");
        if (invitation.InviterUserId != me.Id && me.Role != UserRole.Admin)
        {
            throw AppErrors.Forbidden(Reasons.NotOwner, "Only the inviter or an admin can revoke this invitation.");
        }

        if (invitation.Status != InvitationStatus.Pending)
        {
            throw AppErrors.FailedPrecondition(Reasons.InvalidStatus, "Only pending invitations can be revoked.",
                new { currentStatus = invitation.Status });
        }

        ctx.Db.Invitations.Remove(invitation);
        return new RevokeResult(invitationId);
    }

    /// <summary>
    /// Marks <c>pending</c> invitations past their expiry <c>expired</c> (internal; the hourly cron), up to
    /// <see cref="ExpireBatchSize"/> per transaction; a backlog schedules the next batch at once.
    /// </summary>
    [InternalMutation]
    public static async Task<ExpireResult> ExpireDue(MutationContext ctx)
    {
        var now = Instant(ctx.Now);
        var due = await ctx.Db.Invitations
            .Where(i => i.Status == InvitationStatus.Pending && i.ExpiresAt <= now)
            .OrderBy(i => i.ExpiresAt).ThenBy(i => i.Id)
            .Take(ExpireBatchSize + 1)
            .ToListAsync();
        foreach (var invitation in due.Take(ExpireBatchSize))
        {
            invitation.Status = InvitationStatus.Expired;
            invitation.UpdatedAt = now;
        }

        var more = due.Count > ExpireBatchSize;
        if (more)
        {
            ctx.Scheduler.RunAfter(TimeSpan.Zero, ExpireDue);
        }

        return new ExpireResult(Math.Min(due.Count, ExpireBatchSize), more);
    }

    // ---------------------------------------------------------------- helpers

    // The invitation with this code and its inviter's open account (null when closed), trimmed, case-sensitive.
    private static async Task<(Invitation? Invitation, User? Inviter)> FindAsync(QueryContext ctx, string inviteCode)
    {
        var code = inviteCode.Trim();
        var invitation = await ctx.Db.Invitations.SingleOrDefaultAsync(i => i.InviteCode == code);
        if (invitation is null)
        {
            return (null, null);
        }

        var inviter = await ctx.Db.Users.SingleOrDefaultAsync(u => u.Id == invitation.InviterUserId);
        return inviter is null ? (null, null) : (invitation, inviter);
    }

    // The invitations that count against the inviter's limit (one COUNT over the inviter's rows).
    private static Task<int> CountUsedAsync(QueryContext ctx, Guid inviterId, DateTimeOffset now) =>
        ctx.Db.Invitations.Where(i => i.InviterUserId == inviterId).CountAsync(InviteRules.CountsAgainstLimit(now));

    private static InvitationView View(Invitation i, UserCard? redeemer) =>
        new(i.Id, i.CreatedAt, i.InviterUserId, i.RedeemerUserId, i.InviteCode, i.RedeemedAt, i.ExpiresAt, i.Status, i.CreatedAt,
            i.UpdatedAt, i.Metadata, redeemer);
}
