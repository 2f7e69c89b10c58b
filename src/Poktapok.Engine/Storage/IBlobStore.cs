namespace Poktapok.Engine.Storage;

/// <summary>
/// Where the bytes of stored files live. Keys are opaque, chosen by the storage (one per file, never reused);
/// the store keeps no metadata of its own (that is <c>_storage</c>). Implementations: <see cref="DiskBlobStore"/>
/// (default), <see cref="DatabaseBlobStore{TDb}"/>, <see cref="S3BlobStore"/>.
/// </summary>
public interface IBlobStore
{
    /// <summary>A short name for logs and the health page (<c>disk</c>, <c>database</c>, <c>s3</c>).</summary>
    string Name { get; }

    /// <summary>Writes <paramref name="length"/> bytes of <paramref name="content"/> under <paramref name="key"/>, replacing nothing (keys are new).</summary>
    Task PutAsync(string key, Stream content, long length, string contentType, CancellationToken ct);

    /// <summary>
    /// Opens the blob for reading: a seekable stream of <paramref name="length"/> bytes (the server serves ranges
    /// from it), or null when the blob is missing.
    /// </summary>
    Task<Stream?> OpenReadAsync(string key, long length, CancellationToken ct);

    /// <summary>Deletes the blob; a missing blob is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken ct);
}
