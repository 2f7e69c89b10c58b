namespace Poktapok.Engine.Storage;

/// <summary>
/// A stored file (<c>_storage</c>, Convex's system table of the same name): what was uploaded, not the bytes
/// themselves, which live in the configured <see cref="IBlobStore"/> under <see cref="BlobKey"/>. Written only by the
/// upload route and <c>ctx.Storage.DeleteAsync</c>; functions read it through <c>ctx.Storage</c>.
/// </summary>
public sealed class StoredFile
{
    public const string TableName = "_storage";

    /// <summary>The storage id (<c>Id&lt;"_storage"&gt;</c>), a UUIDv7.</summary>
    public Guid Id { get; set; }

    /// <summary>When the upload finished (<c>_creationTime</c>).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The size in bytes.</summary>
    public long Size { get; set; }

    /// <summary>The content type sniffed from the bytes (never the one the uploader declared).</summary>
    public required string ContentType { get; set; }

    /// <summary>The SHA-256 of the bytes, base64 (as Convex's <c>getMetadata</c> gives it).</summary>
    public required string Sha256 { get; set; }

    /// <summary>The token subject of whoever generated the upload URL, or null for the operator (admin key) and server code.</summary>
    public string? UploadedBy { get; set; }

    /// <summary>The blob's key in the blob store.</summary>
    public string BlobKey => Id.ToString("N");
}

/// <summary>What <c>ctx.Storage.GetMetadataAsync</c> returns (Convex's <c>{storageId, sha256, size, contentType}</c>).</summary>
public sealed record FileMetadata(Guid StorageId, string Sha256, long Size, string? ContentType);
