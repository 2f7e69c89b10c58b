using Poktapok.Protocol.Values;

namespace Poktapok.Protocol.Sync;

/// <summary><c>Mutation</c>: run a mutation (PROTOCOL.md §2.1); answered by a <see cref="MutationResponse"/>.</summary>
/// <param name="RequestId">From a counter shared with actions; re-sent unchanged after a reconnect, so it is the idempotency key with the session id.</param>
/// <param name="UdfPath">The function path as the client wrote it; <b>not</b> canonicalised (a default export arrives as <c>"foo"</c>).</param>
/// <param name="Args">The positional arguments; the official client sends exactly one, the args object (§4.2).</param>
/// <param name="ComponentPath">Internal; null when omitted.</param>
public sealed record Mutation(
    int RequestId,
    string UdfPath,
    IReadOnlyList<ConvexValue> Args,
    string? ComponentPath = null) : ClientMessage
{
    /// <inheritdoc />
    public override string Type => "Mutation";
}
