using Microsoft.EntityFrameworkCore;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;

namespace Poktapok.App.Access;

/// <summary>
/// The access levels of FUNCTIONS.md §2, in one place. A function declares its level by calling one of these
/// first thing (<c>var me = await Require.MemberAsync(ctx);</c>) and gets the caller back; a caller below the
/// level gets the stable error of the table below, never a half-run function.
/// <list type="table">
/// <item><term>public</term><description>no call (or <see cref="ViewerOrNullAsync"/> for <c>public*</c> personalisation)</description></item>
/// <item><term>token</term><description><see cref="Token"/>: a verified identity; the users row may not exist yet</description></item>
/// <item><term>signedIn</term><description><see cref="SignedInAsync"/>: identity + users row, under the status rules</description></item>
/// <item><term>member</term><description><see cref="MemberAsync"/>: signedIn and <c>active</c></description></item>
/// <item><term>moderator / admin</term><description><see cref="ModeratorAsync"/> / <see cref="AdminAsync(QueryContext)"/>: member with the role, or the operator</description></item>
/// </list>
/// Status rules (applied by every level from signedIn up, before the level's own check): a closed account
/// (<c>deletedAt</c> set) → <c>FORBIDDEN ACCOUNT_CLOSED</c>; banned → <c>FORBIDDEN ACCOUNT_BANNED</c>; suspended →
/// <c>FORBIDDEN ACCOUNT_SUSPENDED</c> in mutations only (suspended accounts keep read-only signedIn queries).
/// Then member levels need <c>active</c> (<c>FORBIDDEN ACCOUNT_NOT_ACTIVE</c>) and role levels the role
/// (<c>MODERATOR_REQUIRED</c>, <c>ADMIN_REQUIRED</c>). No identity is <c>UNAUTHENTICATED</c>; an identity without a
/// row where one is needed is <c>UNAUTHENTICATED NO_ACCOUNT</c>. <c>users:me</c> and <c>users:login</c> are the
/// token-level exceptions that look at the row themselves (<see cref="FindAccountAsync"/>).
/// An operator (admin key, no identity) passes the moderator and admin levels as <see cref="Staff.Operator"/>;
/// with an acting-as identity the operator is that user, under that user's rules.
/// </summary>
public static class Require
{
    /// <summary>The token level: the verified identity, or <c>UNAUTHENTICATED</c>.</summary>
    public static Identity Token(QueryContext ctx) => ctx.Auth ?? throw AppErrors.Unauthenticated();

    /// <summary>
    /// The <c>users</c> row of <paramref name="identity"/> (by its subject, the Privy DID), closed accounts
    /// included; null when there is none.
    /// </summary>
    public static Task<User?> FindAccountAsync(QueryContext ctx, Identity identity) =>
        ctx.Db.Users.IgnoreQueryFilters().SingleOrDefaultAsync(u => u.PrivyDid == identity.Subject);

    /// <summary>
    /// The signedIn level: the caller's row, refused when closed or banned, and when suspended in a mutation.
    /// </summary>
    public static async Task<User> SignedInAsync(QueryContext ctx)
    {
        var identity = Token(ctx);
        var user = await FindAccountAsync(ctx, identity) ?? throw AppErrors.NoAccount();
        CheckStatus(user, writing: ctx is MutationContext);
        return user;
    }

    /// <summary>The member level: signedIn and <c>active</c>.</summary>
    public static async Task<User> MemberAsync(QueryContext ctx)
    {
        var user = await SignedInAsync(ctx);
        return user.AccountStatus == AccountStatus.Active
            ? user
            : throw AppErrors.Forbidden(Reasons.AccountNotActive, "Only active members can do this.",
                new { accountStatus = user.AccountStatus });
    }

    /// <summary>The moderator level: an active moderator or admin, or the operator.</summary>
    public static Task<Staff> ModeratorAsync(QueryContext ctx) =>
        StaffAsync(ctx, UserRole.Moderator, Reasons.ModeratorRequired, "Only moderators and admins can do this.");

    /// <summary>The admin level: an active admin, or the operator.</summary>
    public static Task<Staff> AdminAsync(QueryContext ctx) =>
        StaffAsync(ctx, UserRole.Admin, Reasons.AdminRequired, "Only admins can do this.");

    /// <summary>
    /// The admin level for an action: checked by the internal mutation <c>access:requireAdmin</c> as the action's
    /// caller, under the rules for writers (suspended admins are refused).
    /// </summary>
    public static Task AdminAsync(ActionContext ctx) => ctx.RunMutation<object?>(Functions.Access.RequireAdmin);

    /// <summary>
    /// For <c>public*</c> functions that personalise their result: the caller's row when the caller is signed
    /// in with an account in good standing (not closed, banned or suspended), else null (served as anonymous).
    /// </summary>
    public static async Task<User?> ViewerOrNullAsync(QueryContext ctx)
    {
        if (ctx.Auth is not { } identity)
        {
            return null;
        }

        var user = await FindAccountAsync(ctx, identity);
        return user is { DeletedAt: null, AccountStatus: not (AccountStatus.Banned or AccountStatus.Suspended) } ? user : null;
    }

    private static async Task<Staff> StaffAsync(QueryContext ctx, UserRole least, string reason, string message)
    {
        if (ctx.Caller is { IsAdmin: true, Identity: null })
        {
            return Staff.Operator;
        }

        var user = await MemberAsync(ctx);
        var passes = least == UserRole.Admin ? user.Role == UserRole.Admin : user.Role is UserRole.Moderator or UserRole.Admin;
        return passes ? new Staff(user) : throw AppErrors.Forbidden(reason, message);
    }

    private static void CheckStatus(User user, bool writing)
    {
        if (user.DeletedAt is not null)
        {
            throw AppErrors.Forbidden(Reasons.AccountClosed, "This account is closed.");
        }

        switch (user.AccountStatus)
        {
            case AccountStatus.Banned:
                throw AppErrors.Forbidden(Reasons.AccountBanned, "This account is banned.");
            case AccountStatus.Suspended when writing:
                throw AppErrors.Forbidden(Reasons.AccountSuspended, "This account is suspended; it can only read its own data.");
        }
    }
}
