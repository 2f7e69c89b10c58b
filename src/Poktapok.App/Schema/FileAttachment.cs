using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;
using Poktapok.Engine.Storage;

namespace Poktapok.App.Schema;

/// <summary>
/// A stored file in use by a document (<c>file_attachments</c>): an avatar, a project's logo or image, a
/// submission's evidence. The storage id is the key, so a file is attached at most once; a file without an
/// attachment is an orphan, deleted a day after its upload (<c>files:deleteOrphans</c>). A file cannot be deleted
/// while attached (the foreign key restricts it). Documents keep the file's URL (<c>avatarUrl</c>, …), so legacy
/// URLs and stored files coexist.
/// </summary>
public class FileAttachment
{
    public Guid StorageId { get; set; }

    public FileUse Use { get; set; }

    /// <summary>The document the file belongs to (a user for avatars, a project for logos and images, a submission for evidence).</summary>
    [IdOf(IdOfAttribute.SeveralTables)] // a user (avatar) or a project (logo, images) or a submission (evidence)
    public Guid OwnerId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<FileAttachment> b, SqlDialect d)
    {
        b.ToTable("file_attachments");
        b.HasKey(a => a.StorageId);
        b.Property(a => a.StorageId).ValueGeneratedNever();
        b.HasOne<StoredFile>().WithMany().HasForeignKey(a => a.StorageId)
            .HasConstraintName("file_attachments_storage_id_fk").OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.OwnerId, a.Use }).HasDatabaseName("idx_file_attachments_owner");
    }
}
