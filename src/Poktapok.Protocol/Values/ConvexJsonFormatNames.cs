namespace Poktapok.Protocol.Values;

/// <summary>The wire names of <see cref="ConvexJsonFormat"/>: the HTTP API's <c>format</c> field (PROTOCOL.md §5.2).</summary>
public static class ConvexJsonFormatNames
{
    /// <summary>
    /// The format used when a request names none and no older client asks otherwise: <see cref="ConvexJsonFormat.Json"/>,
    /// as the backend does for a missing <c>Convex-Client</c> header and always for <c>/api/run</c>. Callers that
    /// honour the header pass their own default to <see cref="TryParse(string?, ConvexJsonFormat, out ConvexJsonFormat)"/>.
    /// </summary>
    public static ConvexJsonFormat Default => ConvexJsonFormat.Json;

    /// <summary>The canonical wire name: <c>convex_encoded_json</c> or <c>json</c>.</summary>
    /// <param name="format">The format.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not a defined member.</exception>
    public static string NameOf(ConvexJsonFormat format) => format switch
    {
        ConvexJsonFormat.ConvexEncoded => "convex_encoded_json",
        ConvexJsonFormat.Json => "json",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a ConvexJsonFormat member."),
    };

    /// <summary>
    /// Reads a <c>format</c> name, with <see cref="Default"/> standing in for a missing one.
    /// </summary>
    /// <param name="name">The name as sent (exact, case-sensitive), or null when the request has none.</param>
    /// <param name="format">The format named, or <see cref="Default"/> when <paramref name="name"/> is null.</param>
    /// <returns>False when the name is not one of the four accepted names (the backend answers 400 <c>BadFormat</c>).</returns>
    public static bool TryParse(string? name, out ConvexJsonFormat format) => TryParse(name, Default, out format);

    /// <summary>Reads a <c>format</c> name, with <paramref name="defaultFormat"/> standing in for a missing one.</summary>
    /// <param name="name">The name as sent (exact, case-sensitive), or null when the request has none.</param>
    /// <param name="defaultFormat">The format a missing name means for this request.</param>
    /// <param name="format">The format named, or <paramref name="defaultFormat"/> when <paramref name="name"/> is null.</param>
    /// <returns>False when the name is not one of the four accepted names.</returns>
    public static bool TryParse(string? name, ConvexJsonFormat defaultFormat, out ConvexJsonFormat format)
    {
        switch (name)
        {
            case null:
                format = defaultFormat;
                return true;
            case "convex_encoded_json" or "convex_json":
                format = ConvexJsonFormat.ConvexEncoded;
                return true;
            case "json" or "convex_clean_json":
                format = ConvexJsonFormat.Json;
                return true;
            default:
                format = defaultFormat;
                return false;
        }
    }
}
