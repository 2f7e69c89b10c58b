using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Poktapok.Engine.Auth;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;
using Poktapok.Protocol.Sync;
using Poktapok.Protocol.Values;

namespace Poktapok.Engine.Live;

/// <summary>
/// The live-query engine of one node: every subscription of every connected client, the query results they
/// share, and the loop that keeps them current.
/// <para>
/// Everything here is owned by one loop (an actor): sessions post commands, commits post wake-ups, and the
/// loop applies them, then runs a <b>round</b>: one read-only snapshot in which it reads the commits since the
/// last round, invalidates the results whose read set a commit wrote, re-runs them (and any new
/// subscription) in that same snapshot, and moves every cached result to the snapshot's timestamp. Then
/// each client whose results changed gets one Transition to that timestamp. Because a round is one
/// snapshot, all of a client's queries always move together (no torn views), and a write to a table never
/// re-runs a query that did not read it.
/// </para>
/// <para>
/// Identical subscriptions (same path and arguments) share one execution. A query that never looks at its
/// caller is shared by everyone; one that does is shared per identity, and is split when it starts to.
/// </para>
/// </summary>
public sealed class LiveQueries<TDb> : ILiveHost, IAsyncDisposable where TDb : PoktapokDbContext
{
    private readonly FunctionRunner<TDb> _functions;
    private readonly ITokenVerifier _tokens;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly Channel<LiveCommand> _commands = Channel.CreateUnbounded<LiveCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private ITimer? _poll;
    private int _wakePending;
    private int _disposed;

    // Owned by the loop.
    private readonly Dictionary<EntryKey, Entry> _shared = [];
    private readonly Dictionary<EntryKey, Entry> _scoped = [];
    private readonly Dictionary<string, HashSet<Entry>> _readers = new(StringComparer.Ordinal);
    private readonly HashSet<Entry> _dirty = [];
    private readonly LinkedList<Entry> _idle = new();
    private readonly Dictionary<SyncSession, SessionState> _sessions = [];
    private readonly HashSet<SessionState> _dirtySessions = [];
    private ulong _ts;
    private ulong _awaitedTs;

    public LiveQueries(FunctionRunner<TDb> functions, ITokenVerifier tokens, LiveOptions options, ILogger logger, TimeProvider? clock = null)
    {
        _functions = functions;
        _tokens = tokens;
        Options = options;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
    }

    public LiveOptions Options { get; }

    ITokenVerifier ILiveHost.Tokens => _tokens;

    ILogger ILiveHost.Logger => _logger;

    TimeProvider ILiveHost.Clock => _clock;

    Task<FunctionOutcome> ILiveHost.RunAsync(string path, ConvexValue args, Caller caller, FunctionKind kind, MutationKey? once,
        CancellationToken ct) =>
        _functions.RunAsync(path, args, caller, kind, ct, once: once);

    /// <summary>The timestamp every cached result is current at (published by the loop after each round).</summary>
    public ulong Timestamp => Volatile.Read(ref _publishedTs);

    private ulong _publishedTs;

    /// <summary>How many query executions the engine has run (for tests and metrics).</summary>
    public long Executions => Interlocked.Read(ref _executions);

    private long _executions;

    /// <summary>How many distinct query results are cached, subscribed or idle.</summary>
    public int CachedResults { get; private set; }

    /// <summary>Starts the loop and the backstop poll.</summary>
    public void Start()
    {
        _loop = Task.Run(async () =>
        {
            try
            {
                await RunLoopAsync(_stop.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogCritical(e, "Live queries stopped; no subscription will be updated until the server restarts");
                throw;
            }
        });
        _poll = _clock.CreateTimer(_ => Wake(), null, Options.PollInterval, Options.PollInterval);
        Wake();
    }

    /// <summary>Something committed (here or on another node): catch up soon. Cheap and safe from any thread.</summary>
    public void Wake()
    {
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            _commands.Writer.TryWrite(WakeCommand.Instance);
        }
    }

