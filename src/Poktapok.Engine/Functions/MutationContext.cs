using Poktapok.Engine.Data;
using Poktapok.Engine.Scheduling;
using Poktapok.Engine.Storage;

namespace Poktapok.Engine.Functions;

/// <summary>
/// What a mutation may use: everything a query may, and writes. The whole mutation is one transaction; the
/// runtime saves and commits it when the function returns, and rolls it back when it throws. Function code
/// never calls SaveChanges or opens transactions.
/// </summary>
public sealed class MutationContext<TDb> : QueryContext<TDb> where TDb : PoktapokDbContext
{
    internal MutationContext(TDb db, Caller caller, DateTimeOffset now, LogLines console, Scheduler scheduler, StorageOptions? storage = null)
        : base(db, caller, now, console, storage)
    {
        Scheduler = scheduler;
        Storage = new StorageWriter(db, storage, caller.Identity, now);
    }

    /// <summary>Stored files: upload URLs, URLs and metadata, and deletion, in this mutation's transaction.</summary>
    public new StorageWriter Storage { get; }

    /// <summary>Schedules mutations and actions to run later, in this mutation's transaction (no job if it rolls back).</summary>
    public Scheduler Scheduler { get; }
}
