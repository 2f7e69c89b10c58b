namespace Poktapok.Server.Tests.Functions;

public sealed partial class AccessMatrixTests
{
    private static readonly MatrixRows s_fileRows = new()
    {
        ["files:generateUploadUrl"] = (_ => Task.FromResult<object>(new { }), SignedInMutation),
        ["files:getUrl"] = (_ => Task.FromResult<object>(new { storageId = Guid.NewGuid() }),
            [Null, Null, Null, Null, Null, Null, Null, Null, Null, Null, Null]),
        ["files:deleteOrphans"] = (_ => Task.FromResult<object>(new { }),
            [Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Ok]),
        ["users:setAvatar"] = (_ => Task.FromResult<object>(new { storageId = (Guid?)null }), SignedInMutation),
        ["projects:setLogo"] = (async t => new { projectId = (await t.SavePublishedProject()).Id, storageId = (Guid?)null }, OthersProject),
        ["projects:addImages"] = (async t => new { projectId = (await t.SavePublishedProject()).Id, storageIds = new[] { Guid.NewGuid() } }, OthersProject),
        ["projects:removeImage"] = (async t => new { projectId = (await t.SavePublishedProject()).Id, imageUrl = "https://example.org/a.png" }, OthersProject),
    };
}
