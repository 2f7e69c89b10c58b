namespace Poktapok.Engine.Functions;

/// <summary>A public action function (see <see cref="FunctionAttribute"/>).</summary>
public sealed class ActionAttribute() : FunctionAttribute(FunctionKind.Action);
