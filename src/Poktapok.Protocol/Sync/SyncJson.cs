using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Poktapok.Protocol.Sync;

/// <summary>
/// Reads and writes sync WebSocket messages (PROTOCOL.md §2). Convex values inside them use the encoded rules of
/// <see cref="Values.ConvexJson"/>; timestamps are u64-b64 (<see cref="Values.ConvexTimestamp"/>). Parsing goes
/// through a <see cref="JsonDocument"/> because <c>type</c> is not necessarily the first property.
/// </summary>
public static partial class SyncJson
{
    // Same escaping as ConvexJson: base64 '+' and non-ASCII text stay readable; frames are never inlined into HTML.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Parses one client message from a text frame.</summary>
    /// <param name="json">The frame's text.</param>
    /// <returns>The message.</returns>
    /// <exception cref="SyncProtocolException">Not JSON, unknown <c>type</c>, or a bad field; the message names it.</exception>
    public static ClientMessage ParseClient(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = ParseDocument(json);
        return ReadClient(document.RootElement);
    }

    /// <summary>Parses one client message from a frame's UTF-8 bytes.</summary>
    /// <param name="utf8">The frame, optionally after a UTF-8 byte-order mark.</param>
    /// <returns>The message.</returns>
    /// <exception cref="SyncProtocolException">Not JSON, unknown <c>type</c>, or a bad field; the message names it.</exception>
    public static ClientMessage ParseClient(ReadOnlySpan<byte> utf8)
    {
        using var document = ParseDocument(utf8);
        return ReadClient(document.RootElement);
    }

    /// <summary>Parses one server message; the client's side, for tests and tools.</summary>
    /// <param name="json">The frame's text.</param>
    /// <returns>The message.</returns>
    /// <exception cref="SyncProtocolException">Not JSON, unknown <c>type</c>, or a bad field; the message names it.</exception>
    public static ServerMessage ParseServer(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = ParseDocument(json);
        return ReadServer(document.RootElement);
    }

    /// <summary>Writes a server message as one JSON object.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="message">The message.</param>
    /// <exception cref="Values.ConvexValueException">A value inside breaks the client's rules; part of the message may already be written.</exception>
    public static void Write(Utf8JsonWriter writer, ServerMessage message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(message);
        WriteServer(writer, message);
    }

    /// <summary>Returns a server message as the JSON text of one frame.</summary>
    /// <param name="message">The message.</param>
    /// <returns>Compact JSON with <c>type</c> first.</returns>
    /// <exception cref="Values.ConvexValueException">A value inside breaks the client's rules.</exception>
    public static string Serialize(ServerMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SerializeWith(writer => WriteServer(writer, message));
    }

    /// <summary>Writes a client message as one JSON object; the client's side, for tests and tools.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="message">The message.</param>
    /// <exception cref="Values.ConvexValueException">A value inside breaks the client's rules.</exception>
    public static void Write(Utf8JsonWriter writer, ClientMessage message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(message);
        WriteClient(writer, message);
    }

    /// <summary>
    /// Returns a client message as JSON text, as the official client would send it: optional fields that are null
    /// are omitted, as <c>JSON.stringify</c> drops <c>undefined</c>.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <returns>Compact JSON with <c>type</c> first.</returns>
    /// <exception cref="Values.ConvexValueException">A value inside breaks the client's rules.</exception>
    public static string Serialize(ClientMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SerializeWith(writer => WriteClient(writer, message));
    }

    private static string SerializeWith(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
            write(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static JsonDocument ParseDocument(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw NotJson(e);
        }
    }

    private static JsonDocument ParseDocument(ReadOnlySpan<byte> utf8)
    {
        // A frame may start with a byte-order mark, which Utf8JsonReader would refuse as a bad token.
        if (utf8.StartsWith(Encoding.UTF8.Preamble))
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        try
        {
            var reader = new Utf8JsonReader(utf8);
            var document = JsonDocument.ParseValue(ref reader);
            try
            {
                // ParseValue stops after the first value; reading on throws if anything but whitespace follows it.
                reader.Read();
            }
            catch
            {
                document.Dispose();
                throw;
            }

            return document;
        }
        catch (JsonException e)
        {
            throw NotJson(e);
        }
    }

    private static SyncProtocolException NotJson(JsonException e) => new("", $"not valid JSON: {e.Message}", e);

    /// <summary>The <c>type</c> of a message or modification object, checked to be a string.</summary>
    private static string ReadType(JsonElement element, string path)
    {
        var field = path.Length == 0 ? "type" : path + ".type";
        if (element.ValueKind != JsonValueKind.Object)
            throw new SyncProtocolException(path, $"expected a JSON object, got {Kind(element)}");
        if (!element.TryGetProperty("type", out var type))
            throw new SyncProtocolException(field, "required field is missing");
        if (type.ValueKind != JsonValueKind.String)
            throw new SyncProtocolException(field, $"expected a string, got {Kind(type)}");
        return type.GetString()!;
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
