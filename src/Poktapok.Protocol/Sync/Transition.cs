using Poktapok.Protocol.Values;

namespace Poktapok.Protocol.Sync;

/// <summary><c>Transition</c>: moves the client from one <see cref="StateVersion"/> to the next (PROTOCOL.md §2.2).</summary>
/// <param name="StartVersion">Must equal the previous <paramref name="EndVersion"/> sent on this socket, or the client wedges.</param>
/// <param name="EndVersion">The version after applying <paramref name="Modifications"/>.</param>
/// <param name="Modifications">Query results to apply in order; may be empty.</param>
/// <param name="ClientClockSkew">Echo of <c>clientTs − serverNowMs</c> from Connect, in ms; written as null when unknown.</param>
/// <param name="ServerTs">Nanoseconds since the epoch at send time, for debugging; written as null when unknown.</param>
public sealed record Transition(
    StateVersion StartVersion,
    StateVersion EndVersion,
    IReadOnlyList<Transition.Modification> Modifications,
    long? ClientClockSkew = null,
    long? ServerTs = null) : ServerMessage
{
    /// <inheritdoc />
    public override string Type => "Transition";

    /// <summary>One StateModification: <see cref="QueryUpdated"/>, <see cref="QueryFailed"/> or <see cref="QueryRemoved"/>.</summary>
    /// <param name="QueryId">The subscription it is about.</param>
    public abstract record Modification(int QueryId)
    {
        /// <summary>The wire <c>type</c> discriminator.</summary>
        public abstract string Type { get; }
    }

    /// <summary><c>QueryUpdated</c>: a new result for a subscription.</summary>
    /// <param name="QueryId">The subscription.</param>
    /// <param name="Value">The result.</param>
    /// <param name="LogLines">Log lines the client prints (§4.5).</param>
    /// <param name="Journal">The query's journal (§2.4), or null; always written, because a missing key makes the client keep its old one.</param>
    public sealed record QueryUpdated(
        int QueryId,
        ConvexValue Value,
        IReadOnlyList<string> LogLines,
        string? Journal) : Modification(QueryId)
    {
        /// <inheritdoc />
        public override string Type => "QueryUpdated";
    }

    /// <summary><c>QueryFailed</c>: the subscription's query threw.</summary>
    /// <param name="QueryId">The subscription.</param>
    /// <param name="ErrorMessage">The message apps see.</param>
    /// <param name="LogLines">Log lines the client prints.</param>
    /// <param name="Journal">The query's journal, or null.</param>
    /// <param name="ErrorData">
    /// The ConvexError data, only for application errors. C# null omits the key; <see cref="ConvexValue.Null"/>
    /// writes <c>null</c>, which the client turns into <c>ConvexError(data=null)</c> (pitfall P9).
    /// </param>
    public sealed record QueryFailed(
        int QueryId,
        string ErrorMessage,
        IReadOnlyList<string> LogLines,
        string? Journal,
        ConvexValue? ErrorData = null) : Modification(QueryId)
    {
        /// <inheritdoc />
        public override string Type => "QueryFailed";
    }

    /// <summary><c>QueryRemoved</c>: the subscription is gone.</summary>
    /// <param name="QueryId">The subscription.</param>
    public sealed record QueryRemoved(int QueryId) : Modification(QueryId)
    {
        /// <inheritdoc />
        public override string Type => "QueryRemoved";
    }
}
