using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Poktapok.App;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using Poktapok.Server.Tests.Infrastructure;
using Poktapok.Server.Tests.Storage;

namespace Poktapok.Server.Tests.Functions;

/// <summary>
/// The file setters and their rules (FUNCTIONS.md §3.1, §3.3, §6): <c>users:setAvatar</c>, <c>projects:setLogo</c>,
/// <c>projects:addImages</c>, <c>projects:removeImage</c> attach only the caller's own unused images and delete what
/// they replace; <c>files:deleteOrphans</c> deletes files nobody attached after a day.
/// </summary>
public sealed class FilesTests : StorageTest
{
    private async Task<bool> Served(TestServer s, string url)
    {
        using var response = await s.Http.GetAsync(url);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private async Task<int> Attachments(Guid owner)
    {
        await using var db = Database.Open();
        return await db.FileAttachments.CountAsync(a => a.OwnerId == owner);
    }

    [Fact]
    public Task an_avatar_is_set_replaced_and_removed_and_the_old_files_go() => WithServer(async s =>
    {
        var user = await SaveUser(AccountStatus.Incomplete);
        var me = As(user);
        var first = await Stored(s, me, Png());
        var url1 = Str((await Call(s, me, "users:setAvatar", new { storageId = first })).Ok()!["avatarUrl"]);
        url1.ShouldEndWith($"/api/storage/{first}");
        Str((await Call(s, me, "users:me")).Ok()!["user"]!["avatarUrl"]).ShouldBe(url1);
        (await Served(s, url1)).ShouldBeTrue();

        // Setting the same file again changes nothing.
        Str((await Call(s, me, "users:setAvatar", new { storageId = first })).Ok()!["avatarUrl"]).ShouldBe(url1);
        (await Served(s, url1)).ShouldBeTrue();

        var second = await Stored(s, me, Jpeg());
        var url2 = Str((await Call(s, me, "users:setAvatar", new { storageId = second })).Ok()!["avatarUrl"]);
        (await Served(s, url1)).ShouldBeFalse();
        (await Served(s, url2)).ShouldBeTrue();
        (await Attachments(user.Id)).ShouldBe(1);

        (await Call(s, me, "users:setAvatar", new { storageId = (Guid?)null })).Ok()!["avatarUrl"].ShouldBeNull();
        (await Served(s, url2)).ShouldBeFalse();
        (await Attachments(user.Id)).ShouldBe(0);
        (await FileRows()).ShouldBe(0);
        (await BlobCount(s)).ShouldBe(0);
        (await Reload(user.Id)).AvatarUrl.ShouldBeNull();
    });

    [Fact]
    public Task an_imported_avatar_url_is_dropped_not_deleted() => WithServer(async s =>
    {
        var user = await SaveUser(change: u => u.AvatarUrl = "https://abc.public.blob.vercel-storage.com/avatars/me.png");
        var id = await Stored(s, As(user), Png());
        (await Call(s, As(user), "users:setAvatar", new { storageId = id })).Ok();
        (await Reload(user.Id)).AvatarUrl.ShouldEndWith(id.ToString());
    });

    [Fact]
    public Task setters_refuse_files_that_are_missing_foreign_in_use_or_not_images() => WithServer(async s =>
    {
        var owner = await SaveUser();
        var other = await SaveUser();
        var mine = await Stored(s, As(owner), Png());
        var theirs = await Stored(s, As(other), Png());

        (await Call(s, As(owner), "users:setAvatar", new { storageId = theirs })).Fails("INVALID_ARGUMENT", "INVALID_FILE");
        (await Call(s, As(owner), "users:setAvatar", new { storageId = Guid.NewGuid() })).Fails("INVALID_ARGUMENT", "INVALID_FILE");

        var project = await Save(Rows.MinimalProject(owner.Id));
        (await Call(s, As(owner), "projects:setLogo", new { projectId = project.Id, storageId = mine })).Ok();
        // The logo cannot also be the avatar (a file is attached once).
        var inUse = (await Call(s, As(owner), "users:setAvatar", new { storageId = mine })).Fails("INVALID_ARGUMENT", "INVALID_FILE");
        inUse["details"]!["fields"]!["storageId"]!.ToString().ShouldContain("in use");
        (await Reload(owner.Id)).AvatarUrl.ShouldBeNull();
    });

    [Fact]
    public async Task a_non_image_upload_is_refused_by_the_setters()
    {
        await using var s = await TestServer.StartAsync(Database, new Dictionary<string, string?>
        {
            ["Storage:AllowedContentTypes:0"] = "application/pdf",
            ["Storage:AllowedContentTypes:1"] = "image/png",
        });
        var user = await SaveUser();
        var (status, body) = await Upload(s, await UploadUrl(s, As(user)), "%PDF-1.7 a document"u8.ToArray(), "application/pdf");
        status.ShouldBe(200);
        var pdf = Guid.Parse(Str(body!["storageId"]));
        var refused = (await Call(s, As(user), "users:setAvatar", new { storageId = pdf })).Fails("INVALID_ARGUMENT", "INVALID_FILE");
        refused["details"]!["fields"]!["storageId"]!.ToString().ShouldContain("application/pdf");
    }

    [Fact]
    public Task a_refused_replacement_rolls_back_and_keeps_the_old_avatar() => WithServer(async s =>
    {
        var user = await SaveUser();
        var first = await Stored(s, As(user), Png());
        var url = Str((await Call(s, As(user), "users:setAvatar", new { storageId = first })).Ok()!["avatarUrl"]);
        var foreign = await Stored(s, As(await SaveUser()), Png());

        // The old avatar is deleted before the new file is checked; the refusal undoes both.
        (await Call(s, As(user), "users:setAvatar", new { storageId = foreign })).Fails("INVALID_ARGUMENT", "INVALID_FILE");
        (await Served(s, url)).ShouldBeTrue();
        (await Reload(user.Id)).AvatarUrl.ShouldBe(url);
        (await Attachments(user.Id)).ShouldBe(1);
    });

    [Fact]
    public Task concurrent_avatar_changes_leave_one_attached_avatar() => WithServer(async s =>
    {
        var user = await SaveUser();
        var files = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            files.Add(await Stored(s, As(user), Png(1000)));
        }

        var outcomes = await Task.WhenAll(files.Select(id => Call(s, As(user), "users:setAvatar", new { storageId = id })));
        outcomes.ShouldAllBe(o => o.Success);
        await using var db = Database.Open();
        var attached = await db.FileAttachments.Where(a => a.OwnerId == user.Id).ToListAsync();
        attached.Count.ShouldBe(1);
        (await Reload(user.Id)).AvatarUrl.ShouldEndWith(attached[0].StorageId.ToString());
        // Every replaced avatar was deleted; none is left attached or dangling.
        (await db.StoredFiles.CountAsync()).ShouldBe(1);
    });

