using System.Text.Json;

namespace Poktapok.Protocol.Sync;

/// <summary><c>Authenticate</c>: set or clear the socket's identity (PROTOCOL.md §2.1, §6).</summary>
/// <param name="TokenType">Which of the three shapes this is.</param>
/// <param name="Value">The JWT (<see cref="AuthTokenType.User"/>) or admin key (<see cref="AuthTokenType.Admin"/>); null for <see cref="AuthTokenType.None"/>.</param>
/// <param name="BaseVersion">The number of Authenticate messages already received on this socket (0 for the first).</param>
/// <param name="Impersonating">
/// Admin only: the user attributes to act as (<c>{subject, issuer, name, …}</c>), kept as raw JSON because it is a
/// plain JSON object, not a Convex value. Read from <c>impersonating</c> or its alias <c>acting_as</c>; null when absent.
/// </param>
public sealed record Authenticate(
    AuthTokenType TokenType,
    string? Value,
    int BaseVersion,
    JsonElement? Impersonating = null) : ClientMessage
{
    /// <inheritdoc />
    public override string Type => "Authenticate";
}
