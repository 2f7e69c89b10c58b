namespace Poktapok.Engine.Functions;

/// <summary>
/// Marks a public static method of a module (a static class under the functions namespace) as a server
/// function. Use <see cref="QueryAttribute"/>, <see cref="MutationAttribute"/> or <see cref="ActionAttribute"/>
/// and their internal variants; the path is derived from the namespace, class and method name.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public abstract class FunctionAttribute(FunctionKind kind) : Attribute
{
    public FunctionKind Kind { get; } = kind;

    /// <summary>Internal functions are callable only by server code, the scheduler, crons and admin tools.</summary>
    public bool Internal { get; protected init; }
}
