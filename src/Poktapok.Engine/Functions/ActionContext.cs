namespace Poktapok.Engine.Functions;

/// <summary>
/// What an action may use: no database. It runs queries and mutations (each its own transaction), other
/// actions, and calls the outside world through <see cref="Http"/>.
/// </summary>
public sealed class ActionContext
{
    private readonly IFunctionCaller _functions;

    internal ActionContext(IFunctionCaller functions, Caller caller, HttpClient http, LogLines console, IServiceProvider services)
    {
        _functions = functions;
        Caller = caller;
        Http = http;
        Console = console;
        Services = services;
    }

    public Caller Caller { get; }

    public Identity? Auth => Caller.Identity;

    /// <summary>An HTTP client for outside services.</summary>
    public HttpClient Http { get; }

    public LogLines Console { get; }

    /// <summary>
    /// The server's services (configuration-bound clients such as the Luma client): what an action needs from
    /// the outside world besides <see cref="Http"/>. Queries and mutations have none, so they stay deterministic.
    /// </summary>
    public IServiceProvider Services { get; }

    /// <summary>Runs a query (public or internal) as this action's caller and returns its result.</summary>
    public Task<T> RunQuery<T>(string path, object? args = null, CancellationToken ct = default) =>
        _functions.CallAsync<T>(FunctionKind.Query, path, args, Caller, ct);

    /// <summary>Runs a mutation in its own transaction and returns its result once committed.</summary>
    public Task<T> RunMutation<T>(string path, object? args = null, CancellationToken ct = default) =>
        _functions.CallAsync<T>(FunctionKind.Mutation, path, args, Caller, ct);

    /// <summary>Runs another action.</summary>
    public Task<T> RunAction<T>(string path, object? args = null, CancellationToken ct = default) =>
        _functions.CallAsync<T>(FunctionKind.Action, path, args, Caller, ct);

    /// <summary>Runs a query given as a method group: <c>ctx.RunQuery&lt;long&gt;(Demo.Get, new { name })</c>.</summary>
    public Task<T> RunQuery<T>(Delegate function, object? args = null, CancellationToken ct = default) =>
        RunQuery<T>(_functions.PathOf(function), args, ct);

    /// <summary>Runs a mutation given as a method group.</summary>
    public Task<T> RunMutation<T>(Delegate function, object? args = null, CancellationToken ct = default) =>
        RunMutation<T>(_functions.PathOf(function), args, ct);

    /// <summary>Runs an action given as a method group.</summary>
    public Task<T> RunAction<T>(Delegate function, object? args = null, CancellationToken ct = default) =>
        RunAction<T>(_functions.PathOf(function), args, ct);
}
