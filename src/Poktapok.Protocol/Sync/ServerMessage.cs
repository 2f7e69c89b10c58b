namespace Poktapok.Protocol.Sync;

/// <summary>
/// A message the server sends on the sync WebSocket (PROTOCOL.md §2.2). <see cref="SyncJson.Write(System.Text.Json.Utf8JsonWriter, ServerMessage)"/> writes one as a
/// text frame.
/// </summary>
public abstract record ServerMessage
{
    /// <summary>The wire <c>type</c> discriminator, such as <c>"Transition"</c>.</summary>
    public abstract string Type { get; }
}
