namespace Poktapok.Engine.Functions;

/// <summary>Calls a function from server code (actions, the scheduler, the CLI): internal functions included.</summary>
public interface IFunctionCaller
{
    /// <summary>
    /// Runs the function at <paramref name="path"/>, which must be of <paramref name="kind"/>, with C# arguments
    /// (an anonymous object, a record or null) and returns its result as <typeparamref name="T"/>. Failures
    /// are rethrown: a <see cref="ConvexError"/> as itself, anything else as an exception.
    /// </summary>
    Task<T> CallAsync<T>(FunctionKind kind, string path, object? args, Caller caller, CancellationToken ct);

    /// <summary>The path of a function given as a method group, so server code never spells a path by hand.</summary>
    string PathOf(Delegate function);
}