    /// <summary>A new client connection; <paramref name="clientVersion"/> is the npm client's version from the URL, if any.</summary>
    public SyncSession Connect(Version? clientVersion)
    {
        var session = new SyncSession(this, clientVersion);
        _open.TryAdd(session, 0);
        Post(new OpenCommand(session));
        return session;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<SyncSession, byte> _open = new();

    void ILiveHost.Forget(SyncSession session) => _open.TryRemove(session, out _);

    /// <summary>How many sync connections are open on this node.</summary>
    public int Connections => _open.Count;

    /// <summary>
    /// Closes every connection (the server is stopping): each client reconnects, to another node or to this one
    /// when it is back, and replays its state.
    /// </summary>
    public void CloseAll(string reason)
    {
        foreach (var session in _open.Keys)
        {
            session.Close(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, reason);
        }
    }

    void ILiveHost.Post(LiveCommand command) => Post(command);

    // After the engine stopped (the server is shutting down) commands have no one to act on and are dropped.
    private void Post(LiveCommand command) => _commands.Writer.TryWrite(command);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _commands.Writer.TryComplete();
        await _stop.CancelAsync();
        if (_poll is not null)
        {
            await _poll.DisposeAsync();
        }

        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    // ------------------------------------------------------------------ the loop

    private async Task RunLoopAsync(CancellationToken ct)
    {
        var reader = _commands.Reader;
        while (await reader.WaitToReadAsync(ct))
        {
            var catchUp = false;
            while (reader.TryRead(out var command))
            {
                catchUp |= Apply(command);
            }

            var roundFailed = false;
            if (catchUp || _dirty.Count > 0 || _awaitedTs > _ts)
            {
                try
                {
                    await RoundAsync(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    // The database is unavailable or the round failed: results stay as they were (marked for a
                    // re-run) and the next wake-up or poll tries again.
                    _logger.LogError(e, "Live queries could not catch up with the database; retrying");
                    _ = RetryLaterAsync(ct);
                    roundFailed = true;
                }
            }

            // After a failed round some results are newer than the timestamp every result is known to be
            // current at: nothing is sent until a round completes.
            if (!roundFailed)
            {
                Flush();
            }
        }
    }

    private async Task RetryLaterAsync(CancellationToken ct)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), _clock, ct).ConfigureAwait(false);
        Wake();
    }

    // Returns whether the loop must read the database (a commit may have happened).
    private bool Apply(LiveCommand command)
    {
        switch (command)
        {
            case WakeCommand:
                // Cleared as the wake-up is consumed: a Wake() after this point posts a new one.
                Volatile.Write(ref _wakePending, 0);
                return true;
            case OpenCommand open:
                _sessions[open.Session] = new SessionState(open.Session);
                return false;
            case CloseCommand close:
                if (_sessions.Remove(close.Session, out var closed))
                {
                    foreach (var subscription in closed.Queries.Values)
                    {
                        Detach(subscription);
                    }

                    _dirtySessions.Remove(closed);
                }

                return false;
            case ModifyCommand modify when _sessions.TryGetValue(modify.Session, out var state):
                ApplyModifications(state, modify.Message);
                return false;
            case IdentityCommand identity when _sessions.TryGetValue(identity.Session, out var state):
                ChangeIdentity(state, identity.Caller, identity.Version);
                return false;
            case MutationDoneCommand done when _sessions.TryGetValue(done.Session, out var state):
                // The response goes out before any Transition that includes the mutation's writes; the session
                // then gets a Transition reaching the commit (even an empty one), which resolves the promise.
                done.Session.Send(done.Response);
                done.Session.MutationFinished();
                if (done.Ts is { } ts)
                {
                    state.AwaitedTs = Math.Max(state.AwaitedTs, ts);
                    _awaitedTs = Math.Max(_awaitedTs, ts);
                    state.MustTransition = true;
                }

                MarkDirty(state);
                return done.Ts > _ts;
            case MutationDoneCommand done:
                done.Session.MutationFinished();
                return false;
            default:
                return false;
        }
    }

    private async Task RoundAsync(CancellationToken ct)
    {
        await _functions.ReadSnapshotAsync(async snapshot =>
        {
            // With nothing cached there is nothing to invalidate (at start-up the log can be long).
            if (snapshot.Timestamp > _ts && (_shared.Count > 0 || _scoped.Count > 0))
            {
                foreach (var (_, tables) in await snapshot.CommitsAfterAsync(_ts, ct))
                {
                    foreach (var table in tables)
                    {
                        if (_readers.TryGetValue(table, out var readers))
                        {
                            foreach (var entry in readers.ToList())
                            {
                                Invalidate(entry);
                            }
                        }
                    }
                }
            }

            // Splitting a shared result can create new entries; they run in this same snapshot.
            while (_dirty.Count > 0)
            {
                // An entry leaves the dirty set only once it ran: if the database fails mid-round, the rest
                // stays marked for the next round.
                foreach (var entry in _dirty.ToList())
                {
                    if (entry.Evicted)
                    {
                        _dirty.Remove(entry);
                        continue;
                    }

                    var execution = await snapshot.RunAsync(entry.Key.Path, entry.Args, entry.Caller, entry.Journal, ct);
                    Interlocked.Increment(ref _executions);
                    _dirty.Remove(entry);
                    Record(entry, execution);
                }
            }

            _ts = Math.Max(_ts, snapshot.Timestamp);
            Volatile.Write(ref _publishedTs, _ts);
            return 0;
        }, ct);
    }

    // ------------------------------------------------------------------ results

    private void Invalidate(Entry entry)
    {
        if (entry.Subscribers.Count == 0)
        {
            Evict(entry);
        }
        else
        {
            _dirty.Add(entry);
        }
    }

    private void Record(Entry entry, QueryExecution execution)
    {
        foreach (var table in entry.Reads.Except(execution.ReadTables))
        {
            if (_readers.TryGetValue(table, out var readers))
            {
                readers.Remove(entry);
                if (readers.Count == 0)
                {
                    _readers.Remove(table);
                }
            }
        }

        foreach (var table in execution.ReadTables)
        {
            if (!_readers.TryGetValue(table, out var readers))
            {
                _readers[table] = readers = [];
            }

            readers.Add(entry);
        }

        entry.Reads = execution.ReadTables;
        entry.Journal = execution.Journal;
        var fingerprint = Fingerprint(execution.Outcome) + "\n" + execution.Journal;
        entry.Outcome = execution.Outcome;
        if (fingerprint != entry.Fingerprint)
        {
            entry.Fingerprint = fingerprint;
            entry.Version++;
            foreach (var subscription in entry.Subscribers)
            {
                MarkDirty(subscription.Session);
            }
        }

        if (entry.Key.Scope is null && execution.ReadCaller)
        {
            Split(entry);
        }
        else if (entry.Key.Scope is not null && !execution.ReadCaller)
        {
            Share(entry);
        }
    }

    // A result that did not look at its caller serves every identity: it becomes the shared one, or, when a
    // shared one exists already (subscribed at the same time by another identity), its subscribers join that.
    private void Share(Entry entry)
    {
        var shared = entry.Key with { Scope = null };
        if (!_shared.TryGetValue(shared, out var existing))
        {
            _scoped.Remove(entry.Key);
            entry.Key = shared;
            _shared[shared] = entry;
            return;
        }

        foreach (var subscription in entry.Subscribers.ToList())
        {
            entry.Subscribers.Remove(subscription);
            existing.Subscribers.Add(subscription);
            subscription.Entry = existing;
            subscription.SentVersion = -1;
            MarkDirty(subscription.Session);
        }

        Evict(entry);
    }

    // A shared result turned out to depend on the caller: it stays with the identity it ran as, and every
    // other subscriber moves to a result of its own identity.
    private void Split(Entry entry)
    {
        _shared.Remove(entry.Key);
        var own = entry.Key with { Scope = IdentityKey(entry.Caller) };
        var superseded = _scoped.ContainsKey(own);
        if (!superseded)
        {
            entry.Key = own;
            _scoped[own] = entry;
        }

        foreach (var subscription in entry.Subscribers.ToList())
        {
            if (superseded || IdentityKey(subscription.Session.Caller) != own.Scope)
            {
                entry.Subscribers.Remove(subscription);
                Attach(subscription);
            }
        }

        if (superseded)
        {
            Evict(entry);
        }
        else if (entry.Subscribers.Count == 0)
        {
            Unwatched(entry);
        }
    }

    // What a client would see: a new result is sent only when this changes.
    private static string Fingerprint(FunctionOutcome outcome) =>
        outcome.Success
            ? "v" + ConvexJson.Serialize(outcome.Value!, ConvexJsonFormat.ConvexEncoded) + "\n" + string.Join('\n', outcome.LogLines)
            : "e" + outcome.ErrorMessage + "\n" + (outcome.ErrorData is { } data ? ConvexJson.Serialize(data, ConvexJsonFormat.ConvexEncoded) : "-");

    private static string IdentityKey(Caller caller) =>
        caller.IsAdmin ? "admin" + (caller.Identity is { } acting ? "|" + acting.TokenIdentifier : "")
        : caller.Identity?.TokenIdentifier ?? "";

    // ------------------------------------------------------------------ subscriptions

    private void ApplyModifications(SessionState state, ModifyQuerySet message)
    {
        foreach (var modification in message.Modifications)
        {
            switch (modification)
            {
                case ModifyQuerySet.Add add:
                    if (state.Queries.Remove(add.QueryId, out var replaced))
                    {
                        Detach(replaced);
                    }

                    Subscription subscription;
                    if (state.Queries.Count >= Options.MaxQueriesPerConnection)
                    {
                        // Refused: nothing of the query is kept but its id.
                        subscription = new Subscription(state, add.QueryId, "", ConvexValue.Null, null)
                        {
                            Refusal = $"TooManyQueries: this connection already has {Options.MaxQueriesPerConnection} queries, the most it may have.",
                        };
                    }
                    else if (_functions.StartSubscription(add.UdfPath, state.Caller with { Connection = state.Session.Connection }) is { } limited)
                    {
                        // Over the query's rate limit: refused until the client subscribes again (a reconnect, new arguments).
                        subscription = new Subscription(state, add.QueryId, "", ConvexValue.Null, null)
                        {
                            Refusal = limited.ErrorMessage,
                            RefusalData = limited.ErrorData,
                        };
                    }
                    else
                    {
                        subscription = new Subscription(state, add.QueryId, FunctionPath.Canonicalize(add.UdfPath),
                            add.Args.Count == 1 ? add.Args[0] : new ConvexArray(add.Args), add.Journal);
                        Attach(subscription);
                    }

                    state.Queries[add.QueryId] = subscription;
                    break;
                case ModifyQuerySet.Remove remove:
                    if (state.Queries.Remove(remove.QueryId, out var removed))
                    {
                        Detach(removed);
                    }

                    state.Removed.Add(remove.QueryId);
                    break;
            }
        }

        state.QuerySet = message.NewVersion;
        MarkDirty(state);
    }

    private void ChangeIdentity(SessionState state, Caller caller, int version)
    {
        state.Caller = caller;
        state.Identity = version;
        foreach (var subscription in state.Queries.Values.Where(s => s.Refusal is null))
        {
            var before = subscription.Entry;
            Detach(subscription);
            Attach(subscription);
            if (subscription.Entry != before)
            {
                subscription.SentVersion = -1;
            }
        }

        MarkDirty(state);
    }

    private void Attach(Subscription subscription)
    {
        var args = ConvexJson.Serialize(subscription.Args, ConvexJsonFormat.ConvexEncoded);
        var shared = new EntryKey(subscription.Path, args, subscription.Journal, null);
        var caller = subscription.Session.Caller;
        var scoped = shared with { Scope = IdentityKey(caller) };
        if (!_shared.TryGetValue(shared, out var entry) && !_scoped.TryGetValue(scoped, out entry))
        {
            entry = new Entry(scoped, subscription.Args, caller) { Journal = subscription.Journal };
            _scoped[scoped] = entry;
            _dirty.Add(entry);
            CachedResults++;
        }

        if (entry.IdleNode is not null)
        {
            _idle.Remove(entry.IdleNode);
            entry.IdleNode = null;
        }

        entry.Subscribers.Add(subscription);
        subscription.Entry = entry;
        MarkDirty(subscription.Session);
    }

    private void Detach(Subscription subscription)
    {
        if (subscription.Entry is not { } entry)
        {
            return;
        }

        subscription.Entry = null;
        entry.Subscribers.Remove(subscription);
        if (entry.Subscribers.Count == 0)
        {
            Unwatched(entry);
        }
    }

    // An entry nobody subscribes to stays cached (least recently used first out) until a commit invalidates it.
    private void Unwatched(Entry entry)
    {
        if (entry.Evicted)
        {
            return;
        }

        if (entry.Outcome is null)
        {
            Evict(entry);
            return;
        }

        entry.IdleNode = _idle.AddLast(entry);
        while (_idle.Count > Options.MaxIdleResults)
        {
            Evict(_idle.First!.Value);
        }
    }

    private void Evict(Entry entry)
    {
        if (entry.IdleNode is not null)
        {
            _idle.Remove(entry.IdleNode);
            entry.IdleNode = null;
        }

        var map = entry.Key.Scope is null ? _shared : _scoped;
        if (map.TryGetValue(entry.Key, out var mapped) && mapped == entry)
        {
            map.Remove(entry.Key);
        }

        foreach (var table in entry.Reads)
        {
            if (_readers.TryGetValue(table, out var readers))
            {
                readers.Remove(entry);
                if (readers.Count == 0)
                {
                    _readers.Remove(table);
                }
            }
        }

        _dirty.Remove(entry);
        if (!entry.Evicted)
        {
            entry.Evicted = true;
            CachedResults--;
        }
    }

    // ------------------------------------------------------------------ transitions

    private void MarkDirty(SessionState state) => _dirtySessions.Add(state);

    private void Flush()
    {
        if (_dirtySessions.Count == 0)
        {
            return;
        }

        var serverTs = TransactionRunner<TDb>.UnixNanoseconds(_clock.GetUtcNow());
        foreach (var state in _dirtySessions.ToList())
        {
            // No Transition may overtake the response of a mutation that is still running: it could contain
            // the mutation's writes before the client knows about them.
            if (state.Session.MutationsRunning > 0)
            {
                continue;
            }

            if (state.Queries.Values.Any(s => s.Entry is { Outcome: null }))
            {
                continue; // a result is not computed yet (the round failed); sent with the next round
            }

            var modifications = new List<Transition.Modification>();
            foreach (var id in state.Removed)
            {
                modifications.Add(new Transition.QueryRemoved(id));
            }

            foreach (var subscription in state.Queries.Values)
            {
                if (subscription.Refusal is { } refusal)
                {
                    if (!subscription.RefusalSent)
                    {
                        subscription.RefusalSent = true;
                        modifications.Add(new Transition.QueryFailed(subscription.QueryId, refusal, [], null, subscription.RefusalData));
                    }
                }
                else if (subscription.Entry is { } entry && (subscription.SentEntry != entry || subscription.SentVersion != entry.Version))
                {
                    subscription.SentEntry = entry;
                    subscription.SentVersion = entry.Version;
                    var outcome = entry.Outcome!;
                    modifications.Add(outcome.Success
                        ? new Transition.QueryUpdated(subscription.QueryId, outcome.Value!, outcome.LogLines, entry.Journal)
                        : new Transition.QueryFailed(subscription.QueryId, outcome.ErrorMessage!, outcome.LogLines, entry.Journal, outcome.ErrorData));
                }
            }

            var end = new StateVersion(state.QuerySet, state.Identity, Math.Max(_ts, state.Sent.Ts));
            var resolves = state.MustTransition && end.Ts >= state.AwaitedTs;
            if (modifications.Count > 0 || end != state.Sent || resolves)
            {
                state.Session.Send(new Transition(state.Sent, end, modifications, state.Session.ClockSkew, serverTs));
                state.Sent = end;
            }

            state.Removed.Clear();
            if (resolves)
            {
                state.MustTransition = false;
            }

            // A mutation answered but not yet reached keeps the session due for a Transition.
            if (!state.MustTransition)
            {
                _dirtySessions.Remove(state);
            }
        }
    }

    // ------------------------------------------------------------------ state

    // Subscriptions share a result when path, arguments and the journal they started from are the same, and
    // Scope (the identity) too unless the query does not look at its caller (then Scope is null).
    private readonly record struct EntryKey(string Path, string Args, string? Journal, string? Scope);

    private sealed class Entry(EntryKey key, ConvexValue args, Caller caller)
    {
        public EntryKey Key { get; set; } = key;
        public ConvexValue Args { get; } = args;
        public Caller Caller { get; } = caller;
        public FunctionOutcome? Outcome { get; set; }
        public string? Fingerprint { get; set; }
        public long Version { get; set; }
        public string? Journal { get; set; }
        public IReadOnlySet<string> Reads { get; set; } = new HashSet<string>();
        public HashSet<Subscription> Subscribers { get; } = [];
        public LinkedListNode<Entry>? IdleNode { get; set; }
        public bool Evicted { get; set; }
    }

    private sealed class Subscription(SessionState session, int queryId, string path, ConvexValue args, string? journal)
    {
        public string? Journal { get; } = journal;
        public SessionState Session { get; } = session;
        public int QueryId { get; } = queryId;
        public string Path { get; } = path;
        public ConvexValue Args { get; } = args;
        public Entry? Entry { get; set; }
        public long SentVersion { get; set; } = -1;

        /// <summary>The entry whose <see cref="SentVersion"/> the client has (a subscription can move between entries).</summary>
        public Entry? SentEntry { get; set; }
        public string? Refusal { get; set; }
        public ConvexValue? RefusalData { get; set; }
        public bool RefusalSent { get; set; }
    }

    private sealed class SessionState(SyncSession session)
    {
        public SyncSession Session { get; } = session;
        public Dictionary<int, Subscription> Queries { get; } = [];
        public List<int> Removed { get; } = [];
        public int QuerySet { get; set; }
        public int Identity { get; set; }
        public Caller Caller { get; set; } = Caller.Anonymous;
        public StateVersion Sent { get; set; } = StateVersion.Initial;
        public ulong AwaitedTs { get; set; }
        public bool MustTransition { get; set; }
    }
}
