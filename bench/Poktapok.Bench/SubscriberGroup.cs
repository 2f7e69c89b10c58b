namespace Poktapok.Bench;

/// <summary>
/// Many subscribers of one counter (<c>demo:get {name}</c>), each on its own socket. The counter starts at 0
/// and goes up by one per mutation, so a value is also the number of the mutation that produced it; the group
/// records when each subscriber first saw each value and completes a value once every subscriber has it.
/// </summary>
internal sealed class SubscriberGroup : ISubscribers
{
    private readonly SyncSocket?[] _sockets;
    private readonly long[][] _seenAt;
    private readonly int[] _arrived;
    private readonly long[] _serverTs;
    private readonly double[] _cpuMsAtFirst;
    private readonly double[] _cpuMsAtLast;
    private readonly TaskCompletionSource[] _complete;

    private SubscriberGroup(int count, int maxValue)
    {
        _sockets = new SyncSocket?[count];
        _seenAt = [.. Enumerable.Range(0, count).Select(_ => new long[maxValue + 1])];
        _arrived = new int[maxValue + 1];
        _serverTs = new long[maxValue + 1];
        _cpuMsAtFirst = new double[maxValue + 1];
        _cpuMsAtLast = new double[maxValue + 1];
        _complete = [.. Enumerable.Range(0, maxValue + 1).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
    }

    public int Count => _sockets.Length;

    /// <summary>
    /// Connects <paramref name="count"/> sockets, <paramref name="parallel"/> at a time, each subscribed to
    /// counter <paramref name="name"/>; values above <paramref name="maxValue"/> are ignored.
    /// </summary>
    public static async Task<SubscriberGroup> ConnectAsync(Uri url, string name, int count, int maxValue, int parallel = 64)
    {
        var group = new SubscriberGroup(count, maxValue);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
        {
            var socket = await SyncSocket.ConnectAsync(url, (frame, at) => group.OnFrame(i, frame, at), ct);
            group._sockets[i] = socket;
            await socket.SubscribeToCounterAsync(name);
        });
        return group;
    }

    /// <summary>Completes once every subscriber has seen <paramref name="value"/>.</summary>
    public Task WaitForAsync(int value, TimeSpan timeout) => _complete[value].Task.WaitAsync(timeout);

    public async Task<ISubscribers.Arrival> ArrivalAsync(int value, TimeSpan timeout)
    {
        await WaitForAsync(value, timeout);
        return new ISubscribers.Arrival(value, ServerTsOf(value), CpuMsAtFirst(value), CpuMsAtLast(value), ArrivalsOf(value));
    }

    /// <summary>How many subscribers have seen <paramref name="value"/> so far.</summary>
    public int Arrived(int value) => Volatile.Read(ref _arrived[value]);

    /// <summary>When each subscriber saw <paramref name="value"/> (Stopwatch timestamps, 0 for not yet).</summary>
    public long[] ArrivalsOf(int value) => [.. _seenAt.Select(seen => Volatile.Read(ref seen[value]))];

    /// <summary>The <c>serverTs</c> of the first Transition that carried <paramref name="value"/> (ns since the epoch).</summary>
    public long ServerTsOf(int value) => Volatile.Read(ref _serverTs[value]);

    /// <summary>This process's CPU time (ms) when the first subscriber saw <paramref name="value"/>.</summary>
    public double CpuMsAtFirst(int value) => Volatile.Read(ref _cpuMsAtFirst[value]);

    /// <summary>This process's CPU time (ms) when the last subscriber saw <paramref name="value"/>.</summary>
    public double CpuMsAtLast(int value) => Volatile.Read(ref _cpuMsAtLast[value]);

    private void OnFrame(int subscriber, ReadOnlySpan<byte> frame, long receivedAt)
    {
        if (!SyncFrames.TryReadUpdatedNumber(frame, out var number, out var serverTs) || number < 0 || number >= _arrived.Length)
        {
            return;
        }

        var value = (int)number;
        var seen = _seenAt[subscriber];
        if (seen[value] != 0)
        {
            return;
        }

        Volatile.Write(ref seen[value], receivedAt);
        Interlocked.CompareExchange(ref _serverTs[value], serverTs, 0);
        var arrived = Interlocked.Increment(ref _arrived[value]);
        if (arrived == 1)
        {
            Volatile.Write(ref _cpuMsAtFirst[value], Environment.CpuUsage.TotalTime.TotalMilliseconds);
        }

        if (arrived == _sockets.Length)
        {
            Volatile.Write(ref _cpuMsAtLast[value], Environment.CpuUsage.TotalTime.TotalMilliseconds);
            _complete[value].TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var socket in _sockets)
        {
            if (socket is not null)
            {
                await socket.DisposeAsync();
            }
        }
    }
}
