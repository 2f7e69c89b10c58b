namespace Poktapok.Engine.Functions;

/// <summary>An internal mutation function: never callable by clients (see <see cref="FunctionAttribute"/>).</summary>
public sealed class InternalMutationAttribute : FunctionAttribute
{
    public InternalMutationAttribute()
        : base(FunctionKind.Mutation) => Internal = true;
}
