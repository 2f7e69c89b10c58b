using Microsoft.EntityFrameworkCore;
using Poktapok.App.Data;

namespace Poktapok.Legacy;

/// <summary>
/// How one legacy table is read and mapped to the model: its key columns (the keyset the reader pages by),
/// the SQL of columns a schema variant lacks, and the mapper from a <see cref="LegacyRow"/> to the entity.
/// </summary>
public abstract class LegacyTable
{
    /// <summary>The table's name, the same in the legacy database and in the model.</summary>
    public required string Name { get; init; }

    /// <summary>The columns rows are ordered and paged by: <c>id</c>, or the pair for <c>project_skills</c>.</summary>
    public IReadOnlyList<string> KeyColumns { get; init; } = ["id"];

    /// <summary>SQL for columns a schema variant does not have (<c>t</c> is the table), read in their place.</summary>
    public IReadOnlyDictionary<string, string> Fallbacks { get; init; } = new Dictionary<string, string>();

    /// <summary>SQL columns always read besides the table's own (checks the mapper needs).</summary>
    public IReadOnlyDictionary<string, string> Extras { get; init; } = new Dictionary<string, string>();

    /// <summary>The model's entity type for this table.</summary>
    public abstract Type EntityType { get; }

    /// <summary>Maps the current row; null when the mapper could not build an entity (see the row's errors).</summary>
    public abstract object? Map(LegacyRow row);

    /// <summary>The id of a mapped entity.</summary>
    public abstract Guid IdOf(object entity);

    /// <summary>The id a legacy row gets in the model, computed from the row's keys (for rows that fail to map).</summary>
    public abstract Guid KeyOf(LegacyRow row);

    /// <summary>
    /// Inserts the rows that are not in <paramref name="db"/> yet and updates those whose values differ; rows
    /// already there with the same values are left alone (<see cref="BulkUpsert"/>). Returns how many were
    /// written and how many unchanged.
    /// </summary>
    internal abstract Task<(int Written, int Unchanged)> UpsertAsync(AppDb db, IReadOnlyList<object> rows, CancellationToken ct);

    /// <summary>Every row of the table in the new database, soft-deleted ones included.</summary>
    internal abstract IAsyncEnumerable<object> ReadTargetAsync(AppDb db, CancellationToken ct);
}

/// <summary>A <see cref="LegacyTable"/> for the entity <typeparamref name="T"/>.</summary>
public sealed class LegacyTable<T> : LegacyTable where T : class
{
    public required Func<LegacyRow, T?> Mapper { get; init; }

    public required Func<T, Guid> Id { get; init; }

    /// <summary>The id from the row's key columns; by default the <c>id</c> column.</summary>
    public Func<LegacyRow, Guid> Key { get; init; } = row => row.Id("id");

    public override Type EntityType => typeof(T);

    public override object? Map(LegacyRow row) => Mapper(row);

    public override Guid IdOf(object entity) => Id((T)entity);

    public override Guid KeyOf(LegacyRow row) => Key(row);

    /// <summary>Runs in the write transaction before a batch is upserted (seed rows the batch replaces).</summary>
    public Func<AppDb, IReadOnlyList<T>, CancellationToken, Task>? BeforeWrite { get; init; }

    internal override async Task<(int Written, int Unchanged)> UpsertAsync(AppDb db, IReadOnlyList<object> rows, CancellationToken ct)
    {
        var typed = rows.Cast<T>().ToList();
        if (BeforeWrite is not null)
        {
            await BeforeWrite(db, typed, ct);
        }

        var written = await BulkUpsert.RunAsync(db, rows, ct);
        return (written, rows.Count - written);
    }

    internal override IAsyncEnumerable<object> ReadTargetAsync(AppDb db, CancellationToken ct) =>
        db.Set<T>().IgnoreQueryFilters().AsNoTracking().AsAsyncEnumerable();
}
