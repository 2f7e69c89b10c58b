using Poktapok.Protocol.Values;

namespace Poktapok.Protocol.Sync;

/// <summary><c>ModifyQuerySet</c>: subscribes and unsubscribes queries (PROTOCOL.md §2.1).</summary>
/// <param name="BaseVersion">The query-set version this change applies to; must equal the last <paramref name="NewVersion"/> seen on the socket (0 at first).</param>
/// <param name="NewVersion">The version after the change; always <paramref name="BaseVersion"/> + 1 from the official client.</param>
/// <param name="Modifications">The changes, applied in order.</param>
public sealed record ModifyQuerySet(
    int BaseVersion,
    int NewVersion,
    IReadOnlyList<ModifyQuerySet.Modification> Modifications) : ClientMessage
{
    /// <inheritdoc />
    public override string Type => "ModifyQuerySet";

    /// <summary>One entry of <c>modifications</c>: <see cref="Add"/> or <see cref="Remove"/>.</summary>
    /// <param name="QueryId">The client's id for the subscription; never reused, kept across reconnects.</param>
    public abstract record Modification(int QueryId)
    {
        /// <summary>The wire <c>type</c> discriminator.</summary>
        public abstract string Type { get; }
    }

    /// <summary><c>Add</c>: subscribe to a query.</summary>
    /// <param name="QueryId">The new subscription's id.</param>
    /// <param name="UdfPath">The function path, already canonical here (<c>module:function</c>, §4.3).</param>
    /// <param name="Args">The positional arguments; the official client sends exactly one, the args object (§4.2).</param>
    /// <param name="Journal">The last journal received for this query (§2.4); null for a fresh subscription, whether omitted or sent as null.</param>
    /// <param name="ComponentPath">Internal, used by the dashboard; null when omitted.</param>
    public sealed record Add(
        int QueryId,
        string UdfPath,
        IReadOnlyList<ConvexValue> Args,
        string? Journal = null,
        string? ComponentPath = null) : Modification(QueryId)
    {
        /// <inheritdoc />
        public override string Type => "Add";
    }

    /// <summary><c>Remove</c>: unsubscribe a query.</summary>
    /// <param name="QueryId">The subscription to drop.</param>
    public sealed record Remove(int QueryId) : Modification(QueryId)
    {
        /// <inheritdoc />
        public override string Type => "Remove";
    }
}
