namespace Poktapok.Engine.Functions;

/// <summary>
/// Names the table a <see cref="Guid"/> argument or result field refers to, for the generated TypeScript types
/// (<c>Id&lt;"users"&gt;</c>), where its name does not say it: <c>[IdOf("users")] Guid ownerId</c>. Fields named
/// after a table's entity (<c>userId</c>, <c>programIds</c>, <c>reviewedByUserId</c>) and the keys and foreign keys
/// of documents need no attribute. On a positional record, put it on the parameter; for a function returning an id,
/// use <c>[return: IdOf("table")]</c>. On a string (or a list of strings) it types stored ids, such as a JSON column's.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.ReturnValue, Inherited = false)]
public sealed class IdOfAttribute(string table) : Attribute
{
    /// <summary>For an id that may be of several tables (a polymorphic owner, a cursor): typed as a plain string.</summary>
    public const string SeveralTables = "*";

    /// <summary>Convex's name of the stored files' table.</summary>
    public const string Storage = "_storage";

    /// <summary>Convex's name of the scheduled functions' table (jobs).</summary>
    public const string ScheduledFunctions = "_scheduled_functions";

    /// <summary>The table name, as in the schema (<c>users</c>, <c>_storage</c>).</summary>
    public string Table { get; } = table;
}
