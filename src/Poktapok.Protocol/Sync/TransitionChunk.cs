namespace Poktapok.Protocol.Sync;

/// <summary>
/// <c>TransitionChunk</c>: one consecutive piece of a large Transition's JSON text (PROTOCOL.md §2.2, §3.7). Only for
/// clients ≥ 1.28.0, and no other message may be sent between the chunks of one Transition.
/// </summary>
/// <param name="Chunk">The piece of JSON text, cut at a valid UTF-8 boundary.</param>
/// <param name="PartNumber">Counts from 0.</param>
/// <param name="TotalParts">The same on every part; never 0.</param>
/// <param name="TransitionId">The same on every part; the real backend uses the decimal length of the whole JSON.</param>
public sealed record TransitionChunk(string Chunk, int PartNumber, int TotalParts, string TransitionId) : ServerMessage
{
    /// <inheritdoc />
    public override string Type => "TransitionChunk";
}
