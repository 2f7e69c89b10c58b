namespace Poktapok.Engine.Functions;

/// <summary>A public mutation function (see <see cref="FunctionAttribute"/>).</summary>
public sealed class MutationAttribute() : FunctionAttribute(FunctionKind.Mutation);
