using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;

namespace Poktapok.App.Functions;

/// <summary>
/// Accounts (FUNCTIONS.md §3.1): signing in (<c>users:login</c> provisions the row for a Privy DID), reading and
/// editing one's own account, and the public username check. Also the user views every module returns
/// (<see cref="UserSelf"/>, <see cref="UserAdmin"/>, <see cref="UserCard"/>): no function returns <c>privyDid</c>,
/// <c>privyMetadata</c> or users <c>metadata</c>.
/// Rate limits (§1, <c>[RateLimit]</c>, ADR-007): <c>login</c> 10 a minute, <c>checkUsername</c> 30 a minute, per identity
/// (per connection when anonymous).
/// </summary>
public static partial class Users
{
    /// <summary>Temporary usernames (<c>user_</c> + the end of the DID) are given by login and reserved.</summary>
    public const string ReservedUsernamePrefix = "user_";

    /// <summary>Temporary emails end with this; they are given by login and reserved.</summary>
    public const string TemporaryEmailSuffix = "incomplete.user";

    private const string PrivyDidPrefix = "did:privy:";

    // ---------------------------------------------------------------- views

    /// <summary>The public face of a user: <c>{_id, username, displayName, avatarUrl}</c>.</summary>
    public sealed record UserCard([IdOf("users")] Guid _id, string? Username, string? DisplayName, string? AvatarUrl)
    {
        /// <summary>The card of <paramref name="user"/>.</summary>
        public static UserCard Of(User user) => new(user.Id, user.Username, user.DisplayName, user.AvatarUrl);
    }

    /// <summary>A user's own view of their account (<c>UserSelf</c>).</summary>
    public sealed record UserSelf(
        [IdOf("users")] Guid _id,
        DateTimeOffset _creationTime,
        string? Email,
        string? Username,
        string? DisplayName,
        string? Bio,
        string? AvatarUrl,
        UserRole Role,
        AccountStatus AccountStatus,
        AuthMethod PrimaryAuthMethod,
        string? AppWallet,
        string? ExtWallet,
        DateTimeOffset CreatedAt,
        DateTimeOffset LastLoginAt)
    {
        /// <summary>The view of <paramref name="user"/>.</summary>
        public static UserSelf Of(User user) => new(user.Id, user.CreatedAt, user.Email, user.Username, user.DisplayName, user.Bio,
            user.AvatarUrl, user.Role, user.AccountStatus, user.PrimaryAuthMethod, user.AppWallet, user.ExtWallet, user.CreatedAt,
            user.LastLoginAt);
    }

    /// <summary>What staff see of an account (<c>UserAdmin</c> = <see cref="UserSelf"/> + <c>updatedAt</c>, <c>deletedAt</c>).</summary>
    public sealed record UserAdmin(
        [IdOf("users")] Guid _id,
        DateTimeOffset _creationTime,
        string? Email,
        string? Username,
        string? DisplayName,
        string? Bio,
        string? AvatarUrl,
        UserRole Role,
        AccountStatus AccountStatus,
        AuthMethod PrimaryAuthMethod,
        string? AppWallet,
        string? ExtWallet,
        DateTimeOffset CreatedAt,
        DateTimeOffset LastLoginAt,
        DateTimeOffset UpdatedAt,
        DateTimeOffset? DeletedAt)
    {
        /// <summary>The view of <paramref name="user"/>.</summary>
        public static UserAdmin Of(User user) => new(user.Id, user.CreatedAt, user.Email, user.Username, user.DisplayName, user.Bio,
            user.AvatarUrl, user.Role, user.AccountStatus, user.PrimaryAuthMethod, user.AppWallet, user.ExtWallet, user.CreatedAt,
            user.LastLoginAt, user.UpdatedAt, user.DeletedAt);
    }

    /// <summary>The result of <see cref="Login"/>.</summary>
    public sealed record LoginResult(UserSelf User, Profile? Profile, bool IsNew);

    /// <summary>The result of <see cref="Me"/>.</summary>
    public sealed record MeResult(UserSelf User, Profile? Profile);

    /// <summary>The result of <see cref="UpdateMe"/>.</summary>
    public sealed record UpdateMeResult(UserSelf User);

    /// <summary>The result of <see cref="CheckUsername"/>: <c>reason</c> is present only when not available.</summary>
    public sealed record UsernameCheck(bool Available, [AllowedValues("INVALID_FORMAT", "RESERVED_PREFIX", "TAKEN")] Optional<string> Reason = default);

