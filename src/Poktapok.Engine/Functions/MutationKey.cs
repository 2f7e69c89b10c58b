namespace Poktapok.Engine.Functions;

/// <summary>
/// What makes a sync client's mutation unique: its session (constant across reconnects) and request id. A
/// client re-sends unanswered mutations after a reconnect with the same key (PROTOCOL.md §2.3).
/// </summary>
public readonly record struct MutationKey(string SessionId, int RequestId);
