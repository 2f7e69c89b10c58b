using Poktapok.App.Schema.Enums;

namespace Poktapok.App.Schema;

/// <summary>
/// Who sees a profile's details (location, learning tracks and availability, social links, stats), in one place
/// (LEGACY.md §4.5, FUNCTIONS.md §3.2). Everyone sees the basic fields of a listed profile; the details go to the
/// owner and admins always, to everyone for a <c>public</c> profile, to signed-in active members for a
/// <c>members</c> profile (fix C31: legacy hid them from members too), and to nobody else for a <c>private</c> one.
/// </summary>
public static class ProfileVisibilityRule
{
    /// <summary>How the viewer of a profile stands towards it.</summary>
    public enum Viewer
    {
        /// <summary>Signed out, or served as signed out (suspended, banned, closed accounts).</summary>
        Anonymous,

        /// <summary>Signed in with an account that is not active (incomplete, pending).</summary>
        SignedIn,

        /// <summary>Signed in with an active account.</summary>
        Member,

        /// <summary>The profile's own user.</summary>
        Owner,

        /// <summary>An active admin, or the operator.</summary>
        Admin,
    }

    /// <summary>Whether <paramref name="viewer"/> sees the details of a profile with <paramref name="visibility"/>.</summary>
    public static bool SeesDetails(ProfileVisibility visibility, Viewer viewer) => viewer switch
    {
        Viewer.Owner or Viewer.Admin => true,
        _ => visibility switch
        {
            ProfileVisibility.Public => true,
            ProfileVisibility.Members => viewer == Viewer.Member,
            _ => false,
        },
    };

    /// <summary>How <paramref name="viewer"/> (null: signed out or served as such) stands towards the profile of <paramref name="ownerId"/>.</summary>
    public static Viewer Of(User? viewer, Guid ownerId, bool isOperator) => viewer switch
    {
        _ when isOperator => Viewer.Admin,
        null => Viewer.Anonymous,
        { Id: var id } when id == ownerId => Viewer.Owner,
        { Role: UserRole.Admin, AccountStatus: AccountStatus.Active } => Viewer.Admin,
        { AccountStatus: AccountStatus.Active } => Viewer.Member,
        _ => Viewer.SignedIn,
    };
}
