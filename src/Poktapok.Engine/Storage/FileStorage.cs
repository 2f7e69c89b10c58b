using System.Buffers;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Poktapok.Engine.Data;

namespace Poktapok.Engine.Storage;

/// <summary>
/// File storage (Convex's upload-URL flow): takes an upload made with a URL from
/// <c>ctx.Storage.GenerateUploadUrl()</c>, checks it (size, type sniffed from the bytes, digest), writes the bytes to
/// the blob store and records the file in <c>_storage</c>; opens files to serve; deletes blobs after the
/// transaction that deleted their file commits; and sweeps up what a crash left (<see cref="SweepAsync"/>).
/// Whatever fails, an upload leaves no file row, no blob and an unused URL behind.
/// </summary>
public sealed class FileStorage<TDb>(StorageOptions options, IBlobStore blobs, TransactionRunner<TDb> transactions, ILogger logger)
    where TDb : PoktapokDbContext
{
    // Uploads up to this size are buffered in memory; larger limits buffer to a temporary file.
    private const long MemoryBufferLimit = 16 * 1024 * 1024;

    public StorageOptions Options => options;

    public IBlobStore Blobs => blobs;

    /// <summary>
    /// Stores the file an upload sends: checks the URL's token first (400 before a byte is read), then reads at
    /// most <see cref="StorageOptions.MaxUploadBytes"/> (413 beyond, 413 at once when the declared length is over),
    /// sniffs the type (415 unless allowed), checks an optional <c>Digest: sha-256=…</c> header (400), writes the
    /// blob and commits the file row while marking the URL used — refused (400) if another upload used it first.
    /// </summary>
    public async Task<StoredFile> UploadAsync(string? token, Stream body, long? declaredLength, string? digest, CancellationToken ct)
    {
        var (grantId, secretHash) = UploadTokens.Parse(token);
        var (grant, _) = await transactions.ReadAsync(
            (db, now) => FindUsableGrantAsync(db, grantId, secretHash, now, ct), ct);
        if (declaredLength > options.MaxUploadBytes)
        {
            throw TooLarge();
        }

        await using var buffer = options.MaxUploadBytes <= MemoryBufferLimit
            ? (Stream)new MemoryStream()
            : new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var sha256 = await CopyLimitedAsync(body, buffer, ct);
        if (digest is not null && !DigestMatches(digest, sha256))
        {
            throw new UploadException(400, UploadErrors.DigestMismatch, "The Digest header does not match the uploaded bytes.");
        }

        buffer.Position = 0;
        var header = new byte[ContentSniffer.HeaderLength];
        var headerLength = await buffer.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct);
        var contentType = ContentSniffer.Sniff(header.AsSpan(0, headerLength));
        if (!options.AllowedContentTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase))
        {
            throw new UploadException(415, UploadErrors.UnsupportedFileType,
                $"Files of type {contentType} are not accepted; allowed: {string.Join(", ", options.AllowedContentTypes)}.");
        }

        var file = new StoredFile
        {
            Id = Guid.CreateVersion7(),
            Size = buffer.Length,
            ContentType = contentType,
            Sha256 = Convert.ToBase64String(sha256),
            UploadedBy = grant.Subject,
        };

        // The blob is announced for deletion before it is written, and the announcement is withdrawn in the
        // transaction that records the file: a crash in between leaves a blob the janitor removes.
        await transactions.WriteAsync(async (db, now) =>
        {
            db.Set<BlobDeletion>().Add(new BlobDeletion { BlobKey = file.BlobKey, DueAt = now + options.AbandonedUploadAfter });
            await Task.CompletedTask;
            return 0;
        }, ct);
        try
        {
            buffer.Position = 0;
            await blobs.PutAsync(file.BlobKey, buffer, file.Size, contentType, ct);
            await transactions.WriteAsync(async (db, now) =>
            {
                var used = await FindUsableGrantAsync(db, grantId, secretHash, now, ct, tracking: true);
                used.UsedAt = now;
                used.StorageId = file.Id;
                file.CreatedAt = now;
                db.Set<StoredFile>().Add(file);
                db.Set<BlobDeletion>().Remove(await db.Set<BlobDeletion>().AsTracking().SingleAsync(d => d.BlobKey == file.BlobKey, ct));
                return 0;
            }, ct);
        }
        catch
        {
            await DeleteBlobsAsync([file.BlobKey], CancellationToken.None);
            throw;
        }

        return file;
    }

    /// <summary>The file and a seekable stream of its bytes, or null when there is no such file.</summary>
    public async Task<(StoredFile File, Stream Content)?> OpenAsync(Guid id, CancellationToken ct)
    {
        var (file, _) = await transactions.ReadAsync((db, _) => db.Set<StoredFile>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct), ct);
        if (file is null)
        {
            return null;
        }

        var content = await blobs.OpenReadAsync(file.BlobKey, file.Size, ct);
        if (content is null)
        {
            logger.LogError("Stored file {StorageId} has no blob in the {Store} store", id, blobs.Name);
            return null;
        }

        return (file, content);
    }

    /// <summary>
    /// Deletes blobs whose files are gone (after the deleting transaction committed) and withdraws their deletion
    /// records. Never throws: a blob that cannot be deleted now is left to <see cref="SweepAsync"/>.
    /// </summary>
    public async Task DeleteBlobsAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        if (keys.Count == 0)
        {
            return;
        }

        try
        {
            foreach (var key in keys)
            {
                await blobs.DeleteAsync(key, ct);
            }

            await transactions.WriteAsync(async (db, _) =>
                await db.Set<BlobDeletion>().Where(d => keys.Contains(d.BlobKey)).ExecuteDeleteAsync(ct), ct);
        }
