using Poktapok.Engine.Data;

namespace Poktapok.Engine.Functions;

/// <summary>
/// What a query may use: the database, read-only, in one consistent snapshot; the caller; the log. The app
/// aliases it for its own database (<c>global using QueryContext = …QueryContext&lt;AppDb&gt;</c>), so function
/// code reads <c>ctx.Db.Events.Where(…)</c>.
/// </summary>
public class QueryContext<TDb> where TDb : PoktapokDbContext
{
    internal QueryContext(TDb db, Caller caller, DateTimeOffset now, LogLines console)
    {
        Db = db;
        Caller = caller;
        Now = now;
        Console = console;
    }

    /// <summary>The database. In a query it refuses to save; in a mutation the runtime saves it once, at the end.</summary>
    public TDb Db { get; }

    /// <summary>Who is calling.</summary>
    public Caller Caller { get; }

    /// <summary>The verified identity of the caller, or null when anonymous.</summary>
    public Identity? Auth => Caller.Identity;

    /// <summary>The time of this run, read once (a mutation stamps every row it writes with it).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Log lines sent back to the caller with the result.</summary>
    public LogLines Console { get; }
}
