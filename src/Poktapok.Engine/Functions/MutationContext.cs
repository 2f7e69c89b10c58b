using Poktapok.Engine.Data;

namespace Poktapok.Engine.Functions;

/// <summary>
/// What a mutation may use: everything a query may, and writes. The whole mutation is one transaction; the
/// runtime saves and commits it when the function returns, and rolls it back when it throws. Function code
/// never calls SaveChanges or opens transactions.
/// </summary>
public sealed class MutationContext<TDb> : QueryContext<TDb> where TDb : PoktapokDbContext
{
    internal MutationContext(TDb db, Caller caller, DateTimeOffset now, LogLines console)
        : base(db, caller, now, console)
    {
    }
}