#pragma warning disable CA1031 // The file rows are gone already; a blob left behind is swept later, never an error for the caller.
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
#pragma warning restore CA1031
        {
            logger.LogWarning(e, "Could not delete {Count} blob(s) from the {Store} store now; the storage janitor will retry", keys.Count,
                blobs.Name);
        }
    }

    /// <summary>
    /// The janitor's round: deletes blobs whose deletion is due (a deleted file's blob a crash kept, or an upload
    /// abandoned half-way) and forgets upload URLs that expired more than a day ago. Returns how many blobs it deleted.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken ct, int batchSize = 200)
    {
        var (due, _) = await transactions.ReadAsync((db, now) => db.Set<BlobDeletion>().AsNoTracking()
            .Where(d => d.DueAt <= now)
            .OrderBy(d => d.DueAt)
            .Select(d => d.BlobKey)
            .Take(batchSize)
            .ToListAsync(ct), ct);
        foreach (var key in due)
        {
            await blobs.DeleteAsync(key, ct);
        }

        await transactions.WriteAsync(async (db, now) =>
        {
            if (due.Count > 0)
            {
                // A key whose file row exists again cannot happen (keys are never reused); deleting the record is enough.
                await db.Set<BlobDeletion>().Where(d => due.Contains(d.BlobKey)).ExecuteDeleteAsync(ct);
            }

            var forgetBefore = now - TimeSpan.FromDays(1);
            return await db.Set<UploadGrant>().Where(g => g.ExpiresAt < forgetBefore).ExecuteDeleteAsync(ct);
        }, ct);
        return due.Count;
    }

    private static async Task<UploadGrant> FindUsableGrantAsync(TDb db, Guid grantId, string secretHash, DateTimeOffset now,
        CancellationToken ct, bool tracking = false)
    {
        var grants = db.Set<UploadGrant>();
        var grant = await (tracking ? grants.AsTracking() : grants.AsNoTracking()).FirstOrDefaultAsync(g => g.Id == grantId, ct);
        if (grant is null || !CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(grant.SecretHash), System.Text.Encoding.ASCII.GetBytes(secretHash)))
        {
            throw new UploadException(400, UploadErrors.InvalidUploadUrl, "This upload URL is not valid.");
        }

        if (grant.UsedAt is not null)
        {
            throw new UploadException(400, UploadErrors.UploadUrlUsed, "This upload URL was used already; generate a new one for each file.");
        }

        if (grant.ExpiresAt <= now)
        {
            throw new UploadException(400, UploadErrors.UploadUrlExpired, "This upload URL has expired; generate a new one.");
        }

        return grant;
    }

    // Copies the body into the buffer, hashing it, and stops as soon as it is over the limit.
    private async Task<byte[]> CopyLimitedAsync(Stream body, Stream buffer, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(chunk, ct)) > 0)
            {
                total += read;
                if (total > options.MaxUploadBytes)
                {
                    throw TooLarge();
                }

                hash.AppendData(chunk, 0, read);
                await buffer.WriteAsync(chunk.AsMemory(0, read), ct);
            }

            return hash.GetHashAndReset();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private UploadException TooLarge() =>
        new(413, UploadErrors.FileTooLarge, $"Files may be at most {options.MaxUploadBytes} bytes.");

    // "sha-256=<base64>" (RFC 3230), possibly among other algorithms separated by commas.
    private static bool DigestMatches(string header, byte[] sha256)
    {
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && part[..equals].Equals("sha-256", StringComparison.OrdinalIgnoreCase))
            {
                return part[(equals + 1)..] == Convert.ToBase64String(sha256);
            }
        }

        return true; // no sha-256 digest given: nothing to check
    }
}

/// <summary>Upload URL tokens: <c>&lt;grant id&gt;.&lt;secret&gt;</c>; the grant row keeps the secret's SHA-256.</summary>
internal static class UploadTokens
{
    public static (string Token, UploadGrant Grant) Create(string? subject, DateTimeOffset now, TimeSpan lifetime)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var grant = new UploadGrant
        {
            Id = Guid.CreateVersion7(),
            SecretHash = Hash(secret),
            Subject = subject,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };
        return ($"{grant.Id:N}.{secret}", grant);
    }

    public static (Guid GrantId, string SecretHash) Parse(string? token)
    {
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot != 32 || !Guid.TryParseExact(token![..dot], "N", out var id) || token.Length - dot - 1 is < 40 or > 64)
        {
            throw new UploadException(400, UploadErrors.InvalidUploadUrl, "This upload URL is not valid.");
        }

        return (id, Hash(token[(dot + 1)..]));
    }

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
