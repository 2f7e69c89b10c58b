namespace Poktapok.Bench;

/// <summary>Subscribers of one counter, in this process (<see cref="SubscriberGroup"/>) or a child (<see cref="SubscriberProcess"/>).</summary>
internal interface ISubscribers : IAsyncDisposable
{
    /// <summary>Waits until every subscriber has <paramref name="value"/> (values must be asked for in order).</summary>
    Task<Arrival> ArrivalAsync(int value, TimeSpan timeout);

    /// <summary>
    /// When each subscriber saw a value (Stopwatch timestamps), the <c>serverTs</c> of the Transition that carried
    /// it, and the subscribers' process CPU time (ms) when the first and the last of them had it.
    /// </summary>
    sealed record Arrival(int Value, long ServerTs, double CpuMsAtFirst, double CpuMsAtLast, long[] SeenAt);
}
