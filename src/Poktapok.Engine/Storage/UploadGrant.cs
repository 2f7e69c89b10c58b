namespace Poktapok.Engine.Storage;

/// <summary>
/// One upload URL handed out by <c>ctx.Storage.GenerateUploadUrl()</c> (<c>_poktapok_upload_grants</c>), written in
/// the generating mutation's transaction, so a URL exists only if that mutation committed. The URL carries the
/// grant's id and a random secret; only the secret's hash is stored. It is good once, until <see cref="ExpiresAt"/>.
/// </summary>
public sealed class UploadGrant
{
    public const string TableName = "_poktapok_upload_grants";

    public Guid Id { get; set; }

    /// <summary>SHA-256 of the URL's secret, hex.</summary>
    public required string SecretHash { get; set; }

    /// <summary>The token subject of the caller who generated it (becomes <see cref="StoredFile.UploadedBy"/>).</summary>
    public string? Subject { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When an upload used it (null while unused).</summary>
    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>The file that upload stored.</summary>
    public Guid? StorageId { get; set; }
}

/// <summary>
/// A blob that must go (<c>_poktapok_blob_deletions</c>): written in the transaction that deletes its file, and
/// before an upload writes its blob (removed when the upload commits its file). The blob is deleted after the
/// commit; whatever a crash leaves behind, the storage janitor deletes once <see cref="DueAt"/> passes.
/// </summary>
public sealed class BlobDeletion
{
    public const string TableName = "_poktapok_blob_deletions";

    public required string BlobKey { get; set; }

    public DateTimeOffset DueAt { get; set; }
}

/// <summary>A blob kept in the database by <see cref="DatabaseBlobStore{TDb}"/> (<c>_poktapok_blobs</c>).</summary>
public sealed class StoredBlob
{
    public const string TableName = "_poktapok_blobs";

    public required string Key { get; set; }

    public required byte[] Content { get; set; }
}
