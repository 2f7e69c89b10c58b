namespace Poktapok.Engine.Functions;

/// <summary>A public query function (see <see cref="FunctionAttribute"/>).</summary>
public sealed class QueryAttribute() : FunctionAttribute(FunctionKind.Query);
