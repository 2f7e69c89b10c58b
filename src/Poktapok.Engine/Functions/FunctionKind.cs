namespace Poktapok.Engine.Functions;

/// <summary>What a server function may do, and how the runtime runs it.</summary>
public enum FunctionKind
{
    /// <summary>Reads one consistent snapshot; never writes; live.</summary>
    Query,

    /// <summary>One serializable transaction, retried on conflict.</summary>
    Mutation,

    /// <summary>No direct data access; calls queries, mutations and the outside world.</summary>
    Action,
}
