using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Poktapok.Engine.Data;
using Poktapok.Engine.Scheduling;
using Poktapok.Engine.Storage;
using Poktapok.Protocol.Values;

namespace Poktapok.Engine.Functions;

/// <summary>
/// The one pipeline every function call goes through, from any transport: find the function (internal ones
/// only for server code and admins), bind and validate its arguments, run it in the transaction its kind
/// needs, convert the result, and turn every failure into the protocol's error form. Internal failures are
/// logged with a request id; the caller sees only that id.
/// </summary>
public sealed partial class FunctionRunner<TDb> : IFunctionCaller where TDb : PoktapokDbContext
{
    private readonly FunctionRegistry _registry;
    private readonly ValueMapper _values;
    private readonly TransactionRunner<TDb> _transactions;
    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly IServiceProvider _services;
    private readonly FileStorage<TDb>? _storage;
    private readonly RateLimiter _limits = new();

    public FunctionRunner(FunctionRegistry registry, ValueMapper values, TransactionRunner<TDb> transactions, HttpClient http, ILogger logger,
        IServiceProvider? services = null, FileStorage<TDb>? storage = null)
    {
        _services = services ?? EmptyServices.Instance;
        _storage = storage;
        _registry = registry;
        _values = values;
        _transactions = transactions;
        _http = http;
        _logger = logger;
    }

    public FunctionRegistry Registry => _registry;

    public ValueMapper Values => _values;

    /// <summary>The rules of file storage (<c>ctx.Storage</c>), or null when this runtime has none.</summary>
    internal StorageOptions? StorageOptions => _storage?.Options;

    /// <summary>
    /// Runs the function a client named. <paramref name="kind"/> is the kind the transport asked for (null
    /// for <c>/api/function</c>, which runs any kind). Internal functions run only for admins and, with
    /// <paramref name="fromServer"/>, for server code (actions, the scheduler). A mutation given
    /// <paramref name="once"/> runs at most once for that key: a repeat is answered with the first result.
    /// A function's rate limit (<see cref="RateLimitAttribute"/>) counts against the caller's identity, or its
    /// <see cref="Caller.Connection"/> when anonymous, whoever runs it; the operator and server code are not limited.
    /// </summary>
    public async Task<FunctionOutcome> RunAsync(string path, ConvexValue args, Caller caller, FunctionKind? kind, CancellationToken ct,
        bool fromServer = false, ulong? atTimestamp = null, MutationKey? once = null)
    {
        var (function, refusal) = Resolve(path, args, caller, kind, fromServer);
        if (refusal is not null)
        {
            return refusal;
        }

        return await GuardAsync(function!, async () =>
        {
            var (value, ts, lines) = await ExecuteAsync(function!, args, caller, atTimestamp, once, ct);
            return FunctionOutcome.Ok(value, lines, ts);
        }, ct);
    }

    /// <summary>
    /// A client starts a subscription to <paramref name="path"/>: takes a permit of the query's rate limit (its
    /// re-runs take none). Returns the refusal to report instead of a result, or null to run it. A path that is not
    /// a query the caller may run is left to the run to report.
    /// </summary>
    internal FunctionOutcome? StartSubscription(string path, Caller caller)
    {
        var function = _registry.Find(FunctionPath.Canonicalize(path));
        if (function is not { Kind: FunctionKind.Query, RateLimit: not null } || (function.IsInternal && !caller.IsAdmin))
        {
            return null;
        }

        try
        {
            TakeQueryPermit(function, caller);
            return null;
        }
        catch (ConvexError refusal)
        {
            return FunctionOutcome.Failed(refusal.Message, ErrorDataOrNull(refusal), []);
        }
    }

    // Queries cannot write, so their buckets are this process's (ADR-007).
    private void TakeQueryPermit(FunctionDefinition function, Caller caller)
    {
        if (function.RateLimit is { } limit && RateLimiter.ClientOf(caller) is { } client
            && _limits.TakeInMemory(RateLimiter.KeyOf(function.RateLimitBucket, client), limit, _transactions.Clock.GetUtcNow()) is { } retryAfter)
        {
            throw RateLimiter.Refusal(function.Path, retryAfter);
        }
    }

