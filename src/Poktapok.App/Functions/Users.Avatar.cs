using Poktapok.App.Access;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;

namespace Poktapok.App.Functions;

public static partial class Users
{
    /// <summary>The result of <see cref="SetAvatar"/>.</summary>
    public sealed record AvatarResult(string? AvatarUrl);

    /// <summary>
    /// Sets the caller's avatar to an uploaded image (<c>storageId</c>), or removes it (<c>null</c>); returns the new
    /// <c>avatarUrl</c>. The previous avatar, when it is a stored file, is deleted in the same transaction; an imported
    /// external URL is just dropped. Setting the current avatar again changes nothing. Refuses a file that is missing,
    /// someone else's upload, not a PNG/JPEG/WebP/GIF of at most 5 MiB, or in use elsewhere
    /// (<c>INVALID_ARGUMENT INVALID_FILE</c>), and callers below the signedIn level for writes.
    /// </summary>
    [Mutation]
    public static async Task<AvatarResult> SetAvatar(MutationContext ctx, Guid? storageId)
    {
        var user = await Require.SignedInAsync(ctx);
        if (storageId is { } same && ctx.Storage.IdOf(user.AvatarUrl) == same)
        {
            return new AvatarResult(user.AvatarUrl);
        }

        await Files.DeleteAttachedAsync(ctx, user.AvatarUrl, FileUse.Avatar, user.Id);
        user.AvatarUrl = storageId is { } id ? await Files.AttachAsync(ctx, id, FileUse.Avatar, user.Id, "storageId") : null;
        user.UpdatedAt = Instant(ctx.Now);
        return new AvatarResult(user.AvatarUrl);
    }
}
