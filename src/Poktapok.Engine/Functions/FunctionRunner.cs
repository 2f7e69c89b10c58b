using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Poktapok.Engine.Data;
using Poktapok.Protocol.Values;

namespace Poktapok.Engine.Functions;

/// <summary>
/// The one pipeline every function call goes through, from any transport: find the function (internal ones
/// only for server code and admins), bind and validate its arguments, run it in the transaction its kind
/// needs, convert the result, and turn every failure into the protocol's error form. Internal failures are
/// logged with a request id; the caller sees only that id.
/// </summary>
public sealed class FunctionRunner<TDb> : IFunctionCaller where TDb : PoktapokDbContext
{
    private readonly FunctionRegistry _registry;
    private readonly ValueMapper _values;
    private readonly TransactionRunner<TDb> _transactions;
    private readonly HttpClient _http;
    private readonly ILogger _logger;

    public FunctionRunner(FunctionRegistry registry, ValueMapper values, TransactionRunner<TDb> transactions, HttpClient http, ILogger logger)
    {
        _registry = registry;
        _values = values;
        _transactions = transactions;
        _http = http;
        _logger = logger;
    }

    public FunctionRegistry Registry => _registry;

    public ValueMapper Values => _values;

    /// <summary>
    /// Runs the function a client named. <paramref name="kind"/> is the kind the transport asked for (null
    /// for <c>/api/function</c>, which runs any kind). Internal functions run only for admins and, with
    /// <paramref name="fromServer"/>, for server code (actions, the scheduler).
    /// </summary>
    public async Task<FunctionOutcome> RunAsync(string path, ConvexValue args, Caller caller, FunctionKind? kind, CancellationToken ct,
        bool fromServer = false, ulong? atTimestamp = null)
    {
        var canonical = FunctionPath.Canonicalize(path);
        var function = _registry.Find(canonical);
        if (function is null || (function.IsInternal && !caller.IsAdmin && !fromServer))
        {
            return FunctionOutcome.Failed($"Could not find public function for '{FunctionPath.Display(canonical)}'.", null, []);
        }

        if (kind is { } expected && function.Kind != expected)
        {
            return FunctionOutcome.Failed(
                $"Trying to execute {FunctionPath.Display(canonical)} as {expected}, but it is defined as {function.Kind}.", null, []);
        }

        var log = new LogLines();
        try
        {
            var bound = function.Arguments.Bind(args);
            var (value, ts) = await ExecuteAsync(function, bound, caller, log, atTimestamp, ct);
            return FunctionOutcome.Ok(value, log.Lines, ts);
        }
        catch (ArgumentShapeException e)
        {
            return FunctionOutcome.Failed(new ArgumentValidationError(canonical, e.Path, e.Problem).Message, null, log.Lines);
        }
        catch (Exception e) when (AsApplicationError(e) is { } error)
        {
            return FunctionOutcome.Failed(error.Message, _values.ToConvex(error.Data), log.Lines);
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
            _logger.LogError(e, "Request {RequestId}: {Kind} {Path} failed", requestId, function.Kind, FunctionPath.Display(canonical));
            return FunctionOutcome.Failed($"[Request ID: {requestId}] Server Error", null, log.Lines);
        }
    }

    private async Task<(ConvexValue, ulong)> ExecuteAsync(FunctionDefinition function, object?[] bound, Caller caller, LogLines log,
        ulong? at, CancellationToken ct)
    {
        switch (function.Kind)
        {
            case FunctionKind.Query:
                var (value, latest) = await _transactions.ReadAsync(async (db, now) =>
                {
                    var result = _values.ToConvex(await function.Invoke(new QueryContext<TDb>(db, caller, now, log), bound));
                    if (at is { } ts)
                    {
                        await EnsureUnchangedSinceAsync(db, ts, ct);
                    }

                    return result;
                }, ct);
                return (value, at ?? latest);
            case FunctionKind.Mutation:
                return await _transactions.WriteAsync(async (db, now) =>
                    _values.ToConvex(await function.Invoke(new MutationContext<TDb>(db, caller, now, log), bound)), ct);
            default:
                var result = await function.Invoke(new ActionContext(this, caller, _http, log), bound);
                return (_values.ToConvex(result), 0);
        }
    }

    // A query "at" an earlier timestamp is answered from the current snapshot when no commit since then
    // wrote a table the query read: its result at that timestamp is the same.
    private static async Task EnsureUnchangedSinceAsync(TDb db, ulong ts, CancellationToken ct)
    {
        var latest = (ulong)(await db.Commits.Select(c => (long?)c.Ts).MaxAsync(ct) ?? 0);
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
        ArgumentContentException content => new ConvexError(ErrorCodes.Data(ErrorCodes.InvalidArgument, "Invalid arguments", null,
            new { fields = content.Fields.ToDictionary(f => f.Key, f => f.Value) })),
        DataValidationException data => new ConvexError(ErrorCodes.Data(
            data.Errors.Any(x => x.Code == FieldErrorCodes.Unique) ? ErrorCodes.Conflict : ErrorCodes.InvalidArgument,
            data.Message, null,
            new { fields = data.Errors.GroupBy(x => x.Field).ToDictionary(g => g.Key, g => g.First().Message) })),
        _ => null,
    };

    /// <summary>The newest commit timestamp (what <c>/api/query_ts</c> answers).</summary>
    public async Task<ulong> LatestTimestampAsync(CancellationToken ct) =>
        (await _transactions.ReadAsync((_, _) => Task.FromResult(0), ct)).Timestamp;

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
}
