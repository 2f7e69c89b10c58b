namespace Poktapok.Protocol.Values;

/// <summary>
/// How <see cref="ConvexJson"/> writes a value (PROTOCOL.md §5.2). <see cref="ConvexJsonFormatNames"/> maps the
/// HTTP <c>format</c> names to these members.
/// </summary>
public enum ConvexJsonFormat
{
    /// <summary>
    /// <c>convex_encoded_json</c> (alias <c>convex_json</c>): lossless, with <c>$integer</c>, <c>$float</c> and
    /// <c>$bytes</c> objects. Used everywhere on the WebSocket and asked for by <c>ConvexHttpClient</c>.
    /// </summary>
    ConvexEncoded,

    /// <summary>
    /// <c>json</c> (alias <c>convex_clean_json</c>): lossy and human-friendly. An int64 is a decimal string, bytes
    /// are a base64 string, NaN and the infinities are the strings <c>"NaN"</c>, <c>"Infinity"</c> and
    /// <c>"-Infinity"</c>, and -0 is <c>0</c>.
    /// </summary>
    Json,
}
