using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;
using static Poktapok.App.Functions.Users;

namespace Poktapok.App.Functions;

public static partial class Admin
{
    /// <summary>How <see cref="ListUsers"/> orders accounts.</summary>
    public enum UserSort
    {
        /// <summary>By creation time.</summary>
        [WireName("createdAt")]
        CreatedAt,

        /// <summary>By username (accounts without one first when ascending).</summary>
        [WireName("username")]
        Username,

        /// <summary>By the profile's <c>totalPulpaEarned</c> (0 without a profile).</summary>
        [WireName("totalEarnings")]
        TotalEarnings,
    }

    /// <summary>A sort direction.</summary>
    public enum SortOrder
    {
        /// <summary>Smallest first.</summary>
        Asc,

        /// <summary>Largest first.</summary>
        Desc,
    }

    /// <summary>The statuses <see cref="SetStatus"/> can set.</summary>
    public enum SettableStatus
    {
        /// <summary>Reactivate (or activate) the account.</summary>
        Active,

        /// <summary>Read-only: no writes (a reason is required).</summary>
        Suspended,

        /// <summary>Only <c>users:me</c> (a reason is required; admins only).</summary>
        Banned,
    }

    /// <summary>The arguments of <see cref="ListUsers"/>.</summary>
    public sealed record ListUsersArgs(
        PaginationOptions PaginationOpts,
        string? Search = null,
        UserRole? Role = null,
        AccountStatus? AccountStatus = null,
        UserSort SortBy = UserSort.CreatedAt,
        SortOrder SortOrder = SortOrder.Desc);

    /// <summary>One row of <see cref="ListUsers"/>: <c>UserCard &amp; {email, role, accountStatus, createdAt, stats, profile}</c>.</summary>
    public sealed record UserListEntry(
        [IdOf("users")] Guid _id,
        string? Username,
        string? DisplayName,
        string? AvatarUrl,
        string? Email,
        UserRole Role,
        AccountStatus AccountStatus,
        DateTimeOffset CreatedAt,
        UserListStats Stats,
        UserListProfile? Profile);

    /// <summary>
    /// Per-row numbers of <see cref="ListUsers"/>: earnings and completed activities from the profile's maintained
    /// counters, submission counts counted for the rows of the page (approved includes distributed).
    /// </summary>
    public sealed record UserListStats(decimal TotalEarnings, int SubmissionsCount, int ApprovedCount, int ActivitiesCompleted);

    /// <summary>The profile part of a <see cref="UserListEntry"/>.</summary>
    public sealed record UserListProfile(string? City, string? Country, List<LearningTrack>? LearningTracks);

    /// <summary>The result of <see cref="GetUser"/>.</summary>
    public sealed record UserDetailResult(UserDetail User);

    /// <summary><c>UserAdmin &amp; {profile, stats, recentSubmissions}</c>.</summary>
    public sealed record UserDetail(
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
        DateTimeOffset? DeletedAt,
        Profile? Profile,
        UserDetailStats Stats,
        List<RecentSubmission> RecentSubmissions);

    /// <summary>
    /// A user's submission numbers: earnings and completed activities from the profile's counters; counts by
    /// status (approved includes distributed; pending is <c>pending</c> only).
    /// </summary>
    public sealed record UserDetailStats(decimal TotalEarnings, int SubmissionsCount, int ApprovedCount, int RejectedCount, int PendingCount,
        int ActivitiesCompleted);

    /// <summary>One of a user's five latest submissions.</summary>
    public sealed record RecentSubmission([IdOf("activity_submissions")] Guid _id, Guid ActivityId, string ActivityTitle, SubmissionStatus Status, DateTimeOffset SubmittedAt,
        decimal? RewardPulpaAmount);

    /// <summary>One row of <see cref="ListPendingUsers"/>.</summary>
    public sealed record PendingUser(UserAdmin User, Profile? Profile, Application? Application);

    /// <summary>The result of <see cref="ApproveUser"/>.</summary>
    public sealed record ApproveResult(Guid UserId, AccountStatus AccountStatus);

    /// <summary>The result of <see cref="RejectUser"/>: the status stays <c>pending</c>, the account is closed.</summary>
    public sealed record RejectResult(Guid UserId, AccountStatus AccountStatus, bool Closed);

    /// <summary>The result of <see cref="RestoreUser"/>.</summary>
    public sealed record RestoreResult(Guid UserId);

    /// <summary>The result of <see cref="SetRole"/>.</summary>
    public sealed record RoleChange(Guid UserId, UserRole OldRole, UserRole NewRole, DateTimeOffset UpdatedAt);

    /// <summary>The result of <see cref="SetStatus"/>.</summary>
    public sealed record StatusChange(Guid UserId, AccountStatus OldStatus, AccountStatus NewStatus, string? Reason, DateTimeOffset UpdatedAt);
}
