using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Poktapok.Engine.Auth;
using Poktapok.Engine.Functions;
using Poktapok.Protocol.Sync;
using Poktapok.Protocol.Values;

namespace Poktapok.Engine.Live;

/// <summary>
/// One client connection of the sync protocol (PROTOCOL.md §1–§3), independent of the transport: the
/// transport hands it each text message the client sent (<see cref="HandleAsync"/>) and sends the frames
/// it produces (<see cref="NextFramesAsync"/>) until it asks to close (<see cref="CloseStatus"/>).
/// <list type="bullet">
/// <item>Query subscriptions and identity changes go to the live-query loop, which answers with Transitions
/// (versions chained exactly per connection).</item>
/// <item>Mutations run one at a time in arrival order; each is answered by a MutationResponse and then a
/// Transition reaching its commit. Mutations re-sent after a reconnect are answered from the first run.</item>
/// <item>Actions run concurrently.</item>
/// <item>Outbound messages are bounded: a client that does not read is disconnected (it reconnects), never
/// allowed to grow the server's memory.</item>
/// </list>
/// Refusals: a message that is not valid protocol JSON gets FatalError (a client that sends one is broken
/// and would send it again); a base version out of sequence closes the connection, which the client recovers
/// from by reconnecting; a refused token gets AuthError and a close.
/// </summary>
public sealed class SyncSession : IAsyncDisposable
{
    /// <summary>The first npm client version that understands TransitionChunk.</summary>
    public static readonly Version ChunksSince = new(1, 28, 0);

    private static readonly string s_ping = SyncJson.Serialize(Ping.Instance);

    private readonly ILiveHost _host;
    private readonly Version? _clientVersion;
    private readonly Channel<string[]> _outbound;
    private readonly Channel<(Mutation Message, Caller Caller)> _mutations;
    private readonly CancellationTokenSource _closing = new();
    private readonly Lock _closeLock = new();
    private readonly Task _mutationWorker;
    private long _queuedChars;
    private int _queuedMessages;
    private long _lastSentTicks;
    private int _querySetVersion;
    private int _authenticateCount;
    private int _mutationsRunning;
    private ITimer? _expiry;
    private volatile bool _discardQueued;

    internal SyncSession(ILiveHost host, Version? clientVersion)
    {
        _host = host;
        _clientVersion = clientVersion;
        _outbound = Channel.CreateUnbounded<string[]>(new UnboundedChannelOptions { SingleReader = true });
        _mutations = Channel.CreateBounded<(Mutation, Caller)>(new BoundedChannelOptions(host.Options.MaxQueuedMutations) { SingleReader = true });
        _lastSentTicks = Environment.TickCount64;
        _mutationWorker = Task.Run(RunMutationsAsync);
    }

    /// <summary>
    /// This connection, as rate limits count anonymous callers (<see cref="Caller.Connection"/>): made by the server,
    /// so a client cannot choose it (unlike <see cref="SessionId"/>), and new with each connection.
    /// </summary>
    public string Connection { get; } = "sync:" + Guid.NewGuid().ToString("N");

    /// <summary>The client's session id from Connect (constant across its reconnects), or null before one arrives.</summary>
    public string? SessionId { get; private set; }

    /// <summary><c>clientTs − serverNow</c> from Connect, in ms, echoed in Transitions.</summary>
    public long? ClockSkew { get; private set; }

    /// <summary>The close status to send once <see cref="NextFramesAsync"/> ends; null for a close without one.</summary>
    public WebSocketCloseStatus? CloseStatus { get; private set; }

    /// <summary>The close reason (the client's reconnect backoff depends on its first word).</summary>
    public string CloseReason { get; private set; } = "";

    /// <summary>Whether the session asked to close (the transport should stop reading too).</summary>
    public bool IsClosing => _closing.IsCancellationRequested;

    internal int MutationsRunning => Volatile.Read(ref _mutationsRunning);

