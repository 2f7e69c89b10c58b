namespace Poktapok.Engine.Functions;

/// <summary>An internal action function: never callable by clients (see <see cref="FunctionAttribute"/>).</summary>
public sealed class InternalActionAttribute : FunctionAttribute
{
    public InternalActionAttribute()
        : base(FunctionKind.Action) => Internal = true;
}
