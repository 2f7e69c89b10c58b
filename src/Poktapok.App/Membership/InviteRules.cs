using System.Linq.Expressions;
using System.Security.Cryptography;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;

namespace Poktapok.App.Membership;

/// <summary>
/// The invitation rules (FUNCTIONS.md §3.9, LEGACY.md §4.8), in one place: what a code looks like, how long it is
/// valid, how many a member may hand out, and whether a code can still be redeemed. Pure: the functions pass the
/// rows and the transaction's clock.
/// </summary>
public static class InviteRules
{
    /// <summary>The characters of a new code: letters and digits (a subset of the column's <c>[A-Za-z0-9_-]</c>).</summary>
    public const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>How many characters a new code has (the column allows 16 to 32).</summary>
    public const int CodeLength = 20;

    /// <summary>The shortest code <c>validate</c>/<c>redeem</c> accept (the column's lower bound).</summary>
    public const int MinCodeLength = 16;

    /// <summary>The longest code <c>validate</c>/<c>redeem</c> accept (the column's upper bound).</summary>
    public const int MaxCodeLength = 32;

    /// <summary>How many live (pending, not yet past expiry) and redeemed invitations a member may have.</summary>
    public const int MemberLimit = 2;

    /// <summary>The same limit for admins.</summary>
    public const int AdminLimit = 100;

    /// <summary>How long a new code can be redeemed.</summary>
    public static readonly TimeSpan ValidFor = TimeSpan.FromDays(7);

    /// <summary>Why a code cannot be redeemed (the <c>reason</c> of <c>validate</c> and of <c>redeem</c>'s errors).</summary>
    public enum Refusal
    {
        /// <summary>No such code (or its inviter's account is closed).</summary>
        NotFound,

        /// <summary>The code was redeemed already.</summary>
        Used,

        /// <summary>The code is past its expiry (whether or not <c>invitations:expireDue</c> has marked it yet).</summary>
        Expired,
    }

    /// <summary>A new random code: <see cref="CodeLength"/> characters of <see cref="Alphabet"/> (about 119 bits).</summary>
    public static string NewCode() => RandomNumberGenerator.GetString(Alphabet, CodeLength);

    /// <summary>How many invitations <paramref name="inviter"/> may have live or redeemed at once.</summary>
    public static int LimitFor(User inviter) => inviter.Role == UserRole.Admin ? AdminLimit : MemberLimit;

    /// <summary>
    /// Whether an invitation counts against its inviter's limit at <paramref name="now"/>: redeemed, or pending and
    /// not expired (an expired or revoked one frees its place). An expression, so the count runs in the database.
    /// </summary>
    public static Expression<Func<Invitation, bool>> CountsAgainstLimit(DateTimeOffset now) =>
        i => i.Status == InvitationStatus.Redeemed || (i.Status == InvitationStatus.Pending && i.ExpiresAt > now);

    /// <summary>Why <paramref name="invitation"/> cannot be redeemed at <paramref name="now"/>, or null when it can.</summary>
    public static Refusal? RefusalOf(Invitation? invitation, DateTimeOffset now) => invitation switch
    {
        null => Refusal.NotFound,
        { Status: InvitationStatus.Redeemed } => Refusal.Used,
        { Status: InvitationStatus.Expired } => Refusal.Expired,
        _ when invitation.ExpiresAt <= now => Refusal.Expired,
        _ => null,
    };

    /// <summary>The wire name of a refusal (<c>NOT_FOUND</c>, <c>INVITE_USED</c>, <c>INVITE_EXPIRED</c>).</summary>
    public static string NameOf(Refusal refusal) => refusal switch
    {
        Refusal.Used => Access.Reasons.InviteUsed,
        Refusal.Expired => Access.Reasons.InviteExpired,
        _ => "NOT_FOUND",
    };

    /// <summary>Whether an account in <paramref name="status"/> may redeem a code: only while it waits to join.</summary>
    public static bool MayRedeem(AccountStatus status) => status is AccountStatus.Incomplete or AccountStatus.Pending;
}
