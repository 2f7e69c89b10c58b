using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary>The access matrix rows of <c>applications:*</c>, <c>invitations:*</c> and <c>stats:*</c>.</summary>
public sealed partial class AccessMatrixTests
{
    private const string AlreadyApplied = "FAILED_PRECONDITION APPLICATION_ALREADY_SUBMITTED";
    private const string WrongStatus = "FAILED_PRECONDITION INVALID_STATUS";

    // The level rows again: static fields of other parts of this class may not be initialised yet when these are.
    private static readonly string[] s_membershipModeratorQuery = [Unauth, NoAccount, NotActive, NotActive, ModRequired, NotActive, Banned, Ok, Ok, Closed, Ok];
    private static readonly string[] s_membershipAdminQuery = [Unauth, NoAccount, NotActive, NotActive, AdmRequired, NotActive, Banned, AdmRequired, Ok, Closed, Ok];
    private static readonly string[] s_membershipAdminMutation = [Unauth, NoAccount, NotActive, NotActive, AdmRequired, Suspended, Banned, AdmRequired, Ok, Closed, Ok];

    private static readonly MatrixRows s_applicationRows = new()
    {
        // Columns:                        Anonymous, NoRow,    Incomplete, Pending,  Active,   Suspended, Banned, Moderator, Admin, Closed, Operator
        ["applications:submit"] = (_ => Task.FromResult<object>(new { goal = "Build things", motivationText = "I like fruit." }),
            [Unauth, NoAccount, Ok, AlreadyApplied, AlreadyApplied, Suspended, Banned, AlreadyApplied, AlreadyApplied, Closed, Unauth]),
        ["applications:mine"] = (_ => Task.FromResult<object>(new { }),
            [Unauth, NoAccount, Null, Null, Null, Null, Banned, Null, Null, Closed, Unauth]),
        ["applications:adminList"] = (_ => Task.FromResult<object>(new { paginationOpts = new { numItems = 5, cursor = (string?)null } }),
            s_membershipAdminQuery),
        ["applications:adminStats"] = (_ => Task.FromResult<object>(new { }),
            s_membershipAdminQuery),
        ["applications:adminGet"] = (async t => new { applicationId = (await t.SavePendingApplication()).Id },
            s_membershipAdminQuery),
        ["applications:review"] = (async t => new { applicationId = (await t.SavePendingApplication()).Id, decision = "approve" },
            s_membershipAdminMutation),
    };

    private static readonly MatrixRows s_invitationRows = new()
    {
        ["invitations:create"] = (_ => Task.FromResult<object>(new { }),
            [Unauth, NoAccount, NotActive, NotActive, Ok, Suspended, Banned, Ok, Ok, Closed, Unauth]),
        ["invitations:listMine"] = (_ => Task.FromResult<object>(new { }),
            [Unauth, NoAccount, NotActive, NotActive, Ok, NotActive, Banned, Ok, Ok, Closed, Unauth]),
        ["invitations:validate"] = (async t => new { inviteCode = (await t.SaveInvitation()).InviteCode },
            [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ["invitations:redeem"] = (async t => new { inviteCode = (await t.SaveInvitation()).InviteCode },
            [Unauth, NoAccount, Ok, Ok, WrongStatus, Suspended, Banned, WrongStatus, WrongStatus, Closed, Unauth]),
        // Someone else's invitation: only admins may revoke it.
        ["invitations:revoke"] = (async t => new { invitationId = (await t.SaveInvitation()).Id },
            [Unauth, NoAccount, NotActive, NotActive, NotOwner, Suspended, Banned, NotOwner, Ok, Closed, Unauth]),
        ["invitations:expireDue"] = (_ => Task.FromResult<object>(new { }),
            [Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Ok]),
    };

    private static readonly MatrixRows s_statsRows = new()
    {
        ["stats:public"] = (_ => Task.FromResult<object>(new { }),
            [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ["stats:admin"] = (_ => Task.FromResult<object>(new { }),
            s_membershipModeratorQuery),
    };

    private async Task<Application> SavePendingApplication() =>
        await Save(Rows.MinimalApplication((await SaveUser(AccountStatus.Pending)).Id));

    private async Task<Invitation> SaveInvitation() =>
        await Save(With(Rows.MinimalInvitation((await SaveUser()).Id), i => i.ExpiresAt = DateTimeOffset.UtcNow.AddDays(7)));
}
