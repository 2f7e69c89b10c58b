namespace Poktapok.Protocol.Sync;

/// <summary>
/// <c>FatalError</c> (PROTOCOL.md §2.2, §1.6): permanently disconnects the client and can crash a Node process, so
/// prefer closing the socket with 1011 for anything recoverable (pitfall P6).
/// </summary>
/// <param name="Error">The message.</param>
public sealed record FatalError(string Error) : ServerMessage
{
    /// <inheritdoc />
    public override string Type => "FatalError";
}