    [Fact]
    public Task a_project_logo_is_set_by_its_owner_only() => WithServer(async s =>
    {
        var owner = await SaveUser();
        var stranger = await SaveUser();
        var project = await Save(With(Rows.MinimalProject(owner.Id), p => p.ProjectStatus = ProjectStatus.Wip));
        var logo = await Stored(s, As(owner), Png());
        var strangers = await Stored(s, As(stranger), Png());

        (await Call(s, As(stranger), "projects:setLogo", new { projectId = project.Id, storageId = strangers }))
            .Fails("FORBIDDEN", "NOT_OWNER");
        (await Call(s, As(owner), "projects:setLogo", new { projectId = Guid.NewGuid(), storageId = logo })).Fails("NOT_FOUND");
        var url = Str((await Call(s, As(owner), "projects:setLogo", new { projectId = project.Id, storageId = logo })).Ok()!["logoUrl"]);
        url.ShouldEndWith(logo.ToString());

        var replacement = await Stored(s, As(owner), Png());
        (await Call(s, As(owner), "projects:setLogo", new { projectId = project.Id, storageId = replacement })).Ok();
        (await Served(s, url)).ShouldBeFalse();
        (await Call(s, As(owner), "projects:setLogo", new { projectId = project.Id, storageId = (Guid?)null })).Ok()!["logoUrl"].ShouldBeNull();
        (await FileRows()).ShouldBe(1); // the stranger's unattached upload
    });