    /// <summary>
    /// The arguments of <see cref="UpdateMe"/>: a partial update, absent keys are left unchanged; for the nullable
    /// fields null (or <c>""</c>) clears the value.
    /// </summary>
    public sealed record UpdateMeArgs(
        Optional<string> Username = default,
        Optional<string> Email = default,
        Optional<string?> DisplayName = default,
        Optional<string?> Bio = default,
        Optional<string?> AvatarUrl = default);

    // ---------------------------------------------------------------- functions

    /// <summary>
    /// Signs in (token level): returns the caller's account, creating it on the first login from the token's DID
    /// (a DID in the arguments is not accepted). An existing account gets <c>lastLoginAt</c> and the wallets given
    /// (fix C26); a closed one is refused (<c>FORBIDDEN ACCOUNT_CLOSED</c>). A new account is <c>incomplete</c>, with
    /// the email given, or a temporary <c>&lt;did-suffix&gt;@&lt;loginMethod&gt;.incomplete.user</c> when none is
    /// given or another account has it; username <c>user_</c> + the last 12 characters of the DID; display name
    /// <c>"&lt;LoginMethod&gt; User"</c> or <c>"New User"</c>. No profile is created. Concurrent first logins yield
    /// one row: the DID is unique, and a login that loses the race is retried by the runtime (a serialization
    /// failure) and then finds the row. At most 10 calls a minute per identity (<c>RATE_LIMITED</c> with
    /// <c>details.retryAfterMs</c>; a call that fails gives its permit back).
    /// </summary>
    [Mutation]
    [RateLimit(10, "00:01:00")]
    public static async Task<LoginResult> Login(MutationContext ctx,
        [MaxLength(255)] string? email = null,
        [MaxLength(42)] string? appWallet = null,
        [MaxLength(42)] string? extWallet = null,
        AuthMethod? primaryAuthMethod = null,
        [MaxLength(32)] string? loginMethod = null)
    {
        var identity = Require.Token(ctx);
        var errors = new FieldErrors();
        email = FieldErrors.Clean(email);
        appWallet = FieldErrors.Clean(appWallet);
        extWallet = FieldErrors.Clean(extWallet);
        loginMethod = FieldErrors.Clean(loginMethod);
        if (email is not null && !Patterns.Email().IsMatch(email))
        {
            errors.Add("email", "must be an email address");
        }

        CheckWallet(errors, "appWallet", appWallet);
        CheckWallet(errors, "extWallet", extWallet);
        errors.ThrowIfAny();

        var now = Instant(ctx.Now);
        var user = await Require.FindAccountAsync(ctx, identity);
        if (user is not null)
        {
            if (user.DeletedAt is not null)
            {
                throw AppErrors.Forbidden(Reasons.AccountClosed, "This account is closed.");
            }

            user.LastLoginAt = now;
            if (appWallet is not null && appWallet != user.AppWallet)
            {
                user.AppWallet = appWallet;
            }

            if (extWallet is not null && extWallet != user.ExtWallet)
            {
                user.ExtWallet = extWallet;
            }

            return new LoginResult(UserSelf.Of(user), await ProfileOfAsync(ctx, user.Id), false);
        }

        user = new User
        {
            PrivyDid = identity.Subject,
            Email = await NewAccountEmailAsync(ctx, identity.Subject, email, loginMethod),
            Username = await NewAccountUsernameAsync(ctx, identity.Subject),
            DisplayName = loginMethod is null ? "New User" : char.ToUpperInvariant(loginMethod[0]) + loginMethod[1..] + " User",
            AppWallet = appWallet,
            ExtWallet = extWallet,
            PrimaryAuthMethod = primaryAuthMethod ?? AuthMethodOf(loginMethod),
            Role = UserRole.Member,
            AccountStatus = AccountStatus.Incomplete,
            CreatedAt = now,
            UpdatedAt = now,
            LastLoginAt = now,
        };
        ctx.Db.Users.Add(user);
        return new LoginResult(UserSelf.Of(user), null, true);
    }

    /// <summary>
    /// The caller's account and profile (token level), or null when the DID has no account yet or the account is
    /// closed. Banned and suspended accounts still see theirs.
    /// </summary>
    [Query]
    public static async Task<MeResult?> Me(QueryContext ctx)
    {
        var user = await Require.FindAccountAsync(ctx, Require.Token(ctx));
        return user is null || user.DeletedAt is not null ? null : new MeResult(UserSelf.Of(user), await ProfileOfAsync(ctx, user.Id));
    }

