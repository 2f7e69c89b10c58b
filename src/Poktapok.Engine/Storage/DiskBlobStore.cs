namespace Poktapok.Engine.Storage;

/// <summary>
/// Blobs as files under one directory (the default: <c>.poktapok/files</c>), fanned out by the key's first two
/// characters. A blob is written to a temporary name and moved into place, so a reader never sees half a file.
/// </summary>
public sealed class DiskBlobStore : IBlobStore
{
    private readonly string _root;

    public DiskBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public string Name => "disk";

    public async Task PutAsync(string key, Stream content, long length, string contentType, CancellationToken ct)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".partial-" + Guid.NewGuid().ToString("N");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, ct);
                await file.FlushAsync(ct);
            }

            File.Move(temporary, path, overwrite: false);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task<Stream?> OpenReadAsync(string key, long length, CancellationToken ct)
    {
        try
        {
            return Task.FromResult<Stream?>(new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920,
                useAsync: true));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    // Keys are the storage's own (hex), but a path is never built from anything else.
    private string PathOf(string key)
    {
        if (key.Length < 3 || !key.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"'{key}' is not a blob key.", nameof(key));
        }

        return Path.Combine(_root, key[..2], key);
    }
}