    [Fact]
    public Task project_images_are_capped_at_five_and_removed_by_url() => WithServer(async s =>
    {
        var owner = await SaveUser();
        var project = await Save(With(Rows.MinimalProject(owner.Id), p =>
        {
            p.ProjectStatus = ProjectStatus.Completed;
            p.ImageUrls = ["https://abc.public.blob.vercel-storage.com/old.png"];
        }));
        var uploads = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            uploads.Add(await Stored(s, As(owner), Png(1000)));
        }

        var full = (await Call(s, As(owner), "projects:addImages", new { projectId = project.Id, storageIds = uploads }))
            .Fails("FAILED_PRECONDITION", "TOO_MANY_FILES");
        (full["details"]!["current"]!.GetValue<int>(), full["details"]!["adding"]!.GetValue<int>()).ShouldBe((1, 5));
        (await Call(s, As(owner), "projects:addImages", new { projectId = project.Id, storageIds = new[] { uploads[0], uploads[0] } }))
            .Fails("INVALID_ARGUMENT");

        var images = (await Call(s, As(owner), "projects:addImages", new { projectId = project.Id, storageIds = uploads.Take(4) }))
            .Ok()!["imageUrls"]!.AsArray().Select(Str).ToList();
        images.Count.ShouldBe(5);
        images[0].ShouldBe("https://abc.public.blob.vercel-storage.com/old.png");
        images.Skip(1).ShouldBe(uploads.Take(4).Select(id => images[1][..images[1].LastIndexOf('/')] + "/" + id));

        // Removing a stored image deletes its file; removing the legacy URL just drops it; an unknown one is NOT_FOUND.
        var left = (await Call(s, As(owner), "projects:removeImage", new { projectId = project.Id, imageUrl = images[2] }))
            .Ok()!["imageUrls"]!.AsArray().Select(Str).ToList();
        left.ShouldBe(images.Where(u => u != images[2]));
        (await Served(s, images[2])).ShouldBeFalse();
        (await Call(s, As(owner), "projects:removeImage", new { projectId = project.Id, imageUrl = images[0] })).Ok();
        (await Call(s, As(owner), "projects:removeImage", new { projectId = project.Id, imageUrl = images[0] })).Fails("NOT_FOUND");
        (await Call(s, As(await SaveUser()), "projects:removeImage", new { projectId = project.Id, imageUrl = images[1] }))
            .Fails("FORBIDDEN", "NOT_OWNER");

        var stored = (await Reload<Project>(project.Id)).ImageUrls!;
        stored.ShouldBe(images.Skip(1).Where(u => u != images[2]));
        (await Attachments(project.Id)).ShouldBe(3);
    });

    [Fact]
    public Task a_project_update_deletes_dropped_files_and_refuses_unattached_uploads() => WithServer(async s =>
    {
        var owner = await SaveUser();
        var project = await Save(With(Rows.MinimalProject(owner.Id), p => p.ProjectStatus = ProjectStatus.Wip));
        var logo = await Stored(s, As(owner), Png());
        var image = await Stored(s, As(owner), Png());
        var loose = await Stored(s, As(owner), Png());
        var logoUrl = Str((await Call(s, As(owner), "projects:setLogo", new { projectId = project.Id, storageId = logo })).Ok()!["logoUrl"]);
        var imageUrl = Str((await Call(s, As(owner), "projects:addImages", new { projectId = project.Id, storageIds = new[] { image } }))
            .Ok()!["imageUrls"]![0]);

        // An uploaded file's URL set by hand would be deleted as an orphan a day later: refused.
        var looseUrl = imageUrl.Replace(image.ToString(), loose.ToString(), StringComparison.Ordinal);
        (await Call(s, As(owner), "projects:update", new { projectId = project.Id, imageUrls = new[] { imageUrl, looseUrl } }))
            .Fails("INVALID_ARGUMENT", "INVALID_FILE");

        // Dropping the stored logo and image by URL deletes their files; an external URL is fine.
        (await Call(s, As(owner), "projects:update", new { projectId = project.Id, logoUrl = "https://example.org/logo.png", imageUrls = Array.Empty<string>() }))
            .Ok();
        (await Served(s, logoUrl)).ShouldBeFalse();
        (await Served(s, imageUrl)).ShouldBeFalse();
        (await Attachments(project.Id)).ShouldBe(0);
        (await FileRows()).ShouldBe(1); // the loose upload, left to the daily cleanup
    });

    [Fact]
    public Task submission_evidence_can_be_an_uploaded_file() => WithServer(async s =>
    {
        var member = await SaveUser();
        var activity = await Save(With(Rows.MinimalActivity((await SaveUser(role: UserRole.Admin)).Id), a =>
        {
            a.Title = Rows.Unique("Activity ");
            a.Status = ActivityStatus.Active;
        }));
        var proof = await Stored(s, As(member), Jpeg(3000));
        var foreign = await Stored(s, As(await SaveUser()), Png());

        (await Call(s, As(member), "submissions:submit", new
        {
            activityId = activity.Id,
            evidenceFiles = new[] { new { filename = "x.png", size = 10, type = "image/png", storageId = foreign } },
        })).Fails("INVALID_ARGUMENT", "INVALID_FILE");
        (await Call(s, As(member), "submissions:submit", new
        {
            activityId = activity.Id,
            evidenceFiles = new[] { new { filename = "both.png", size = 10, type = "image/png", url = "https://example.org/a.png", storageId = proof } },
        })).Fails("INVALID_ARGUMENT");

        var id = Guid.Parse(Str((await Call(s, As(member), "submissions:submit", new
        {
            activityId = activity.Id,
            evidenceFiles = new[] { new { filename = "proof.jpg", size = 1, type = "text/plain", storageId = proof } },
        })).Ok()!["_id"]));
        await using var db = Database.Open();
        var evidence = (await db.ActivitySubmissions.SingleAsync(x => x.Id == id)).EvidenceFiles!.Single();
        (evidence.Filename, evidence.Size, evidence.Type, evidence.StorageId).ShouldBe(("proof.jpg", 3000L, "image/jpeg", proof.ToString()));
        (await Served(s, evidence.Url)).ShouldBeTrue();
        (await db.FileAttachments.SingleAsync(a => a.StorageId == proof)).OwnerId.ShouldBe(id);
    });

    [Fact]
    public async Task orphans_older_than_a_day_are_deleted_and_attached_files_kept()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 2, 0, 0, TimeSpan.Zero));
        await using var s = await TestServer.StartAsync(Database, new Dictionary<string, string?> { ["Scheduler:Enabled"] = "false" },
            services => services.AddSingleton<TimeProvider>(clock));
        var user = await SaveUser();
        var kept = await Stored(s, As(user), Png());
        var orphan1 = await Stored(s, As(user), Png());
        var orphan2 = await Stored(s, As(user), Png());
        (await Call(s, As(user), "users:setAvatar", new { storageId = kept })).Ok();
        clock.Advance(TimeSpan.FromHours(25));
        var recent = await Stored(s, As(user), Png());

        var result = (await Call(s, Caller.Admin, "files:deleteOrphans")).Ok()!;
        (result["deleted"]!.GetValue<int>(), result["more"]!.GetValue<bool>()).ShouldBe((2, false));
        await using var db = Database.Open();
        (await db.StoredFiles.Select(f => f.Id).OrderBy(id => id).ToListAsync()).ShouldBe(new[] { kept, recent }.Order());
        (await BlobCount(s)).ShouldBe(2);
        _ = orphan1;
        _ = orphan2;

        // It is the 03:00 UTC daily cron.
        var cron = Crons.Declare(new CronSettings()).Definitions.Single(c => c.Name == Crons.FileCleanup);
        (cron.Function.Method.Name, cron.Schedule.Description).ShouldBe(("DeleteOrphans", "daily at 03:00 UTC"));
    }

    private async Task<T> Reload<T>(Guid id) where T : class
    {
        await using var db = Database.Open();
        return await db.Set<T>().IgnoreQueryFilters().AsNoTracking().SingleAsync(e => EF.Property<Guid>(e, "Id") == id);
    }
}
