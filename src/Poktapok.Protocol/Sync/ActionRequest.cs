using Poktapok.Protocol.Values;

namespace Poktapok.Protocol.Sync;

/// <summary>
/// <c>Action</c>: run an action (PROTOCOL.md §2.1); answered by an <see cref="ActionResponse"/>. Named
/// <c>ActionRequest</c> in C# so that it does not clash with <see cref="System.Action"/>.
/// </summary>
/// <param name="RequestId">From a counter shared with mutations.</param>
/// <param name="UdfPath">The function path as the client wrote it; not canonicalised.</param>
/// <param name="Args">The positional arguments; the official client sends exactly one, the args object (§4.2).</param>
/// <param name="ComponentPath">Internal; null when omitted.</param>
public sealed record ActionRequest(
    int RequestId,
    string UdfPath,
    IReadOnlyList<ConvexValue> Args,
    string? ComponentPath = null) : ClientMessage
{
    /// <inheritdoc />
    public override string Type => "Action";
}
