using Poktapok.Engine.Data;

namespace Poktapok.Legacy;

/// <summary>What <c>poktapok import</c> does.</summary>
public sealed record ImportOptions
{
    /// <summary>The legacy database: a <c>postgres://</c> URL or an Npgsql connection string.</summary>
    public required string From { get; init; }

    /// <summary>The Poktapok database written to (migrated already).</summary>
    public required DatabaseTarget Target { get; init; }

    /// <summary><c>--only</c>: <c>admins</c>, <c>events</c> and/or table names; empty for every phase.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    /// <summary>Read, map, validate and report, but write nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Where refused rows are listed, one JSON object per line.</summary>
    public string? RejectsPath { get; init; }

    /// <summary>The <c>--fix</c> policies (<see cref="LegacyTables.FixPolicies"/>).</summary>
    public IReadOnlySet<string> Fixes { get; init; } = new HashSet<string>();

    /// <summary>Rows per batch; each written batch is one transaction with one commit record.</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>Where progress lines go (stderr for the CLI); null for none.</summary>
    public TextWriter? Progress { get; init; }

    /// <summary>Called after each batch is committed (tests cancel a run midway with it).</summary>
    public Action<int>? AfterBatch { get; init; }
}

/// <summary>The counts of one table in an import.</summary>
public sealed class TableCounts
{
    public required string Table { get; init; }

    /// <summary>Rows read from the legacy database.</summary>
    public long Read { get; set; }

    /// <summary>Rows inserted or updated (in a dry run: rows that passed and would be written).</summary>
    public long Written { get; set; }

    /// <summary>Rows already present with the same values.</summary>
    public long Unchanged { get; set; }

    /// <summary>Rows refused (listed in the rejects report).</summary>
    public long Rejected { get; set; }

    /// <summary>Rows a <c>--fix</c> policy repaired or left out.</summary>
    public long Fixed { get; set; }
}

/// <summary>One refused row, as written to the rejects report.</summary>
/// <param name="Table">The legacy table.</param>
/// <param name="Id">The row's id (for <c>project_skills</c>, the id the pair gets in the model).</param>
/// <param name="Field">The first field at fault (camelCase, as in the model), or empty.</param>
/// <param name="Reason">Every problem of the row, in one sentence per field.</param>
/// <param name="Code">The code of the first problem (<see cref="FieldErrorCodes"/>).</param>
public sealed record RejectedRow(string Table, Guid Id, string Field, string Reason, string Code);

/// <summary>The outcome of an import.</summary>
public sealed class ImportReport
{
    /// <summary>Counts per table, in the order the tables were first imported.</summary>
    public List<TableCounts> Tables { get; } = [];

    /// <summary>Every refused row.</summary>
    public List<RejectedRow> Rejects { get; } = [];

    /// <summary>What the fix policies did, one line per row ("events 1b2c…: event-type: 'online' → virtual").</summary>
    public List<string> Fixes { get; } = [];

    /// <summary>Where the rejects were written (null in a run without rejects path).</summary>
    public string? RejectsPath { get; set; }

    /// <summary>Batches written (each one transaction with one commit record).</summary>
    public int Batches { get; set; }

    public TimeSpan Elapsed { get; set; }

    public TableCounts For(string table)
    {
        var counts = Tables.FirstOrDefault(t => t.Table == table);
        if (counts is null)
        {
            Tables.Add(counts = new TableCounts { Table = table });
        }

        return counts;
    }
}
