using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;

namespace Poktapok.Bench;

/// <summary>
/// A lean sync-protocol client: one WebSocket, one receive loop that hands every frame to a handler. Ten
/// thousand of them must fit in one process, so it keeps a 1 KB buffer, never parses a frame itself, and
/// leaves protocol keep-alives to the server (the socket answers its pings while a receive is pending).
/// </summary>
internal sealed class SyncSocket : IAsyncDisposable
{
    /// <summary>Called with each whole text frame and the Stopwatch timestamp taken as it arrived.</summary>
    public delegate void FrameHandler(ReadOnlySpan<byte> frame, long receivedAt);

    private readonly ClientWebSocket _socket = new();
    private readonly FrameHandler _onFrame;
    private byte[] _buffer = new byte[1024];
    private Task _receiving = Task.CompletedTask;

    private SyncSocket(FrameHandler onFrame)
    {
        _onFrame = onFrame;
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
    }

    /// <summary>Opens the socket and sends Connect; frames go to <paramref name="onFrame"/> from then on.</summary>
    public static async Task<SyncSocket> ConnectAsync(Uri url, FrameHandler onFrame, CancellationToken ct)
    {
        var socket = new SyncSocket(onFrame);
        try
        {
            await socket._socket.ConnectAsync(url, ct);
        }
        catch
        {
            socket._socket.Dispose();
            throw;
        }

        var clientTs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await socket.SendAsync(string.Create(CultureInfo.InvariantCulture,
            $$"""{"type":"Connect","sessionId":"{{Guid.NewGuid()}}","connectionCount":0,"lastCloseReason":"InitialConnect","clientTs":{{clientTs}}}"""));
        socket._receiving = socket.ReceiveLoopAsync();
        return socket;
    }

    /// <summary>Subscribes to <c>demo:get {name}</c> as query 0 (the first and only change to the query set).</summary>
    public Task SubscribeToCounterAsync(string name) =>
        SendAsync($$"""{"type":"ModifyQuerySet","baseVersion":0,"newVersion":1,"modifications":[{"type":"Add","queryId":0,"udfPath":"demo:get","args":[{"name":"{{name}}"}]}]}""");

    public Task SendAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private async Task ReceiveLoopAsync()
    {
        var filled = 0;
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(_buffer.AsMemory(filled), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                filled += result.Count;
                if (!result.EndOfMessage)
                {
                    if (filled == _buffer.Length)
                    {
                        Array.Resize(ref _buffer, _buffer.Length * 2);
                    }

                    continue;
                }

                _onFrame(_buffer.AsSpan(0, filled), Stopwatch.GetTimestamp());
                filled = 0;
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // expected: the server or the benchmark dropped the connection
        }
    }

    /// <summary>Drops the connection without a close handshake (closing 10,000 politely only slows the run down).</summary>
    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        await _receiving;
        _socket.Dispose();
    }
}
