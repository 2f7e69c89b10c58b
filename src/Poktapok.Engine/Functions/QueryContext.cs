using Poktapok.Engine.Data;
using Poktapok.Engine.Storage;

namespace Poktapok.Engine.Functions;

/// <summary>
/// What a query may use: the database, read-only, in one consistent snapshot; the caller; the log. The app
/// aliases it for its own database (<c>global using QueryContext = …QueryContext&lt;AppDb&gt;</c>), so function
/// code reads <c>ctx.Db.Events.Where(…)</c>.
/// </summary>
public class QueryContext<TDb> where TDb : PoktapokDbContext
{
    internal QueryContext(TDb db, Caller caller, DateTimeOffset now, LogLines console, StorageOptions? storage = null)
    {
        Db = db;
        _caller = caller;
        Now = now;
        Console = console;
        StorageOptions = storage;
    }

    private protected StorageOptions? StorageOptions { get; }

    private StorageReader? _storage;

    /// <summary>Stored files: their URLs and metadata (file storage, docs/files.md).</summary>
    public StorageReader Storage => _storage ??= new StorageReader(Db, StorageOptions);

    /// <summary>The database. In a query it refuses to save; in a mutation the runtime saves it once, at the end.</summary>
    public TDb Db { get; }

    private readonly Caller _caller;

    /// <summary>Who is calling.</summary>
    public Caller Caller
    {
        get
        {
            ReadCaller = true;
            return _caller;
        }
    }

    /// <summary>The verified identity of the caller, or null when anonymous.</summary>
    public Identity? Auth => Caller.Identity;

    /// <summary>
    /// Whether the function looked at its caller. A live query that did not can share one execution among
    /// subscribers with different identities.
    /// </summary>
    internal bool ReadCaller { get; private set; }

    /// <summary>The time of this run, read once (a mutation stamps every row it writes with it).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Log lines sent back to the caller with the result.</summary>
    public LogLines Console { get; }

    /// <summary>
    /// The query journal this run starts from: the <see cref="JournalOut"/> of the previous run of the same
    /// subscription (or the journal a client sent back in <c>Add.journal</c>), null for a first run, an HTTP
    /// call or a mutation. Set by the runtime when it creates the context; a paginated query ends its page
    /// where the journal says, so pages stay gapless as documents come and go.
    /// </summary>
    internal string? JournalIn { get; init; }

    /// <summary>
    /// The journal this run leaves for the next run of the subscription (<c>QueryUpdated.journal</c>): set by
    /// <see cref="Pagination.PaginateAsync{T, TKey, TDb}"/>, null when the function did not paginate. The runtime
    /// reads it after the function returns.
    /// </summary>
    internal string? JournalOut { get; set; }
}
