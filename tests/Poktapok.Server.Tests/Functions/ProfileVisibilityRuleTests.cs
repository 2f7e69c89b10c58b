using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using static Poktapok.App.Schema.ProfileVisibilityRule;

namespace Poktapok.Server.Tests.Functions;

/// <summary>The profile visibility rule (LEGACY.md §4.5 with fix C31), as a table.</summary>
public sealed class ProfileVisibilityRuleTests
{
    public static TheoryData<ProfileVisibility, Viewer, bool> Cases => new()
    {
        { ProfileVisibility.Public, Viewer.Anonymous, true },
        { ProfileVisibility.Public, Viewer.SignedIn, true },
        { ProfileVisibility.Members, Viewer.Anonymous, false },
        { ProfileVisibility.Members, Viewer.SignedIn, false },
        { ProfileVisibility.Members, Viewer.Member, true },
        { ProfileVisibility.Members, Viewer.Owner, true },
        { ProfileVisibility.Members, Viewer.Admin, true },
        { ProfileVisibility.Private, Viewer.Member, false },
        { ProfileVisibility.Private, Viewer.SignedIn, false },
        { ProfileVisibility.Private, Viewer.Owner, true },
        { ProfileVisibility.Private, Viewer.Admin, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void details_go_to_the_owner_admins_and_whom_the_visibility_names(ProfileVisibility visibility, Viewer viewer, bool sees) =>
        SeesDetails(visibility, viewer).ShouldBe(sees);

    [Fact]
    public void the_viewer_is_told_by_account_and_role()
    {
        var owner = Guid.NewGuid();
        User Account(AccountStatus status, UserRole role = UserRole.Member, Guid? id = null) =>
            new() { Id = id ?? Guid.NewGuid(), PrivyDid = "did:privy:x", PrimaryAuthMethod = AuthMethod.Email, AccountStatus = status, Role = role };

        Of(null, owner, isOperator: false).ShouldBe(Viewer.Anonymous);
        Of(null, owner, isOperator: true).ShouldBe(Viewer.Admin);
        Of(Account(AccountStatus.Pending, id: owner), owner, false).ShouldBe(Viewer.Owner);
        Of(Account(AccountStatus.Active, UserRole.Admin), owner, false).ShouldBe(Viewer.Admin);
        Of(Account(AccountStatus.Pending, UserRole.Admin), owner, false).ShouldBe(Viewer.SignedIn);
        Of(Account(AccountStatus.Active, UserRole.Moderator), owner, false).ShouldBe(Viewer.Member);
        Of(Account(AccountStatus.Incomplete), owner, false).ShouldBe(Viewer.SignedIn);
    }
}
