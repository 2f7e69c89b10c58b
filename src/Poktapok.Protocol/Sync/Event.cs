using System.Text.Json;

namespace Poktapok.Protocol.Sync;

/// <summary><c>Event</c>: client telemetry (PROTOCOL.md §2.1); a server may ignore it.</summary>
/// <param name="EventType">Such as <c>ClientConnect</c> or <c>NetworkRecoveryReconnect</c>.</param>
/// <param name="Payload">
/// The wire's <c>event</c>, kept as raw JSON because it is arbitrary and not Convex-encoded; null when the field is
/// missing (a JSON <c>null</c> is kept as a null-kind element).
/// </param>
public sealed record Event(string EventType, JsonElement? Payload) : ClientMessage
{
    /// <inheritdoc />
    public override string Type => "Event";
}