    /// <summary>
    /// Edits the caller's account (signedIn): a true partial update of username, email, display name, bio and
    /// avatar URL. Username <c>^[a-z0-9_]{3,50}$</c>, not starting <c>user_</c>; email ≤ 255 and an address, not a
    /// temporary one; display name ≤ 100; bio ≤ 280; avatar an https URL ≤ 500. Username and email are unique
    /// ignoring case (checked in the transaction: <c>CONFLICT USERNAME_TAKEN</c> / <c>EMAIL_TAKEN</c>). Never changes
    /// <c>accountStatus</c> (A5).
    /// </summary>
    [Mutation]
    public static async Task<UpdateMeResult> UpdateMe(MutationContext ctx, UpdateMeArgs args)
    {
        var me = await Require.SignedInAsync(ctx);
        var errors = new FieldErrors();
        var username = args.Username.HasValue ? CheckNewUsername(errors, args.Username.Value, me.Username) : null;
        var email = args.Email.HasValue ? CheckNewEmail(errors, args.Email.Value, me.Email) : null;
        var displayName = args.DisplayName.HasValue ? errors.OptionalText("displayName", args.DisplayName.Value, 100) : null;
        var bio = args.Bio.HasValue ? errors.OptionalText("bio", args.Bio.Value, 280) : null;
        var avatarUrl = args.AvatarUrl.HasValue ? CheckAvatarUrl(errors, args.AvatarUrl.Value) : null;
        errors.ThrowIfAny();

        if (username is not null && await UsernameTakenAsync(ctx, username, me.Id))
        {
            throw AppErrors.Conflict(Reasons.UsernameTaken, "That username is taken.");
        }

        if (email is not null && await EmailTakenAsync(ctx, email, me.Id))
        {
            throw AppErrors.Conflict(Reasons.EmailTaken, "That email address belongs to another account.");
        }

        var before = (me.Username, me.Email, me.DisplayName, me.Bio, me.AvatarUrl);
        me.Username = username ?? me.Username;
        me.Email = email ?? me.Email;
        me.DisplayName = args.DisplayName.HasValue ? displayName : me.DisplayName;
        me.Bio = args.Bio.HasValue ? bio : me.Bio;
        me.AvatarUrl = args.AvatarUrl.HasValue ? avatarUrl : me.AvatarUrl;
        if (before != (me.Username, me.Email, me.DisplayName, me.Bio, me.AvatarUrl))
        {
            me.UpdatedAt = Instant(ctx.Now);
        }

        return new UpdateMeResult(UserSelf.Of(me));
    }

    /// <summary>
    /// Whether a username can be chosen (public): <c>INVALID_FORMAT</c> unless <c>^[a-z0-9_]{3,50}$</c>,
    /// <c>RESERVED_PREFIX</c> for <c>user_…</c>, <c>TAKEN</c> when any account has it ignoring case, closed accounts
    /// included. It does not look at the caller, so one result serves every subscriber. At most 30 calls a minute per
    /// identity, or per connection when anonymous (<c>RATE_LIMITED</c>; counted per server process, when a client starts
    /// the query: a subscription's re-runs are free).
    /// </summary>
    [Query]
    [RateLimit(30, "00:01:00")]
    public static async Task<UsernameCheck> CheckUsername(QueryContext ctx, [MaxLength(50)] string username)
    {
        var name = username.Trim();
        if (!UsernameFormat().IsMatch(name))
        {
            return new UsernameCheck(false, "INVALID_FORMAT");
        }

        if (name.StartsWith(ReservedUsernamePrefix, StringComparison.Ordinal))
        {
            return new UsernameCheck(false, "RESERVED_PREFIX");
        }

        return await UsernameTakenAsync(ctx, name, null) ? new UsernameCheck(false, "TAKEN") : new UsernameCheck(true);
    }

    // ---------------------------------------------------------------- rules

    [GeneratedRegex("^[a-z0-9_]{3,50}$")]
    private static partial Regex UsernameFormat();

    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")]
    private static partial Regex WalletFormat();

    /// <summary>Whether another account (closed ones included) has <paramref name="username"/>, ignoring case.</summary>
    internal static Task<bool> UsernameTakenAsync(QueryContext ctx, string username, Guid? except)
    {
        var lowered = username.ToLowerInvariant();
        return ctx.Db.Users.IgnoreQueryFilters()
            .AnyAsync(u => u.Username != null && u.Username.ToLower() == lowered && (except == null || u.Id != except));
    }

    /// <summary>Whether another account (closed ones included) has <paramref name="email"/>, ignoring case.</summary>
    internal static Task<bool> EmailTakenAsync(QueryContext ctx, string email, Guid? except)
    {
        var lowered = email.ToLowerInvariant();
        return ctx.Db.Users.IgnoreQueryFilters()
            .AnyAsync(u => u.Email != null && u.Email.ToLower() == lowered && (except == null || u.Id != except));
    }

