using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using Poktapok.Engine.Storage;

namespace Poktapok.App.Functions;

/// <summary>
/// Uploads (FUNCTIONS.md §3.16, §6): the upload-URL flow — <c>files:generateUploadUrl</c> → the client POSTs the
/// bytes → <c>{storageId}</c> → a setter attaches it (<c>users:setAvatar</c>, <c>projects:setLogo</c>,
/// <c>projects:addImages</c>) — and the daily cleanup of files nobody attached. The attachment rules live here, in
/// one place: a setter accepts only an image of at most 5 MiB, uploaded by the caller, attached nowhere else; a
/// replaced or removed file is deleted in the setter's own transaction.
/// </summary>
public static partial class Files
{
    /// <summary>What setters accept: images of these types (sniffed from the bytes at upload; SVG never).</summary>
    public static readonly IReadOnlySet<string> ImageTypes = new HashSet<string>(StorageOptions.DefaultContentTypes);

    /// <summary>5 MiB, the largest image a setter accepts.</summary>
    public const long MaxImageBytes = StorageOptions.DefaultMaxUploadBytes;

    /// <summary>How old an unattached file must be before <see cref="DeleteOrphans"/> deletes it.</summary>
    public static readonly TimeSpan OrphanAge = TimeSpan.FromHours(24);

    /// <summary>How many orphans <see cref="DeleteOrphans"/> deletes in one transaction.</summary>
    public const int OrphanBatchSize = 200;

    /// <summary>The result of <see cref="DeleteOrphans"/>: how many files it deleted, and whether another batch follows.</summary>
    public sealed record DeleteOrphansResult(int Deleted, bool More);

    /// <summary>
    /// An upload URL (signedIn, so incomplete and pending accounts can upload their avatar): POST one file's bytes
    /// to it within an hour; it is good once. The file remembers who asked. Refused to suspended, banned and closed
    /// accounts like every signedIn mutation. At most 60 calls an hour per identity (<c>RATE_LIMITED</c> with
    /// <c>details.retryAfterMs</c>).
    /// </summary>
    [Mutation]
    [RateLimit(60, "01:00:00")]
    public static async Task<string> GenerateUploadUrl(MutationContext ctx)
    {
        await Require.SignedInAsync(ctx);
        return ctx.Storage.GenerateUploadUrl();
    }

    /// <summary>The serving URL of a stored file (public: file URLs are unguessable and unauthenticated), or null.</summary>
    [Query]
    public static Task<string?> GetUrl(QueryContext ctx, Guid storageId) => ctx.Storage.GetUrlAsync(storageId);

    /// <summary>
    /// Deletes stored files older than a day that no document uses (uploads never attached; files attached and later
    /// replaced are deleted by their setter at once), <see cref="OrphanBatchSize"/> per run, oldest first; schedules
    /// itself again while more are due. Internal: the daily cron at 03:00 UTC runs it.
    /// </summary>
    [InternalMutation]
    public static async Task<DeleteOrphansResult> DeleteOrphans(MutationContext ctx)
    {
        var before = ctx.Now - OrphanAge;
        var orphans = await ctx.Db.StoredFiles
            .Where(f => f.CreatedAt < before && !ctx.Db.FileAttachments.Any(a => a.StorageId == f.Id))
            .OrderBy(f => f.CreatedAt)
            .Select(f => f.Id)
            .Take(OrphanBatchSize + 1)
            .ToListAsync();
        foreach (var id in orphans.Take(OrphanBatchSize))
        {
            await ctx.Storage.DeleteAsync(id);
        }

        var more = orphans.Count > OrphanBatchSize;
        if (more)
        {
            ctx.Scheduler.RunAfter(TimeSpan.Zero, DeleteOrphans);
        }

        return new DeleteOrphansResult(Math.Min(orphans.Count, OrphanBatchSize), more);
    }

    // ---------------------------------------------------------------- the attachment rules

    /// <summary>
    /// Attaches an uploaded file to <paramref name="ownerId"/> as <paramref name="use"/> and returns its URL. Refuses
    /// with <c>INVALID_ARGUMENT INVALID_FILE</c> (field <paramref name="field"/>) a file that does not exist, was
    /// uploaded by someone else, is not an image of at most 5 MiB, or is attached already (here or elsewhere).
    /// The operator (admin key) may attach any file.
    /// </summary>
    internal static async Task<string> AttachAsync(MutationContext ctx, Guid storageId, FileUse use, Guid ownerId, string field)
    {
        var file = await ctx.Storage.GetAsync(storageId);
        var problem = file switch
        {
            null => "no uploaded file has this id",
            _ when !StorageReader.UploadedBy(file, ctx.Auth) && !(ctx.Caller.IsAdmin && ctx.Auth is null) => "was uploaded by someone else",
            _ when !ImageTypes.Contains(file.ContentType) => $"must be a PNG, JPEG, WebP or GIF image, not {file.ContentType}",
            _ when file.Size > MaxImageBytes => $"must be at most {MaxImageBytes} bytes",
            _ when await ctx.Db.FileAttachments.AnyAsync(a => a.StorageId == storageId) => "is in use already",
            _ => null,
        };
        if (problem is not null)
        {
            throw InvalidFileError(field, problem);
        }

        ctx.Db.FileAttachments.Add(new FileAttachment { StorageId = storageId, Use = use, OwnerId = ownerId, CreatedAt = ctx.Now });
        return ctx.Storage.UrlOf(storageId);
    }

    /// <summary>
    /// Detaches and deletes the stored file behind <paramref name="url"/> when it is attached to
    /// <paramref name="ownerId"/> as <paramref name="use"/>; any other URL (a legacy blob URL, an external image) is
    /// left alone. The bytes go after the commit.
    /// </summary>
    internal static async Task DeleteAttachedAsync(MutationContext ctx, string? url, FileUse use, Guid ownerId)
    {
        if (ctx.Storage.IdOf(url) is not { } storageId)
        {
            return;
        }

        var attachment = await ctx.Db.FileAttachments.AsTracking()
            .FirstOrDefaultAsync(a => a.StorageId == storageId && a.OwnerId == ownerId && a.Use == use);
        if (attachment is null)
        {
            return;
        }

        ctx.Db.FileAttachments.Remove(attachment);
        await ctx.Storage.DeleteAsync(storageId);
    }

    internal static ConvexError InvalidFileError(string field, string problem) =>
        AppErrors.Error(AppErrorCodes.InvalidArgument, $"Invalid arguments: {field}: {problem}", Reasons.InvalidFile,
            new { fields = new Dictionary<string, string> { [field] = problem } });
}
