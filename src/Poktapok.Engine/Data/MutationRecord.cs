namespace Poktapok.Engine.Data;

/// <summary>
/// The result of a mutation a sync client sent (<c>_poktapok_mutations</c>), keyed by the client's session id
/// and request id. It is written in the mutation's own transaction, so a mutation the client re-sends after a
/// reconnect (to this node or another) is answered from here instead of running twice. Rows older than
/// <see cref="Retention"/> are deleted; clients re-send only mutations of the last few seconds.
/// </summary>
public sealed class MutationRecord
{
    public const string TableName = "_poktapok_mutations";

    /// <summary>How long a result is kept for re-sent requests.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    public required string SessionId { get; set; }

    public int RequestId { get; set; }

    /// <summary>The return value in the Convex encoded JSON form.</summary>
    public required string Result { get; set; }

    /// <summary>The log lines of the run, as a JSON array of strings.</summary>
    public required string LogLines { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