    private static Task<Profile?> ProfileOfAsync(QueryContext ctx, Guid userId) =>
        ctx.Db.Profiles.SingleOrDefaultAsync(p => p.UserId == userId);

    private static void CheckWallet(FieldErrors errors, string field, string? wallet)
    {
        if (wallet is not null && !WalletFormat().IsMatch(wallet))
        {
            errors.Add(field, "must be 0x followed by 40 hexadecimal digits");
        }
    }

    private static string CheckNewUsername(FieldErrors errors, string value, string? current)
    {
        var name = value.Trim();
        if (name.Length == 0)
        {
            errors.Add("username", "must not be blank");
        }
        else if (!UsernameFormat().IsMatch(name))
        {
            errors.Add("username", "must be 3 to 50 lowercase letters, digits or underscores");
        }
        else if (name.StartsWith(ReservedUsernamePrefix, StringComparison.Ordinal) && name != current)
        {
            errors.Add("username", $"must not start with {ReservedUsernamePrefix} (reserved for new accounts)");
        }

        return name;
    }

    private static string CheckNewEmail(FieldErrors errors, string value, string? current)
    {
        var email = value.Trim();
        if (email.Length == 0)
        {
            errors.Add("email", "must not be blank");
        }
        else if (email.Length > 255)
        {
            errors.Add("email", "must be at most 255 characters");
        }
        else if (!Patterns.Email().IsMatch(email))
        {
            errors.Add("email", "must be an email address");
        }
        else if (email.EndsWith("." + TemporaryEmailSuffix, StringComparison.OrdinalIgnoreCase) && email != current)
        {
            errors.Add("email", "must be a real address (temporary addresses are reserved)");
        }

        return email;
    }

    private static string? CheckAvatarUrl(FieldErrors errors, string? value)
    {
        var url = errors.OptionalText("avatarUrl", value, 500);
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.Host.Length > 0))
        {
            errors.Add("avatarUrl", "must be an https URL");
        }

        return url;
    }

    // The given email, unless another account has it (then, as when none is given, a temporary one: legacy
    // answered 500); null in the unlikely case that even the temporary one is taken.
    private static async Task<string?> NewAccountEmailAsync(MutationContext ctx, string did, string? email, string? loginMethod)
    {
        if (email is not null && !await EmailTakenAsync(ctx, email, null))
        {
            return email;
        }

        var local = EmailLocalPart().Replace(did.StartsWith(PrivyDidPrefix, StringComparison.Ordinal) ? did[PrivyDidPrefix.Length..] : did, "-");
        var domain = loginMethod is null ? "" : EmailDomainPart().Replace(loginMethod.ToLowerInvariant(), "-").Trim('-', '.');
        var temporary = $"{local}@{(domain.Length == 0 ? "" : domain + ".")}{TemporaryEmailSuffix}";
        return temporary.Length <= 255 && Patterns.Email().IsMatch(temporary) && !await EmailTakenAsync(ctx, temporary, null)
            ? temporary
            : null;
    }

    [GeneratedRegex("[^A-Za-z0-9._%+-]")]
    private static partial Regex EmailLocalPart();

    [GeneratedRegex("[^a-z0-9.-]")]
    private static partial Regex EmailDomainPart();

    [GeneratedRegex("[^a-z0-9_]")]
    private static partial Regex UsernameChars();

    // user_ + the last 12 characters of the DID; null when another account already has it (a DID suffix
    // collision, or an imported row), rather than failing the login.
    private static async Task<string?> NewAccountUsernameAsync(MutationContext ctx, string did)
    {
        var tail = UsernameChars().Replace((did.Length > 12 ? did[^12..] : did).ToLowerInvariant(), "_");
        var username = ReservedUsernamePrefix + tail;
        return await UsernameTakenAsync(ctx, username, null) ? null : username;
    }

    // The legacy client's mapping of Privy login methods; wallet when nothing says otherwise (legacy default).
    private static AuthMethod AuthMethodOf(string? loginMethod) => loginMethod?.ToLowerInvariant() switch
    {
        null => AuthMethod.Wallet,
        "email" or "sms" => AuthMethod.Email,
        "siwe" or "siws" => AuthMethod.Wallet,
        _ => AuthMethod.Social,
    };

    /// <summary>An instant at the precision both providers store (microseconds), so a result equals what is read back.</summary>
    internal static DateTimeOffset Instant(DateTimeOffset now) => new(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
}
