namespace Poktapok.Engine.Storage;

/// <summary>The rules of file storage (configuration section <c>Storage</c>; see the README).</summary>
public sealed class StorageOptions
{
    /// <summary>5 MiB: the platform's image limit (FUNCTIONS.md §6).</summary>
    public const long DefaultMaxUploadBytes = 5 * 1024 * 1024;

    /// <summary>What the platform stores: images (PNG, JPEG, WebP, GIF). SVG is refused (it can carry script).</summary>
    public static readonly IReadOnlyList<string> DefaultContentTypes = ["image/png", "image/jpeg", "image/webp", "image/gif"];

    /// <summary>
    /// The origin of the URLs handed out (upload URLs and file URLs): what browsers reach this server at, e.g.
    /// <c>https://api.frutero.club</c>. Files' URLs are stored in documents, so it should not change.
    /// </summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>Where the server listens, asked when <see cref="PublicUrl"/> is not set (a development server on 127.0.0.1).</summary>
    public Func<Uri>? ServerAddress { get; init; }

    /// <summary>The origin URLs are built on: <see cref="PublicUrl"/>, else the server's own address.</summary>
    public Uri Origin => PublicUrl ?? ServerAddress?.Invoke()
        ?? throw new InvalidOperationException("Storage:PublicUrl is not set and the server's address is not known.");

    /// <summary>The largest upload accepted (413 beyond it).</summary>
    public long MaxUploadBytes { get; init; } = DefaultMaxUploadBytes;

    /// <summary>The content types accepted, as sniffed from the bytes (415 for any other).</summary>
    public IReadOnlyList<string> AllowedContentTypes { get; init; } = DefaultContentTypes;

    /// <summary>How long an upload URL is good for (Convex: one hour).</summary>
    public TimeSpan UploadUrlLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long an upload may take before the blob it was writing is considered abandoned.</summary>
    public TimeSpan AbandonedUploadAfter { get; init; } = TimeSpan.FromHours(1);
}
