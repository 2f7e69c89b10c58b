using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Poktapok.Protocol.Values;

/// <summary>
/// Converts <see cref="ConvexValue"/>s to and from JSON by the rules of the official client's
/// <c>convexToJson</c>/<c>jsonToConvex</c> (PROTOCOL.md §4.1, §5.2). Anything the client would throw on is refused
/// with a <see cref="ConvexValueException"/> naming where it is, whether it arrives or is about to be sent.
/// </summary>
public static partial class ConvexJson
{
    // Relaxed escaping keeps base64's '+' and non-ASCII text readable on the wire. The output is served as
    // application/json, never inlined into HTML, so the HTML-sensitive characters need no escaping.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="value"/> to <paramref name="writer"/> as one JSON value.</summary>
    /// <param name="writer">The destination; its encoder decides how strings are escaped.</param>
    /// <param name="value">The value.</param>
    /// <param name="format">The encoding: lossless <see cref="ConvexJsonFormat.ConvexEncoded"/> or clean <see cref="ConvexJsonFormat.Json"/>.</param>
    /// <exception cref="ConvexValueException">
    /// An object key breaks the client's field-name rules (starts with <c>$</c>, is over 1024 characters, or holds
    /// anything but ASCII 32–126), or a string holds a lone surrogate. Part of the value may already be written.
    /// </exception>
    public static void Write(Utf8JsonWriter writer, ConvexValue value, ConvexJsonFormat format)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        CheckFormat(format);
        WriteValue(writer, value, format, display: false, new ValuePath(""));
    }

    /// <summary>Returns <paramref name="value"/> as JSON text.</summary>
    /// <param name="value">The value.</param>
    /// <param name="format">The encoding.</param>
    /// <returns>Compact JSON; <c>+</c>, <c>/</c> and non-ASCII characters are not escaped.</returns>
    /// <exception cref="ConvexValueException">As for <see cref="Write"/>.</exception>
    public static string Serialize(ConvexValue value, ConvexJsonFormat format)
    {
        ArgumentNullException.ThrowIfNull(value);
        CheckFormat(format);
        return SerializeCore(value, format, display: false);
    }

    /// <summary>
    /// Decodes a JSON element with the encoded rules. These apply whatever format a response is asked in, because
    /// that is how the backend reads arguments (PROTOCOL.md §5.2).
    /// </summary>
    /// <param name="element">The JSON.</param>
    /// <returns>The value. A JSON number is always a <see cref="ConvexFloat64"/>; only <c>$integer</c> gives a <see cref="ConvexInt64"/>.</returns>
    /// <exception cref="ConvexValueException">The JSON breaks a rule of §4.1; the message says where.</exception>
    public static ConvexValue Read(JsonElement element) => Read(element, "");

    /// <summary>Decodes a JSON element that sits at <paramref name="path"/> in a larger document.</summary>
    /// <param name="element">The JSON.</param>
    /// <param name="path">Where the element is, like <c>.args</c>; error locations start with it.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ConvexValueException">The JSON breaks a rule of §4.1; the message says where.</exception>
    public static ConvexValue Read(JsonElement element, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ReadValue(element, new ValuePath(path));
    }

    /// <summary>Parses JSON text and decodes it with the encoded rules.</summary>
    /// <param name="json">One JSON value.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ConvexValueException">The text is not JSON, or it breaks a rule of §4.1.</exception>
    public static ConvexValue Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw NotJson(e);
        }
    }

    /// <summary>Parses UTF-8 JSON and decodes it with the encoded rules.</summary>
    /// <param name="utf8Json">One JSON value in UTF-8, optionally after a byte-order mark.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ConvexValueException">The bytes are not JSON, or they break a rule of §4.1.</exception>
    public static ConvexValue Parse(ReadOnlySpan<byte> utf8Json)
    {
        // A request body may start with a UTF-8 byte-order mark, which Utf8JsonReader would refuse as a bad token.
        if (utf8Json.StartsWith(Encoding.UTF8.Preamble))
            utf8Json = utf8Json[Encoding.UTF8.Preamble.Length..];
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            using var document = JsonDocument.ParseValue(ref reader);
            // ParseValue stops after the first value; reading on throws if anything but whitespace follows it.
            reader.Read();
            return Read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw NotJson(e);
        }
    }

    /// <summary>Encoded JSON for <see cref="ConvexValue.ToString"/>: never throws, so nothing is validated.</summary>
    internal static string SerializeForDisplay(ConvexValue value) =>
        SerializeCore(value, ConvexJsonFormat.ConvexEncoded, display: true);

    private static string SerializeCore(ConvexValue value, ConvexJsonFormat format, bool display)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
            WriteValue(writer, value, format, display, new ValuePath(""));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void CheckFormat(ConvexJsonFormat format)
    {
        if (format is not (ConvexJsonFormat.ConvexEncoded or ConvexJsonFormat.Json))
            throw new ArgumentOutOfRangeException(nameof(format), format, "Not a ConvexJsonFormat member.");
    }

    private static ConvexValueException NotJson(JsonException e) => new("", $"not valid JSON: {e.Message}", e);
}
