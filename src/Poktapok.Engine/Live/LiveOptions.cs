namespace Poktapok.Engine.Live;

/// <summary>Limits and intervals of live queries and sync connections (configuration section <c>Sync</c>).</summary>
public sealed class LiveOptions
{
    /// <summary>An application <c>Ping</c> is sent after this long without any message (the client gives up after 60 s).</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Subscriptions one connection may hold; further ones fail with <c>TooManyQueries</c>.</summary>
    public int MaxQueriesPerConnection { get; set; } = 1000;

    /// <summary>Messages waiting to be sent to one client before it is disconnected as too slow.</summary>
    public int MaxOutboundMessages { get; set; } = 1000;

    /// <summary>Characters waiting to be sent to one client before it is disconnected as too slow.</summary>
    public long MaxOutboundChars { get; set; } = 64L * 1024 * 1024;

    /// <summary>The largest message a client may send (bytes); a larger one closes the connection.</summary>
    public int MaxMessageBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>A Transition longer than this (characters of JSON) is sent as TransitionChunks to clients that support them.</summary>
    public int TransitionChunkChars { get; set; } = 5_000_000;

    /// <summary>How often the newest commit is checked even without a notification (a backstop for lost notifications).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Results kept for queries nobody subscribes to any more, for a quick re-subscription.</summary>
    public int MaxIdleResults { get; set; } = 10_000;

    /// <summary>Mutations one connection may have queued; more fail with <c>TooManyConcurrentMutations</c>.</summary>
    public int MaxQueuedMutations { get; set; } = 1000;
}
