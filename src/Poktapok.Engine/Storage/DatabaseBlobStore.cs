using Microsoft.EntityFrameworkCore;
using Poktapok.Engine.Data;

namespace Poktapok.Engine.Storage;

/// <summary>
/// Blobs as rows of <c>_poktapok_blobs</c> in the app's own database: every node sees every file without object
/// storage. Meant for small files (the app's limit is 5 MiB): a blob is read whole into memory to be served.
/// </summary>
public sealed class DatabaseBlobStore<TDb>(TransactionRunner<TDb> transactions) : IBlobStore where TDb : PoktapokDbContext
{
    public string Name => "database";

    public async Task PutAsync(string key, Stream content, long length, string contentType, CancellationToken ct)
    {
        var bytes = new byte[length];
        await content.ReadExactlyAsync(bytes, ct);
        await transactions.WriteAsync(async (db, _) =>
        {
            db.Set<StoredBlob>().Add(new StoredBlob { Key = key, Content = bytes });
            await Task.CompletedTask;
            return 0;
        }, ct);
    }

    public async Task<Stream?> OpenReadAsync(string key, long length, CancellationToken ct)
    {
        var (bytes, _) = await transactions.ReadAsync((db, _) =>
            db.Set<StoredBlob>().Where(b => b.Key == key).Select(b => b.Content).FirstOrDefaultAsync(ct), ct);
        return bytes is null ? null : new MemoryStream(bytes, writable: false);
    }

    public async Task DeleteAsync(string key, CancellationToken ct) =>
        await transactions.WriteAsync(async (db, _) => await db.Set<StoredBlob>().Where(b => b.Key == key).ExecuteDeleteAsync(ct), ct);
}
