using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Poktapok.App.Data;
using Poktapok.Engine.Live;
using Poktapok.Server.Http;

namespace Poktapok.Server.Sync;

/// <summary>
/// The WebSocket the official client's <c>ConvexClient</c> and <c>ConvexReactClient</c> connect to:
/// <c>GET /api/{clientVersion}/sync</c> (and <c>/api/sync</c>). It only moves text frames between the socket
/// and a <see cref="SyncSession"/>, which holds the protocol.
/// Refusals: a request that is not a WebSocket upgrade gets 400 <c>WebSocketUpgradeRequired</c>, a client
/// version that is not a version number 400 <c>InvalidVersion</c>; on the socket, a binary frame closes it
/// with 1003 and a message over the size limit with 1009 (<c>MessageTooLarge</c>).
/// </summary>
public static class SyncEndpoint
{
    public static void MapSync(this IEndpointRouteBuilder routes)
    {
        routes.Map("/api/{clientVersion}/sync", (HttpContext http, string clientVersion) => AcceptAsync(http, clientVersion));
        routes.Map("/api/sync", (HttpContext http) => AcceptAsync(http, null));
    }

    private static async Task AcceptAsync(HttpContext http, string? clientVersion)
    {
        Version? version = null;
        if (clientVersion is not null && !TryParseVersion(clientVersion, out version))
        {
            await ConvexHttpApi.ErrorAsync(http, StatusCodes.Status400BadRequest, "InvalidVersion",
                $"'{clientVersion}' is not a client version (expected one like 1.48.0).");
            return;
        }

        if (!http.WebSockets.IsWebSocketRequest)
        {
            await ConvexHttpApi.ErrorAsync(http, StatusCodes.Status400BadRequest, "WebSocketUpgradeRequired",
                "The sync endpoint speaks the Convex sync protocol over a WebSocket.");
            return;
        }

        var live = http.RequestServices.GetRequiredService<LiveQueries<AppDb>>();
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Poktapok.Sync");
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        await using var session = live.Connect(version);
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        var receiving = ReceiveUntilClosedAsync(socket, session, live.Options.MaxMessageBytes, logger, aborted.Token);
        try
        {
            await SendAsync(socket, session, aborted.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            logger.LogDebug(e, "A sync connection ended abruptly");
            session.Close(WebSocketCloseStatus.NormalClosure, "");
        }

        // The server closed (or the client went away): give the client a moment to answer the close frame.
        if (await Task.WhenAny(receiving, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)) != receiving)
        {
            await aborted.CancelAsync();
        }

        await receiving;
    }

    private static async Task ReceiveUntilClosedAsync(WebSocket socket, SyncSession session, int maxBytes, ILogger logger, CancellationToken ct)
    {
        try
        {
            await ReceiveAsync(socket, session, maxBytes, ct);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            logger.LogDebug(e, "A sync connection ended abruptly");
        }
#pragma warning disable CA1031 // A bug while handling one client's message ends that connection (it reconnects), never the server.
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "A sync connection failed while handling a message");
            session.Close(WebSocketCloseStatus.InternalServerError, "InternalServerError");
        }
        finally
        {
            session.Close(WebSocketCloseStatus.NormalClosure, "");
        }
    }

    // Text messages in, one at a time, until the client closes or the session ends.
    private static async Task ReceiveAsync(WebSocket socket, SyncSession session, int maxBytes, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (socket.State == WebSocketState.Open && !session.IsClosing)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(16 * 1024), ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                session.Close(WebSocketCloseStatus.InvalidMessageType, "BinaryFrame: the sync protocol uses text frames only.");
                return;
            }

            buffer.Advance(result.Count);
            if (buffer.WrittenCount > maxBytes)
            {
                session.Close(WebSocketCloseStatus.MessageTooBig, $"MessageTooLarge: a message may be at most {maxBytes} bytes.");
                return;
            }

            if (result.EndOfMessage)
            {
                await session.HandleAsync(Encoding.UTF8.GetString(buffer.WrittenSpan), ct);
                buffer.ResetWrittenCount();
            }
        }
    }

    // Frames out, in order, then the close the session asked for.
    private static async Task SendAsync(WebSocket socket, SyncSession session, CancellationToken ct)
    {
        while (await session.NextFramesAsync(ct) is { } frames)
        {
            foreach (var frame in frames)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true, ct);
            }
        }

        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            // A close reason may be at most 123 bytes.
            var reason = session.CloseReason.Length > 120 ? session.CloseReason[..120] : session.CloseReason;
            await socket.CloseOutputAsync(session.CloseStatus ?? WebSocketCloseStatus.Empty, reason, ct);
        }
    }

    private static bool TryParseVersion(string text, out Version? version)
    {
        var core = text.Split('-', '+')[0];
        return Version.TryParse(core, out version) && version.Build >= 0;
    }
}
