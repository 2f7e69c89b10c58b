namespace Poktapok.Protocol.Sync;

/// <summary>
/// A message the client sends on the sync WebSocket (PROTOCOL.md §2.1). <see cref="SyncJson.ParseClient(string)"/>
/// reads one from a text frame.
/// </summary>
public abstract record ClientMessage
{
    /// <summary>The wire <c>type</c> discriminator, such as <c>"Connect"</c>.</summary>
    public abstract string Type { get; }
}
