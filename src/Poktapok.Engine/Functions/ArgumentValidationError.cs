namespace Poktapok.Engine.Functions;

/// <summary>
/// Arguments that do not fit the function's declared types (a missing or unknown field, a wrong type, a
/// value outside a closed set). Refused before the body runs, as Convex's <c>ArgumentValidationError</c>: a
/// plain error, without <c>errorData</c>.
/// </summary>
public sealed class ArgumentValidationError(string path, string field, string problem)
    : Exception($"ArgumentValidationError: {(field.Length == 0 ? "the arguments" : $"`{field.TrimStart('.')}`")} {problem}. Function: {FunctionPath.Display(path)}")
{
    /// <summary>Where in the arguments, for example <c>.paginationOpts.numItems</c>; empty for the whole object.</summary>
    public string Field { get; } = field;
}
