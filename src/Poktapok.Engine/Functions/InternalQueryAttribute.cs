namespace Poktapok.Engine.Functions;

/// <summary>An internal query function: never callable by clients (see <see cref="FunctionAttribute"/>).</summary>
public sealed class InternalQueryAttribute : FunctionAttribute
{
    public InternalQueryAttribute()
        : base(FunctionKind.Query) => Internal = true;
}