    // Mutations take their permit in their own transaction, actions in one of their own before they run.
    private static async Task TakeStoredPermitAsync(FunctionDefinition function, Caller caller, TDb db, DateTimeOffset now, CancellationToken ct)
    {
        if (function.RateLimit is { } limit && RateLimiter.ClientOf(caller) is { } client
            && await RateLimiter.TakeStoredAsync(db, RateLimiter.KeyOf(function.RateLimitBucket, client), limit, now, ct) is { } retryAfter)
        {
            throw RateLimiter.Refusal(function.Path, retryAfter);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one read-only snapshot in which any number of queries can run (live
    /// queries re-run everything a commit affected at one timestamp).
    /// </summary>
    public async Task<T> ReadSnapshotAsync<T>(Func<QuerySnapshot, Task<T>> work, CancellationToken ct) =>
        (await _transactions.ReadAsync((db, now, ts) => work(new QuerySnapshot(this, db, now, ts)), ct)).Result;

    // Finds the function and checks the arguments' shape and content, before any transaction: a bad argument
    // is the caller's error, never retried. Returns the function, or the failure to report.
    private (FunctionDefinition? Function, FunctionOutcome? Refusal) Resolve(string path, ConvexValue args, Caller caller, FunctionKind? kind,
        bool fromServer)
    {
        var canonical = FunctionPath.Canonicalize(path);
        var function = _registry.Find(canonical);
        if (function is null || (function.IsInternal && !caller.IsAdmin && !fromServer))
        {
            return (null, FunctionOutcome.Failed($"Could not find public function for '{FunctionPath.Display(canonical)}'.", null, []));
        }

        if (kind is { } expected && function.Kind != expected)
        {
            return (null, FunctionOutcome.Failed(
                $"Trying to execute {FunctionPath.Display(canonical)} as {expected}, but it is defined as {function.Kind}.", null, []));
        }

        try
        {
            function.Arguments.Bind(args);
            return (function, null);
        }
        catch (ArgumentShapeException e)
        {
            return (null, FunctionOutcome.Failed(new ArgumentValidationError(canonical, e.Path, e.Problem).Message, null, []));
        }
        catch (ArgumentContentException e)
        {
            return (null, FunctionOutcome.Failed(InvalidArguments(e).Message, _values.ToConvex(InvalidArguments(e).Data), []));
        }
    }

    // Turns every failure of a run into the protocol's error form. A failed run's log lines are not returned:
    // the attempt that printed them may have been retried.
    private async Task<FunctionOutcome> GuardAsync(FunctionDefinition function, Func<Task<FunctionOutcome>> run, CancellationToken ct)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (AsApplicationError(e) is { } error)
        {
            return FunctionOutcome.Failed(error.Message, ErrorDataOrNull(error), []);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (TimestampUnavailableException)
        {
            throw;
        }
#pragma warning disable CA1031 // Every other failure is a bug in a function or the runtime: logged, never leaked.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var requestId = Guid.NewGuid().ToString("N")[..16];
            _logger.LogError(e, "Request {RequestId}: {Kind} {Path} failed", requestId, function.Kind, FunctionPath.Display(function.Path));
            return FunctionOutcome.Failed($"[Request ID: {requestId}] Server Error", null, []);
        }
    }

    // Every attempt binds the arguments afresh and gets its own log: a retried mutation must not see what
    // an aborted attempt changed or printed. The result is converted (and checked against the client's
    // value rules) inside the transaction, after the runtime saved it, so stamped columns are in it and a
    // result the client could not read rolls the mutation back.
    private async Task<(ConvexValue Value, ulong Ts, IReadOnlyList<string> Log)> ExecuteAsync(FunctionDefinition function, ConvexValue args,
        Caller caller, ulong? at, MutationKey? once, CancellationToken ct)
    {
        switch (function.Kind)
        {
            case FunctionKind.Query:
                TakeQueryPermit(function, caller);
                var (query, latest) = await _transactions.ReadAsync(async (db, now) =>
                {
                    var log = new LogLines();
                    var result = await function.Invoke(new QueryContext<TDb>(db, caller, now, log, StorageOptions), function.Arguments.Bind(args));
                    if (at is { } ts)
                    {
                        await EnsureUnchangedSinceAsync(db, ts, ct);
                    }

                    return (Checked(result), log.Lines);
                }, ct);
                return (query.Item1, at ?? latest, query.Lines);
            case FunctionKind.Mutation:
                return await MutateAsync(function, args, caller, once, ct);
            default:
                if (function.RateLimit is not null && RateLimiter.ClientOf(caller) is not null)
                {
                    await _transactions.WriteAsync(async (db, now) =>
                    {
                        await TakeStoredPermitAsync(function, caller, db, now, ct);
                        return 0;
                    }, ct);
                }

                var actionLog = new LogLines();
                var value = await function.Invoke(new ActionContext(this, caller, _http, actionLog, _services), function.Arguments.Bind(args));
                return (Checked(value), 0, actionLog.Lines);
        }
    }

    private async Task<(ConvexValue Value, ulong Ts, IReadOnlyList<string> Log)> MutateAsync(FunctionDefinition function, ConvexValue args,
        Caller caller, MutationKey? once, CancellationToken ct)
    {
        Scheduler? scheduler = null;
        MutationContext<TDb>? context = null;
        var (outcome, ts) = await _transactions.WriteAsync(
            async (db, now) =>
            {
                context = null; // an earlier attempt rolled back: its deletions did not happen
                if (once is { } key && await db.MutationResults.FindAsync([key.SessionId, key.RequestId], ct) is { } earlier)
                {
                    // Answered before: the timestamp of this (writeless) transaction is at least the first commit's.
                    return (Db: db, Result: (object?)null, Log: new LogLines(), Earlier: earlier);
                }

                await TakeStoredPermitAsync(function, caller, db, now, ct);
                var log = new LogLines();
                scheduler = new Scheduler(db, _registry, _values, now);
                context = new MutationContext<TDb>(db, caller, now, log, scheduler, StorageOptions);
                var result = await function.Invoke(context, function.Arguments.Bind(args));
                return (Db: db, Result: result, Log: log, Earlier: (MutationRecord?)null);
            },
            run =>
            {
                if (run.Earlier is { } earlier)
                {
                    return (ConvexJson.Parse(earlier.Result),
                        (IReadOnlyList<string>)System.Text.Json.JsonSerializer.Deserialize<string[]>(earlier.LogLines)!);
                }

                var value = Checked(run.Result);
                if (once is { } key && run.Db.WrittenTables.Count > 0)
                {
                    // Saved with the commit record, in the same transaction (a mutation that wrote nothing can run again harmlessly).
                    run.Db.MutationResults.Add(new MutationRecord
                    {
                        SessionId = key.SessionId,
                        RequestId = key.RequestId,
                        Result = ConvexJson.Serialize(value, ConvexJsonFormat.ConvexEncoded),
                        LogLines = System.Text.Json.JsonSerializer.Serialize(run.Log.Lines),
                    });
                }

                return (value, run.Log.Lines);
            },
            ct);
        if (scheduler is { Scheduled: > 0 })
        {
            JobsScheduled?.Invoke();
        }

        await DeleteBlobsAsync(context);
        return (outcome.Item1, ts, outcome.Item2);
    }

    // After a commit: the blobs of the files the mutation deleted (their rows are gone with the commit).
    private Task DeleteBlobsAsync(MutationContext<TDb>? committed) =>
        committed is { Storage.DeletedBlobs.Count: > 0 } && _storage is not null
            ? _storage.DeleteBlobsAsync(committed.Storage.DeletedBlobs, CancellationToken.None)
            : Task.CompletedTask;

    /// <summary>Raised after a mutation of this process that scheduled jobs committed (the scheduler wakes on it).</summary>
    public event Action? JobsScheduled;

    // Converts a result and proves the client can decode it (no "$" or non-ASCII keys), while the
    // transaction can still roll back.
    private ConvexValue Checked(object? result)
    {
        var value = _values.ToConvex(result);
        ConvexJson.Serialize(value, ConvexJsonFormat.ConvexEncoded);
        return value;
    }

    private ConvexValue? ErrorDataOrNull(ConvexError error)
    {
        try
        {
            return Checked(error.Data);
        }
        catch (Exception e) when (e is ConvexValueException or NotSupportedException)
        {
            _logger.LogError(e, "The data of a ConvexError cannot be sent; the error goes out without it");
            return null;
        }
    }

    // A query "at" an earlier timestamp is answered from the current snapshot when no commit since then
    // wrote a table the query read: its result at that timestamp is the same.
    private static async Task EnsureUnchangedSinceAsync(TDb db, ulong ts, CancellationToken ct)
    {
        var latest = await db.LatestCommitTimestampAsync(ct);
        if (ts > latest)
        {
            throw new TimestampUnavailableException("InvalidTimestamp", $"Timestamp {ts} is newer than the latest commit {latest}.");
        }

        var written = await db.Commits.Where(c => c.Ts > (long)ts).Select(c => c.Tables).ToListAsync(ct);
        if (written.SelectMany(t => t.Split(',')).FirstOrDefault(db.ReadTables.Contains) is { } table)
        {
            throw new TimestampUnavailableException("SnapshotTooOld",
                $"The query read '{table}', which changed after timestamp {ts}; query again at a newer timestamp.");
        }
    }

    // Failures the caller should see as data: the function's own ConvexError, content rules of the
    // arguments, and data-model rules broken by a write (a duplicate is a conflict).
    private static ConvexError? AsApplicationError(Exception e) => e switch
    {
        ConvexError error => error,
        ArgumentContentException content => InvalidArguments(content),
        DataValidationException data => new ConvexError(ErrorCodes.Data(
            data.Errors.Any(x => x.Code == FieldErrorCodes.Unique) ? ErrorCodes.Conflict : ErrorCodes.InvalidArgument,
            data.Message, null,
            new { fields = data.Errors.GroupBy(x => x.Field).ToDictionary(g => g.Key, g => g.First().Message) })),
        _ => null,
    };

    /// <summary>The newest commit timestamp (what <c>/api/query_ts</c> answers).</summary>
    public async Task<ulong> LatestTimestampAsync(CancellationToken ct) =>
        (await _transactions.ReadAsync((_, _) => Task.FromResult(0), ct)).Timestamp;

    private static ConvexError InvalidArguments(ArgumentContentException content) =>
        new(ErrorCodes.Data(ErrorCodes.InvalidArgument,
            "Invalid arguments: " + string.Join("; ", content.Fields.Select(f => $"{f.Key}: {f.Value}")), null,
            new { fields = content.Fields.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First().Value) }));

    // ---------------------------------------------------------------- calls from server code

    public async Task<T> CallAsync<T>(FunctionKind kind, string path, object? args, Caller caller, CancellationToken ct)
    {
        var outcome = await RunAsync(path, args is null ? ConvexObject.Empty : _values.ToConvex(args), caller, kind, ct, fromServer: true);
        if (!outcome.Success)
        {
            throw outcome.ErrorData is { } data
                ? new ConvexError(data, outcome.ErrorMessage)
                : new FunctionCallException(FunctionPath.Canonicalize(path), outcome.ErrorMessage!);
        }

        return (T)_values.FromConvex(outcome.Value!, typeof(T), "")!;
    }

    /// <summary>The path of a function given as a method group (<c>Demo.Increment</c>).</summary>
    public string PathOf(Delegate function) =>
        _registry.Find(function.Method)?.Path
        ?? throw new ArgumentException($"{function.Method.DeclaringType?.Name}.{function.Method.Name} is not a registered function.", nameof(function));

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
