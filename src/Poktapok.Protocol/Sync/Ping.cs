namespace Poktapok.Protocol.Sync;

/// <summary>
/// <c>{"type":"Ping"}</c> (PROTOCOL.md §2.2): resets the client's inactivity timer. WebSocket ping frames do not, so a
/// server must send this when idle (pitfall P4).
/// </summary>
public sealed record Ping : ServerMessage
{
    private Ping()
    {
    }

    /// <summary>The only instance; the message has no fields.</summary>
    public static Ping Instance { get; } = new();

    /// <inheritdoc />
    public override string Type => "Ping";
}
