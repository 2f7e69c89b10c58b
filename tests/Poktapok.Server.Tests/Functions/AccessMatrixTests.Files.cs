using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

public sealed partial class AccessMatrixTests
{
    private const string NotOwner = "FORBIDDEN NOT_OWNER";

    // Columns:                 Anonymous, NoRow,    Incomplete, Pending, Active, Suspended, Banned, Moderator, Admin, Closed, Operator
    private static readonly string[] s_signedInMutation = [Unauth, NoAccount, Ok, Ok, Ok, Suspended, Banned, Ok, Ok, Closed, Unauth];

    // Someone else's project: a caller the access level lets through is refused as not its owner.
    private static readonly string[] s_othersProject = [Unauth, NoAccount, NotOwner, NotOwner, NotOwner, Suspended, Banned, NotOwner, NotOwner, Closed, Unauth];

    private static readonly MatrixRows s_fileRows = new()
    {
        ["files:generateUploadUrl"] = (_ => Task.FromResult<object>(new { }), s_signedInMutation),
        ["files:getUrl"] = (_ => Task.FromResult<object>(new { storageId = Guid.NewGuid() }),
            [Null, Null, Null, Null, Null, Null, Null, Null, Null, Null, Null]),
        ["files:deleteOrphans"] = (_ => Task.FromResult<object>(new { }),
            [Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Ok]),
        ["users:setAvatar"] = (_ => Task.FromResult<object>(new { storageId = (Guid?)null }), s_signedInMutation),
        ["projects:setLogo"] = (async t => new { projectId = await t.OthersProject(), storageId = (Guid?)null }, s_othersProject),
        ["projects:addImages"] = (async t => new { projectId = await t.OthersProject(), storageIds = new[] { Guid.NewGuid() } }, s_othersProject),
        ["projects:removeImage"] = (async t => new { projectId = await t.OthersProject(), imageUrl = "https://example.org/a.png" }, s_othersProject),
    };

    private async Task<Guid> OthersProject() => (await Save(Rows.MinimalProject((await SaveUser()).Id))).Id;
}
