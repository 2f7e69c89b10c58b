namespace Poktapok.Protocol.Sync;

/// <summary><c>AuthError</c> (PROTOCOL.md §2.2, §6); the real backend closes the socket after it.</summary>
/// <param name="Error">The message.</param>
/// <param name="BaseVersion">The server's current confirmed identity version (the last <c>endVersion.identity</c> sent).</param>
/// <param name="AuthUpdateAttempted">
/// True: the token in the latest Authenticate was rejected. False: a previously accepted token stopped being valid.
/// </param>
public sealed record AuthError(string Error, int BaseVersion, bool AuthUpdateAttempted) : ServerMessage
{
    /// <inheritdoc />
    public override string Type => "AuthError";
}