    /// <summary>
    /// The next frames to send, in order and without interleaving (the parts of a chunked Transition come
    /// together); a Ping when nothing was sent for the ping interval; null when the session is closed.
    /// </summary>
    public async ValueTask<IReadOnlyList<string>?> NextFramesAsync(CancellationToken ct)
    {
        while (true)
        {
            if (_discardQueued)
            {
                return null;
            }

            if (_outbound.Reader.TryRead(out var frames))
            {
                Interlocked.Add(ref _queuedChars, -frames.Sum(f => (long)f.Length));
                Interlocked.Decrement(ref _queuedMessages);
                Volatile.Write(ref _lastSentTicks, Environment.TickCount64);
                return frames;
            }

            var idleFor = TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _lastSentTicks));
            var wait = _host.Options.PingInterval - idleFor;
            if (wait <= TimeSpan.Zero)
            {
                Volatile.Write(ref _lastSentTicks, Environment.TickCount64);
                return [s_ping];
            }

            try
            {
                if (!await _outbound.Reader.WaitToReadAsync(ct).AsTask().WaitAsync(wait, ct))
                {
                    return null;
                }
            }
            catch (TimeoutException)
            {
                // idle: loop round to send a Ping
            }
        }
    }

    /// <summary>Handles one text message from the client. Messages must be handed over one at a time, in order.</summary>
    public async Task HandleAsync(string json, CancellationToken ct)
    {
        if (IsClosing)
        {
            return;
        }

        ClientMessage message;
        try
        {
            message = SyncJson.ParseClient(json);
        }
        catch (SyncProtocolException e)
        {
            Fatal($"Invalid message: {e.Message}");
            return;
        }

        switch (message)
        {
            case Connect connect:
                OnConnect(connect);
                break;
            case ModifyQuerySet modify:
                if (modify.BaseVersion != _querySetVersion)
                {
                    Close(WebSocketCloseStatus.InternalServerError,
                        $"BaseVersionMismatch: the query set is at version {_querySetVersion}, the change is based on {modify.BaseVersion}.");
                    return;
                }

                _querySetVersion = modify.NewVersion;
                _host.Post(new ModifyCommand(this, modify));
                break;
            case Authenticate authenticate:
                await OnAuthenticateAsync(authenticate, ct);
                break;
            case Mutation mutation:
                // It runs as the identity the client had when it sent it, whatever Authenticate follows.
                if (!_mutations.Writer.TryWrite((mutation, CurrentCaller)))
                {
                    Send(MutationResponse.Failed(mutation.RequestId,
                        $"TooManyConcurrentMutations: more than {_host.Options.MaxQueuedMutations} mutations are waiting on this connection.", null, []));
                }

                break;
            case ActionRequest when IsExpired:
                Expired();
                break;
            case ActionRequest action:
                _ = RunActionAsync(action);
                break;
            case Event:
                break; // client telemetry
        }
    }

    private void OnConnect(Connect connect)
    {
        // Clients send a UUID; anything longer than the record's key is not used for deduplication.
        SessionId = connect.SessionId.Length is > 0 and <= 64 ? connect.SessionId : null;
        if (connect.ClientTs is { } clientTs)
        {
            ClockSkew = clientTs - _host.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        }

        // The real backend refuses a client that saw a newer timestamp than it has; the client would then retry
        // forever with the same value. Commit timestamps here never go backwards (nanoseconds, persisted), so a
        // newer one means this node has not caught up with a commit yet: it is accepted, and the node catches up.
        if (connect.MaxObservedTimestamp is { } observed && observed > _host.Timestamp)
        {
            _host.Logger.LogInformation("A client has seen timestamp {Observed}, newer than this node's {Latest}; catching up",
                observed, _host.Timestamp);
            _host.Wake();
        }
    }

    private async Task OnAuthenticateAsync(Authenticate authenticate, CancellationToken ct)
    {
        if (authenticate.BaseVersion != _authenticateCount)
        {
            Close(WebSocketCloseStatus.InternalServerError,
                $"InternalServerError: Authenticate is based on identity version {authenticate.BaseVersion}, the connection is at {_authenticateCount}.");
            return;
        }

        Caller caller;
        try
        {
            caller = await _host.Tokens.VerifyAsync(authenticate.TokenType, authenticate.Value, ct);
        }
        catch (AuthenticationException e)
        {
            // The confirmed identity version is the number of accepted Authenticates.
            Send(new AuthError(e.Message, _authenticateCount, AuthUpdateAttempted: true));
            Close(null, "");
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The token could not be checked (a key server is down): not the client's fault, so it retries.
            _host.Logger.LogError(e, "A token could not be verified");
            Close(WebSocketCloseStatus.InternalServerError, "InternalServerError: the token could not be verified; retrying.");
            return;
        }

        if (authenticate.TokenType == AuthTokenType.Admin && authenticate.Impersonating is { ValueKind: System.Text.Json.JsonValueKind.Object } acting
            && acting.TryGetProperty("subject", out var subject) && acting.TryGetProperty("issuer", out var issuer))
        {
            caller = caller with
            {
                Identity = new Identity(subject.GetString() ?? "", issuer.GetString() ?? "",
                    acting.EnumerateObject().Where(p => p.Name is not ("subject" or "issuer"))
                        .ToDictionary(p => p.Name, p => (object?)p.Value.ToString())),
            };
        }

        _authenticateCount++;
        CurrentCaller = caller with { Connection = Connection };
        WatchExpiry(caller.Identity?.ExpiresAt);
        _host.Post(new IdentityCommand(this, caller, _authenticateCount));
    }

    // When the token behind the identity expires, the connection must not go on as that identity (nor fall back
    // to anonymous): the client is told with AuthError (not an attempted update), fetches a fresh token and
    // reconnects with it (PROTOCOL.md §3.5, §6.3).
    private void WatchExpiry(DateTimeOffset? expiresAt)
    {
        _expiry?.Dispose();
        _expiry = null;
        if (expiresAt is not { } at)
        {
            return;
        }

        var identityVersion = _authenticateCount;
        var due = at - _host.Clock.GetUtcNow();
        _expiry = _host.Clock.CreateTimer(_ =>
        {
            if (Volatile.Read(ref _authenticateCount) == identityVersion)
            {
                Expired();
            }
        }, null, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    private bool IsExpired => IsExpiredFor(CurrentCaller);

    private bool IsExpiredFor(Caller caller) => caller.Identity?.ExpiresAt is { } at && _host.Clock.GetUtcNow() >= at;

    private void Expired()
    {
        Send(new AuthError("Convex token identity expired", Volatile.Read(ref _authenticateCount), AuthUpdateAttempted: false));
        Close(null, "");
    }

    // Mutations are not cancelled when the connection drops: one that started finishes and records its result,
    // so the copy the client re-sends on its next connection is answered from it. Queued ones are skipped.
    private async Task RunMutationsAsync()
    {
        await foreach (var (mutation, caller) in _mutations.Reader.ReadAllAsync())
        {
            if (IsClosing)
            {
                continue;
            }

            if (IsExpiredFor(caller))
            {
                Expired(); // not run: the client re-sends it with a fresh token
                continue;
            }

            Interlocked.Increment(ref _mutationsRunning);
            ServerMessage response;
            ulong? ts = null;
            try
            {
                var outcome = await _host.RunAsync(mutation.UdfPath, Arguments(mutation.Args), caller, FunctionKind.Mutation,
                    SessionId is { } session ? new MutationKey(session, mutation.RequestId) : null, CancellationToken.None);
                if (outcome.Success)
                {
                    ts = outcome.Timestamp;
                    response = MutationResponse.Succeeded(mutation.RequestId, outcome.Value!, outcome.Timestamp, outcome.LogLines);
                }
                else
                {
                    response = MutationResponse.Failed(mutation.RequestId, outcome.ErrorMessage!, outcome.ErrorData, outcome.LogLines);
                }
            }
#pragma warning disable CA1031 // A runtime failure is reported to the client, never allowed to end the connection's worker.
            catch (Exception e)
#pragma warning restore CA1031
            {
                var requestId = Guid.NewGuid().ToString("N")[..16];
                _host.Logger.LogError(e, "Request {RequestId}: mutation {Path} failed", requestId, mutation.UdfPath);
                response = MutationResponse.Failed(mutation.RequestId, $"[Request ID: {requestId}] Server Error", null, []);
            }

            // The loop sends the response, then a Transition reaching its timestamp, and ends the "running" state.
            _host.Post(new MutationDoneCommand(this, response, ts));
        }
    }

    internal void MutationFinished() => Interlocked.Decrement(ref _mutationsRunning);

    private async Task RunActionAsync(ActionRequest action)
    {
        try
        {
            // An action is not cancelled when the connection drops (it may be half-way through an outside call); its answer is dropped.
            var outcome = await _host.RunAsync(action.UdfPath, Arguments(action.Args), CurrentCaller, FunctionKind.Action, null, CancellationToken.None);
            Send(outcome.Success
                ? ActionResponse.Succeeded(action.RequestId, outcome.Value!, outcome.LogLines)
                : ActionResponse.Failed(action.RequestId, outcome.ErrorMessage!, outcome.ErrorData, outcome.LogLines));
        }
#pragma warning disable CA1031 // as for mutations
        catch (Exception e)
#pragma warning restore CA1031
        {
            var requestId = Guid.NewGuid().ToString("N")[..16];
            _host.Logger.LogError(e, "Request {RequestId}: action {Path} failed", requestId, action.UdfPath);
            Send(ActionResponse.Failed(action.RequestId, $"[Request ID: {requestId}] Server Error", null, []));
        }
    }

    // The caller functions run as: the identity of the last accepted Authenticate, on this connection.
    private Caller CurrentCaller
    {
        get => _currentCaller ??= Caller.Anonymous with { Connection = Connection };
        set => _currentCaller = value;
    }

    private Caller? _currentCaller;

    private static ConvexValue Arguments(IReadOnlyList<ConvexValue> args) => args.Count == 1 ? args[0] : new ConvexArray(args);

    // ------------------------------------------------------------------ sending and closing

    /// <summary>Queues one message; a Transition too long for one frame is split into chunks for clients that support them.</summary>
    internal void Send(ServerMessage message)
    {
        var json = SyncJson.Serialize(message);
        string[] frames = message is Transition && json.Length > _host.Options.TransitionChunkChars
                                                  && _clientVersion is { } version && version >= ChunksSince
            ? Chunk(json, _host.Options.TransitionChunkChars)
            : [json];
        Enqueue(frames);
    }

    private void Enqueue(string[] frames)
    {
        if (IsClosing)
        {
            return;
        }

        var chars = Interlocked.Add(ref _queuedChars, frames.Sum(f => (long)f.Length));
        if (Interlocked.Increment(ref _queuedMessages) > _host.Options.MaxOutboundMessages || chars > _host.Options.MaxOutboundChars)
        {
            // What is queued is dropped: the client gets the current state when it reconnects.
            _discardQueued = true;
            Close(WebSocketCloseStatus.PolicyViolation,
                "ClientTooSlow: the client is not reading its messages; reconnect to receive the current state.");
            return;
        }

        _outbound.Writer.TryWrite(frames);
    }

    private static string[] Chunk(string json, int size)
    {
        var parts = new List<string>();
        for (var start = 0; start < json.Length;)
        {
            var length = Math.Min(size, json.Length - start);
            if (start + length < json.Length && char.IsHighSurrogate(json[start + length - 1]))
            {
                length--; // never split a surrogate pair
            }

            parts.Add(json.Substring(start, length));
            start += length;
        }

        var id = json.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return [.. parts.Select((part, i) => SyncJson.Serialize(new TransitionChunk(part, i, parts.Count, id)))];
    }

    private void Fatal(string error)
    {
        _host.Logger.LogWarning("Sync connection refused a message: {Error}", error);
        Enqueue([SyncJson.Serialize(new FatalError(error))]);
        Close(null, "");
    }

    /// <summary>Ends the session: what is queued is still sent, then the transport closes with this status and reason.</summary>
    public void Close(WebSocketCloseStatus? status, string reason)
    {
        lock (_closeLock)
        {
            if (IsClosing)
            {
                return;
            }

            CloseStatus = status;
            CloseReason = reason;
            _closing.Cancel();
        }

        _outbound.Writer.TryComplete();
    }

    /// <summary>Detaches the session from live queries; waits for its running mutation so its result is recorded.</summary>
    public async ValueTask DisposeAsync()
    {
        Close(WebSocketCloseStatus.NormalClosure, "");
        _expiry?.Dispose();
        _mutations.Writer.TryComplete();
        _host.Post(new CloseCommand(this));
        _host.Forget(this);
        await _mutationWorker;
    }
}
