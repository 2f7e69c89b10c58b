using Microsoft.EntityFrameworkCore;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;

namespace Poktapok.Engine.Storage;

/// <summary>
/// <c>ctx.Storage</c> in a query: the URL and metadata of stored files. Reading a file's row makes a live query
/// depend on <c>_storage</c>, so a URL turns null when its file is deleted.
/// </summary>
public class StorageReader
{
    private readonly PoktapokDbContext _db;
    private readonly StorageOptions? _options;

    internal StorageReader(PoktapokDbContext db, StorageOptions? options)
    {
        _db = db;
        _options = options;
    }

    private protected StorageOptions Options =>
        _options ?? throw new InvalidOperationException("File storage is not configured for this runtime.");

    /// <summary>The serving URL of the file (<c>&lt;origin&gt;/api/storage/&lt;id&gt;</c>) if it exists, else null.</summary>
    public async Task<string?> GetUrlAsync(Guid storageId, CancellationToken ct = default) =>
        await GetAsync(storageId, ct) is null ? null : UrlOf(storageId);

    /// <summary>Convex's <c>{storageId, sha256, size, contentType}</c> of the file, or null.</summary>
    public async Task<FileMetadata?> GetMetadataAsync(Guid storageId, CancellationToken ct = default) =>
        await GetAsync(storageId, ct) is { } file ? new FileMetadata(file.Id, file.Sha256, file.Size, file.ContentType) : null;

    /// <summary>The file's whole row (with who uploaded it and when), or null.</summary>
    public Task<StoredFile?> GetAsync(Guid storageId, CancellationToken ct = default) =>
        _db.Set<StoredFile>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == storageId, ct);

    /// <summary>The URL a file with this id is served at (whether or not it exists; no database read).</summary>
    public string UrlOf(Guid storageId) => new Uri(Options.Origin, $"api/storage/{storageId}").ToString();

    /// <summary>The storage id behind one of this server's file URLs, or null for any other URL (a legacy blob URL).</summary>
    public Guid? IdOf(string? url)
    {
        var prefix = new Uri(Options.Origin, "api/storage/").ToString();
        return url is not null && url.StartsWith(prefix, StringComparison.Ordinal) && Guid.TryParse(url.AsSpan(prefix.Length), out var id)
            ? id
            : null;
    }

    /// <summary>Whether the caller generated the upload URL that stored <paramref name="file"/>.</summary>
    public static bool UploadedBy(StoredFile file, Identity? identity) =>
        identity is not null && file.UploadedBy == identity.TokenIdentifier;
}

/// <summary>
/// <c>ctx.Storage</c> in a mutation: also generates upload URLs and deletes files, in the mutation's transaction.
/// A deleted file's blob is removed after the commit (never if the mutation rolls back).
/// </summary>
public sealed class StorageWriter : StorageReader
{
    private readonly PoktapokDbContext _db;
    private readonly Identity? _caller;
    private readonly DateTimeOffset _now;
    private readonly List<string> _deletedBlobs = [];

    internal StorageWriter(PoktapokDbContext db, StorageOptions? options, Identity? caller, DateTimeOffset now)
        : base(db, options)
    {
        _db = db;
        _caller = caller;
        _now = now;
    }

    /// <summary>The blobs to delete once this mutation commits.</summary>
    internal IReadOnlyCollection<string> DeletedBlobs => _deletedBlobs;

    /// <summary>
    /// A URL the client POSTs one file to (raw bytes), answered with <c>{"storageId": …}</c>. Good once, for
    /// <see cref="StorageOptions.UploadUrlLifetime"/> (an hour), and only if this mutation commits. The file
    /// remembers the caller (see <see cref="StorageReader.UploadedBy"/>).
    /// </summary>
    public string GenerateUploadUrl()
    {
        var (token, grant) = UploadTokens.Create(_caller?.TokenIdentifier, _now, Options.UploadUrlLifetime);
        _db.Set<UploadGrant>().Add(grant);
        return new Uri(Options.Origin, $"api/storage/upload?token={token}").ToString();
    }

    /// <summary>Deletes the file (its row now, its bytes after the commit); false when there is no such file.</summary>
    public async Task<bool> DeleteAsync(Guid storageId, CancellationToken ct = default)
    {
        var file = await _db.Set<StoredFile>().AsTracking().FirstOrDefaultAsync(f => f.Id == storageId, ct);
        if (file is null)
        {
            return false;
        }

        _db.Set<StoredFile>().Remove(file);
        _db.Set<BlobDeletion>().Add(new BlobDeletion { BlobKey = file.BlobKey, DueAt = _now });
        _deletedBlobs.Add(file.BlobKey);
        return true;
    }
}
