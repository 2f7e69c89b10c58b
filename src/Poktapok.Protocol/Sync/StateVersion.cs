namespace Poktapok.Protocol.Sync;

/// <summary>
/// A client's view of the sync state, the <c>startVersion</c>/<c>endVersion</c> of a <see cref="Transition"/>
/// (PROTOCOL.md §2.2). Each Transition's start must equal the previous end on the same socket, all three parts.
/// </summary>
/// <param name="QuerySet">The <c>newVersion</c> of the latest ModifyQuerySet incorporated.</param>
/// <param name="Identity">The number of Authenticate messages incorporated.</param>
/// <param name="Ts">The database timestamp the results were computed at; written as u64-b64.</param>
public sealed record StateVersion(int QuerySet, int Identity, ulong Ts)
{
    /// <summary>The version every new socket starts at: <c>{querySet:0, identity:0, ts:"AAAAAAAAAAA="}</c>.</summary>
    public static StateVersion Initial { get; } = new(0, 0, 0);
}
