namespace Poktapok.Engine.Storage;

/// <summary>
/// The content type of a file from its first bytes (its magic number), never from what the uploader declared.
/// Knows the formats the platform may be configured to accept; anything else is
/// <c>application/octet-stream</c>, which no default configuration allows. SVG and other text formats have no
/// magic number and are not recognised on purpose (an SVG can carry script).
/// </summary>
public static class ContentSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> needs to tell every known format apart.</summary>
    public const int HeaderLength = 16;

    public const string Unknown = "application/octet-stream";

    /// <summary>The content type of a file starting with <paramref name="header"/>.</summary>
    public static string Sniff(ReadOnlySpan<byte> header) => header switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => "image/gif",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        [(byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-', ..] => "application/pdf",
        _ => Unknown,
    };
}
