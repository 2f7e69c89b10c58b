using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Poktapok.Protocol.Sync;

namespace Poktapok.Bench;

/// <summary>The client that writes: sends <c>demo:increment</c> over its own socket and times the MutationResponse.</summary>
internal sealed class SyncWriter : IAsyncDisposable
{
    private static ReadOnlySpan<byte> ResponseStart => """{"type":"MutationResponse","""u8;

    private readonly ConcurrentDictionary<int, TaskCompletionSource<Response>> _pending = new();
    private SyncSocket? _socket;
    private int _nextRequest;

    /// <summary>When the response arrived (Stopwatch timestamp) and the commit timestamp it carries.</summary>
    public readonly record struct Response(long ReceivedAt, ulong CommitTs);

    /// <summary>When the mutation was sent (Stopwatch timestamp) and its response.</summary>
    public readonly record struct Outcome(long SentAt, Response Response);

    public static async Task<SyncWriter> ConnectAsync(Uri url, CancellationToken ct)
    {
        var writer = new SyncWriter();
        writer._socket = await SyncSocket.ConnectAsync(url, writer.OnFrame, ct);
        return writer;
    }

    /// <summary>Increments counter <paramref name="name"/> by one and waits for the response.</summary>
    public async Task<Outcome> IncrementAsync(string name, TimeSpan timeout)
    {
        var id = _nextRequest++;
        var response = new TaskCompletionSource<Response>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = response;
        var sentAt = Stopwatch.GetTimestamp();
        await _socket!.SendAsync($$"""{"type":"Mutation","requestId":{{id}},"udfPath":"demo:increment","args":[{"name":"{{name}}"}]}""");
        return new Outcome(sentAt, await response.Task.WaitAsync(timeout));
    }

    private void OnFrame(ReadOnlySpan<byte> frame, long receivedAt)
    {
        if (!frame.StartsWith(ResponseStart)
            || SyncJson.ParseServer(Encoding.UTF8.GetString(frame)) is not MutationResponse response
            || !_pending.TryRemove(response.RequestId, out var waiting))
        {
            return;
        }

        if (response is { Success: true, Ts: { } ts })
        {
            waiting.TrySetResult(new Response(receivedAt, ts));
        }
        else
        {
            waiting.TrySetException(new InvalidOperationException($"demo:increment failed: {response.ErrorMessage}"));
        }
    }

    public ValueTask DisposeAsync() => _socket?.DisposeAsync() ?? ValueTask.CompletedTask;
}
