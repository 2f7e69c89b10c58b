namespace Poktapok.Engine.Data;

/// <summary>
/// One committed mutation (<c>_poktapok_commits</c>): its commit timestamp, when it committed and which tables
/// it wrote. The newest timestamp visible in a snapshot is the timestamp that snapshot is "at", so a query and
/// the commits it can see always agree, on one node or many.
/// </summary>
public sealed class CommitRecord
{
    public const string TableName = "_poktapok_commits";

    /// <summary>The PostgreSQL sequence commit timestamps are drawn from (SQLite counts in the table itself).</summary>
    public const string SequenceName = "poktapok_commit_ts";

    public long Ts { get; set; }

    public DateTimeOffset CommittedAt { get; set; }

    /// <summary>The tables written, comma-separated (the write set live queries are matched against).</summary>
    public string Tables { get; set; } = "";
}
