namespace Poktapok.Protocol.Sync;

/// <summary>
/// <c>Connect</c>: the first frame on a socket (PROTOCOL.md §2.1), except when the client waits for a token first
/// (§3.6), so a server must treat it as optional.
/// </summary>
/// <param name="SessionId">Random UUID per client object, constant across reconnects; the key for mutation idempotency.</param>
/// <param name="ConnectionCount">Previous successful opens; 0 on the first.</param>
/// <param name="LastCloseReason">Why the previous socket closed (§1.5), or null.</param>
/// <param name="MaxObservedTimestamp">Highest <c>ts</c> the client has seen; null when it has seen none (the field is omitted).</param>
/// <param name="ClientTs">The client's clock in ms since the epoch when it sent this; null for clients before 1.27.1.</param>
public sealed record Connect(
    string SessionId,
    int ConnectionCount,
    string? LastCloseReason,
    ulong? MaxObservedTimestamp = null,
    long? ClientTs = null) : ClientMessage
{
    /// <inheritdoc />
    public override string Type => "Connect";
}
