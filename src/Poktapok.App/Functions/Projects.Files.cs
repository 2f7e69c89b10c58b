using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;

namespace Poktapok.App.Functions;

/// <summary>A project's logo and images (FUNCTIONS.md §3.3, §6): uploaded files attached by their owner.</summary>
public static partial class Projects
{
    /// <summary>The most images a project holds (uploads and URLs together).</summary>
    public const int MaxImages = 5;

    /// <summary>The result of <see cref="SetLogo"/>.</summary>
    public sealed record LogoResult(string? LogoUrl);

    /// <summary>The result of <see cref="AddImages"/> and <see cref="RemoveImage"/>: the project's images, in order.</summary>
    public sealed record ImagesResult(IReadOnlyList<string> ImageUrls);

    /// <summary>The arguments of <see cref="AddImages"/>.</summary>
    public sealed record AddImagesArgs(Guid ProjectId, [MinLength(1), MaxLength(MaxImages)] IReadOnlyList<Guid> StorageIds);

    /// <summary>
    /// Sets the project's logo to an uploaded image, or removes it (<c>null</c>); returns the new <c>logoUrl</c>. The
    /// previous logo, when a stored file, is deleted in the same transaction; a legacy URL is just dropped. Refuses a
    /// missing or deleted project (<c>NOT_FOUND</c>), someone else's (<c>FORBIDDEN NOT_OWNER</c>), and a file that is
    /// missing, someone else's upload, not an image of at most 5 MiB or in use (<c>INVALID_ARGUMENT INVALID_FILE</c>).
    /// </summary>
    [Mutation]
    public static async Task<LogoResult> SetLogo(MutationContext ctx, Guid projectId, Guid? storageId)
    {
        var project = (await OwnProjectAsync(ctx, projectId)).Project;
        if (storageId is { } same && ctx.Storage.IdOf(project.LogoUrl) == same)
        {
            return new LogoResult(project.LogoUrl);
        }

        await Files.DeleteAttachedAsync(ctx, project.LogoUrl, FileUse.ProjectLogo, project.Id);
        project.LogoUrl = storageId is { } id ? await Files.AttachAsync(ctx, id, FileUse.ProjectLogo, project.Id, "storageId") : null;
        project.UpdatedAt = Users.Instant(ctx.Now);
        return new LogoResult(project.LogoUrl);
    }

    /// <summary>
    /// Appends uploaded images (1..5 distinct files, in the order given) to the project's images; returns them all. A
    /// project holds at most 5 (<c>FAILED_PRECONDITION TOO_MANY_FILES</c>, <c>details: {current, adding}</c>). Refuses
    /// as <see cref="SetLogo"/> does, and repeated ids (<c>INVALID_ARGUMENT</c>).
    /// </summary>
    [Mutation]
    public static async Task<ImagesResult> AddImages(MutationContext ctx, AddImagesArgs args)
    {
        if (args.StorageIds.Distinct().Count() != args.StorageIds.Count)
        {
            throw new ArgumentContentException("storageIds", "must not repeat a file");
        }

        var project = (await OwnProjectAsync(ctx, args.ProjectId)).Project;
        var images = project.ImageUrls ?? [];
        if (images.Count + args.StorageIds.Count > MaxImages)
        {
            throw AppErrors.FailedPrecondition(Reasons.TooManyFiles, $"A project holds at most {MaxImages} images.",
                new { current = images.Count, adding = args.StorageIds.Count });
        }

        var added = new List<string>(images);
        for (var i = 0; i < args.StorageIds.Count; i++)
        {
            added.Add(await Files.AttachAsync(ctx, args.StorageIds[i], FileUse.ProjectImage, project.Id, $"storageIds[{i}]"));
        }

        project.ImageUrls = added;
        project.UpdatedAt = Users.Instant(ctx.Now);
        return new ImagesResult(added);
    }

    /// <summary>
    /// Removes one image by its URL (legacy: the base64 of the URL in the path); a stored file behind it is deleted.
    /// Refuses an image the project does not have (<c>NOT_FOUND</c>) and as <see cref="SetLogo"/> does.
    /// </summary>
    [Mutation]
    public static async Task<ImagesResult> RemoveImage(MutationContext ctx, Guid projectId, [MaxLength(500)] string imageUrl)
    {
        var project = (await OwnProjectAsync(ctx, projectId)).Project;
        var images = project.ImageUrls ?? [];
        if (!images.Contains(imageUrl, StringComparer.Ordinal))
        {
            throw AppErrors.NotFound("The project has no such image.");
        }

        await Files.DeleteAttachedAsync(ctx, imageUrl, FileUse.ProjectImage, project.Id);
        project.ImageUrls = images.Where(u => u != imageUrl).ToList();
        project.UpdatedAt = Users.Instant(ctx.Now);
        return new ImagesResult(project.ImageUrls);
    }

    /// <summary>
    /// After <see cref="Update"/> set <c>logoUrl</c>/<c>imageUrls</c> by URL: deletes the stored files it dropped, and
    /// refuses (<c>INVALID_ARGUMENT INVALID_FILE</c>) a file URL of this server that is not already this project's
    /// logo or image — uploaded files are attached with <see cref="SetLogo"/> and <see cref="AddImages"/>, so that no
    /// document points at a file the daily cleanup would delete.
    /// </summary>
    internal static async Task ReconcileFileUrlsAsync(MutationContext ctx, Project project, string? oldLogo, IReadOnlyList<string> oldImages)
    {
        var images = project.ImageUrls ?? [];
        if (project.LogoUrl != oldLogo)
        {
            await RefuseUnattachedAsync(ctx, project, project.LogoUrl, FileUse.ProjectLogo, "logoUrl");
            await Files.DeleteAttachedAsync(ctx, oldLogo, FileUse.ProjectLogo, project.Id);
        }

        foreach (var added in images.Except(oldImages))
        {
            await RefuseUnattachedAsync(ctx, project, added, FileUse.ProjectImage, "imageUrls");
        }

        foreach (var dropped in oldImages.Except(images))
        {
            await Files.DeleteAttachedAsync(ctx, dropped, FileUse.ProjectImage, project.Id);
        }
    }

    private static async Task RefuseUnattachedAsync(MutationContext ctx, Project project, string? url, FileUse use, string field)
    {
        if (ctx.Storage.IdOf(url) is { } id
            && !await ctx.Db.FileAttachments.AnyAsync(a => a.StorageId == id && a.OwnerId == project.Id && a.Use == use))
        {
            throw Files.InvalidFileError(field, "is an uploaded file: attach it with projects:setLogo or projects:addImages");
        }
    }
}
