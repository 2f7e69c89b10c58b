namespace Poktapok.App.Access;

/// <summary>
/// The stable <c>reason</c> values of application errors that concern accounts and access (FUNCTIONS.md §1, §2);
/// clients branch on them, so they never change.
/// </summary>
public static partial class Reasons
{
    /// <summary>A valid token whose DID has no <c>users</c> row yet (<c>UNAUTHENTICATED</c>): call <c>users:login</c>.</summary>
    public const string NoAccount = "NO_ACCOUNT";

    /// <summary>A member function called by an account that is not <c>active</c>.</summary>
    public const string AccountNotActive = "ACCOUNT_NOT_ACTIVE";

    /// <summary>A write by a suspended account (suspended accounts may only read their own data).</summary>
    public const string AccountSuspended = "ACCOUNT_SUSPENDED";

    /// <summary>Anything but <c>users:me</c> by a banned account.</summary>
    public const string AccountBanned = "ACCOUNT_BANNED";

    /// <summary>Anything but <c>users:me</c> by a closed account (<c>deletedAt</c> set), <c>users:login</c> included.</summary>
    public const string AccountClosed = "ACCOUNT_CLOSED";

    /// <summary>A moderator function called by a member.</summary>
    public const string ModeratorRequired = "MODERATOR_REQUIRED";

    /// <summary>An admin function, or a change only admins may make, called by someone else.</summary>
    public const string AdminRequired = "ADMIN_REQUIRED";

    /// <summary>A change to someone else's row.</summary>
    public const string NotOwner = "NOT_OWNER";

    /// <summary>A staff member changing their own role or status.</summary>
    public const string SelfChange = "SELF_CHANGE";

    /// <summary>A status change aimed at an admin.</summary>
    public const string AdminTarget = "ADMIN_TARGET";

    /// <summary>A username another account has (compared ignoring case).</summary>
    public const string UsernameTaken = "USERNAME_TAKEN";

    /// <summary>An email address another account has (compared ignoring case).</summary>
    public const string EmailTaken = "EMAIL_TAKEN";

    /// <summary>A Luma slug another event has (events' slugs are unique).</summary>
    public const string LumaSlugTaken = "LUMA_SLUG_TAKEN";

    /// <summary>The target is not in a state the change starts from.</summary>
    public const string InvalidStatus = "INVALID_STATUS";

    /// <summary>The change would leave no active admin.</summary>
    public const string LastAdmin = "LAST_ADMIN";

    /// <summary>The activity is linked to that program or session already.</summary>
    public const string AlreadyLinked = "ALREADY_LINKED";

    /// <summary>The user has an enrollment in that program already.</summary>
    public const string EnrollmentExists = "ENROLLMENT_EXISTS";

    /// <summary>No seat left: a program's capacity, or an activity's slots, are taken.</summary>
    public const string SlotsFull = "SLOTS_FULL";

    /// <summary>A promotion of an account that is not <c>active</c>.</summary>
    public const string InvalidStatusForPromotion = "INVALID_STATUS_FOR_PROMOTION";

    /// <summary>A promotion without eligibility and without <c>override</c>.</summary>
    public const string NotEligible = "NOT_ELIGIBLE";

    /// <summary>An application by an account that is not <c>incomplete</c> (it applied already, or never needs to).</summary>
    public const string ApplicationAlreadySubmitted = "APPLICATION_ALREADY_SUBMITTED";

    /// <summary>A second application by one account (one per account, ever).</summary>
    public const string DuplicateApplication = "DUPLICATE_APPLICATION";

    /// <summary>A review of an application that is no longer <c>pending</c>.</summary>
    public const string ApplicationAlreadyReviewed = "APPLICATION_ALREADY_REVIEWED";

    /// <summary>An invite code past its expiry.</summary>
    public const string InviteExpired = "INVITE_EXPIRED";

    /// <summary>An invite code redeemed already.</summary>
    public const string InviteUsed = "INVITE_USED";

    /// <summary>A new invitation beyond the inviter's limit.</summary>
    public const string InviteLimit = "INVITE_LIMIT";

    /// <summary>Redeeming one's own invite code.</summary>
    public const string OwnInvitation = "OWN_INVITATION";

    public const string SyncInProgress = "SYNC_IN_PROGRESS";
    public const string LumaFetchFailed = "LUMA_FETCH_FAILED";
    public const string InvalidLumaUrl = "INVALID_LUMA_URL";

    /// <summary>A stored file a setter refuses (<c>INVALID_ARGUMENT</c>): missing, someone else's, not an image, too large, in use.</summary>
    public const string InvalidFile = "INVALID_FILE";

    /// <summary>More files than a project may hold (<c>FAILED_PRECONDITION</c>, <c>details: {current, adding}</c>).</summary>
    public const string TooManyFiles = "TOO_MANY_FILES";

    /// <summary>Project skills that repeat or do not exist (<c>INVALID_ARGUMENT</c>).</summary>
    public const string InvalidSkills = "INVALID_SKILLS";
}
