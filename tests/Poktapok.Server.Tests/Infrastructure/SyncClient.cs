using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Poktapok.Protocol.Sync;

namespace Poktapok.Server.Tests.Infrastructure;

/// <summary>
/// A raw sync-protocol client over a real WebSocket: sends JSON frames as the official client writes them and
/// reads the server's messages, so tests can assert exact frames (the official client itself is tested in
/// tests/client-compat).
/// </summary>
public sealed class SyncClient : IAsyncDisposable
{
    private static readonly TimeSpan s_defaultWait = TimeSpan.FromSeconds(20);
    private readonly ClientWebSocket _socket = new();
    private int _queryVersion;
    private int _nextRequest;

    public string SessionId { get; } = Guid.NewGuid().ToString();

    /// <summary>The end version of the last Transition received (the next one must start there).</summary>
    public StateVersion Version { get; set; } = StateVersion.Initial;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseReason => _socket.CloseStatusDescription;

    public static async Task<SyncClient> ConnectAsync(Uri url, bool sendConnect = true, string? sessionId = null, ulong? maxObserved = null)
    {
        var client = sessionId is null ? new SyncClient() : new SyncClient(sessionId);
        await client._socket.ConnectAsync(url, CancellationToken.None);
        if (sendConnect)
        {
            await client.SendAsync(new Connect(client.SessionId, 0, "InitialConnect", maxObserved, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        }

        return client;
    }

    private SyncClient()
    {
    }

    private SyncClient(string sessionId) => SessionId = sessionId;

    public Task SendAsync(ClientMessage message) => SendRawAsync(SyncJson.Serialize(message));

    public Task SendRawAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Subscribes to one query (a ModifyQuerySet adding it); returns the query id.</summary>
    public async Task<int> SubscribeAsync(int queryId, string path, object? args = null)
    {
        await SendRawAsync(JsonSerializer.Serialize(new
        {
            type = "ModifyQuerySet",
            baseVersion = _queryVersion,
            newVersion = ++_queryVersion,
            modifications = new[] { new { type = "Add", queryId, udfPath = path, args = new[] { args ?? new { } } } },
        }));
        return queryId;
    }

    public Task UnsubscribeAsync(int queryId) =>
        SendRawAsync(JsonSerializer.Serialize(new
        {
            type = "ModifyQuerySet",
            baseVersion = _queryVersion,
            newVersion = ++_queryVersion,
            modifications = new[] { new { type = "Remove", queryId } },
        }));

    /// <summary>Sends a mutation; returns its request id.</summary>
    public async Task<int> MutateAsync(string path, object? args = null, int? requestId = null)
    {
        var id = requestId ?? _nextRequest++;
        await SendRawAsync(JsonSerializer.Serialize(new { type = "Mutation", requestId = id, udfPath = path, args = new[] { args ?? new { } } }));
        return id;
    }

    /// <summary>The next message other than Ping; fails the test if none arrives in time or the socket closes.</summary>
    public async Task<ServerMessage> ReceiveAsync(TimeSpan? wait = null, bool skipPings = true)
    {
        while (true)
        {
            var message = await ReceiveOrNullAsync(wait ?? s_defaultWait)
                ?? throw new ShouldAssertException($"No message within {wait ?? s_defaultWait}; socket {_socket.State} {CloseStatus} {CloseReason}");
            if (skipPings && message is Ping)
            {
                continue;
            }

            if (message is Transition transition)
            {
                transition.StartVersion.ShouldBe(Version, "a Transition must start where the previous one ended");
                Version = transition.EndVersion;
            }

            return message;
        }
    }

    public async Task<T> ReceiveAsync<T>(TimeSpan? wait = null) where T : ServerMessage
    {
        var message = await ReceiveAsync(wait);
        return message.ShouldBeOfType<T>();
    }

    /// <summary>The next raw text frame, or null on close or when nothing arrives within <paramref name="wait"/>.</summary>
    public async Task<string?> ReceiveTextAsync(TimeSpan wait)
    {
        // Cancelling a WebSocket receive aborts the socket, so one loop receives and waits are on the queue.
        _receiving ??= Task.Run(ReceiveLoopAsync);
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await _frames.Reader.WaitToReadAsync(timeout.Token) && _frames.Reader.TryRead(out var frame) ? frame : null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private readonly System.Threading.Channels.Channel<string> _frames = System.Threading.Channels.Channel.CreateUnbounded<string>();
    private Task? _receiving;

    private async Task ReceiveLoopAsync()
    {
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(chunk, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                buffer.Write(chunk, 0, result.Count);
                if (result.EndOfMessage)
                {
                    _frames.Writer.TryWrite(Encoding.UTF8.GetString(buffer.ToArray()));
                    buffer.SetLength(0);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
        {
            // the connection ended without a close handshake
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }

    private async Task<ServerMessage?> ReceiveOrNullAsync(TimeSpan wait) =>
        await ReceiveTextAsync(wait) is { } text ? SyncJson.ParseServer(text) : null;

    /// <summary>Asserts that no message other than Ping arrives within <paramref name="wait"/>.</summary>
    public async Task ExpectSilenceAsync(TimeSpan wait)
    {
        var until = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < until)
        {
            var message = await ReceiveOrNullAsync(until - DateTime.UtcNow);
            if (message is not null and not Ping)
            {
                throw new ShouldAssertException($"Expected no message, got {SyncJson.Serialize(message)}");
            }
        }
    }

    /// <summary>Waits for the server to close the socket; returns its status and reason.</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Reason)> ReceiveCloseAsync(TimeSpan? wait = null)
    {
        var until = DateTime.UtcNow + (wait ?? s_defaultWait);
        while (DateTime.UtcNow < until && await ReceiveTextAsync(until - DateTime.UtcNow) is not null)
        {
        }

        _frames.Reader.Completion.IsCompleted.ShouldBeTrue("the server should have closed the socket");
        return (_socket.CloseStatus, _socket.CloseStatusDescription);
    }

    /// <summary>Drops the connection without a close handshake (as a network failure would).</summary>
    public void Abort() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
        if (_receiving is not null)
        {
            await _receiving;
        }
    }
}
