using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Poktapok.Engine.Data;

/// <summary>
/// The base of the application's DbContext: it applies <see cref="ModelConventions"/>, stamps
/// <c>CreatedAt</c>/<c>UpdatedAt</c>, validates every row before it is written and turns the database's
/// constraint errors into <see cref="DataValidationException"/>. Function code never calls SaveChanges
/// itself; the runtime does, once per mutation.
/// </summary>
public abstract class PoktapokDbContext(DbContextOptions options, DatabaseProvider provider, TimeProvider? clock = null)
    : DbContext(options)
{
    private const string UpdatedAt = "UpdatedAt";

    public DatabaseProvider Provider { get; } = provider;

    /// <summary>The SQL fragments of <see cref="Provider"/>, for entity configurations.</summary>
    protected SqlDialect Dialect { get; } = new(provider);

    /// <summary>Where "now" comes from when rows are stamped (tests pass a fake clock).</summary>
    protected TimeProvider Clock { get; } = clock ?? TimeProvider.System;

    /// <summary>Configures the entities; the shared conventions are applied afterwards.</summary>
    protected abstract void ConfigureModel(ModelBuilder modelBuilder);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Free-form JSON objects (the legacy metadata columns) are values, never entity types.
        configurationBuilder.Properties<System.Text.Json.Nodes.JsonObject>()
            .HaveConversion<JsonValueConverter<System.Text.Json.Nodes.JsonObject>, JsonValueComparer<System.Text.Json.Nodes.JsonObject>>()
            .HaveColumnType(Dialect.IsPostgres ? "jsonb" : "TEXT");
    }

    /// <summary>
    /// Set by the runtime for queries: the context refuses to save, so a query cannot write even by mistake
    /// (the database transaction is read-only too).
    /// </summary>
    public bool IsReadOnly { get; internal set; }

    private readonly HashSet<string> _writtenTables = new(StringComparer.Ordinal);

    /// <summary>The tables this context has saved changes to (the write set of the mutation).</summary>
    public IReadOnlyCollection<string> WrittenTables => _writtenTables;

    /// <summary>
    /// Adds <paramref name="table"/> to the write set for a write made with plain SQL on this context's connection
    /// and transaction (bulk tools: the legacy import, a snapshot import's DELETEs), so that the transaction gets a commit record and live
    /// queries that read the table re-run, as for writes saved through EF. The caller has validated the rows; the
    /// database's constraints still apply (<see cref="TranslateConstraintError"/> names their fields).
    /// </summary>
    public void RecordWrite(string table)
    {
        if (IsReadOnly)
        {
            throw new InvalidOperationException("A query cannot write; use a mutation.");
        }

        _writtenTables.Add(table);
    }

    // One pattern per model (built once: a Regex is expensive to construct, contexts are per call).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IModel, Regex> s_tableNames = new();

    private readonly HashSet<string> _readTables = new(StringComparer.Ordinal);
    private Regex? _tableNames;

    /// <summary>The tables this context's commands have read (the read set of a query), commit log excluded.</summary>
    public IReadOnlyCollection<string> ReadTables => _readTables;

    // Table names appear in generated SQL quoted on SQLite and bare on PostgreSQL (Npgsql quotes only when it
    // must), so they are matched as whole identifiers. A column that happens to share a table's name can only
    // add a table to the read set, which costs an extra re-run, never a missed one.
    internal void RecordRead(string sql)
    {
        _tableNames ??= s_tableNames.GetValue(Model, static model => new Regex(
            @"(?<![\w$])""?(" + string.Join('|', model.GetEntityTypes()
                .Select(t => t.GetTableName())
                .OfType<string>()
                .Where(t => !IsSystemTable(t))
                .Distinct()
                .Select(Regex.Escape)) + @")""?(?![\w$])",
            RegexOptions.CultureInvariant | RegexOptions.Compiled));
        foreach (Match match in _tableNames.Matches(sql))
        {
            _readTables.Add(match.Groups[1].Value);
        }
    }

    /// <summary>Forgets the read set so far, so one context can run several queries and tell their reads apart.</summary>
    internal void ResetReadSet() => _readTables.Clear();

    /// <summary>The newest commit timestamp visible to this context's transaction (0 before the first commit).</summary>
    public async Task<ulong> LatestCommitTimestampAsync(CancellationToken ct) =>
        (ulong)(await Commits.Select(c => (long?)c.Ts).MaxAsync(ct) ?? 0);

    /// <summary>The commit log; written only by the runtime.</summary>
    public DbSet<CommitRecord> Commits => Set<CommitRecord>();

    /// <summary>Results of mutations sync clients sent, for answering re-sent requests; written only by the runtime.</summary>
    public DbSet<MutationRecord> MutationResults => Set<MutationRecord>();

    /// <summary>Scheduled function runs and their history; written by the runtime and <c>ctx.Scheduler</c>.</summary>
    public DbSet<Scheduling.ScheduledJob> ScheduledJobs => Set<Scheduling.ScheduledJob>();

    /// <summary>The state of each declared cron; written only by the runtime.</summary>
    public DbSet<Scheduling.CronRecord> CronStates => Set<Scheduling.CronRecord>();

    /// <summary>Stored token buckets of rate-limited mutations and actions; written only by the runtime.</summary>
    public DbSet<RateLimitRecord> RateLimits => Set<RateLimitRecord>();

    /// <summary>Stored files (<c>_storage</c>); written only by the upload route and <c>ctx.Storage</c>.</summary>
    public DbSet<Storage.StoredFile> StoredFiles => Set<Storage.StoredFile>();

    /// <summary>Whether a table is one of the runtime's own (<c>_poktapok_…</c>) rather than the application's.</summary>
    public static bool IsSystemTable(string table) => table.StartsWith("_poktapok_", StringComparison.Ordinal);

    protected sealed override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CommitRecord>(b =>
        {
            b.ToTable(CommitRecord.TableName);
            b.HasKey(c => c.Ts);
            b.Property(c => c.Ts).ValueGeneratedNever();
        });
        modelBuilder.Entity<MutationRecord>(b =>
        {
            b.ToTable(MutationRecord.TableName);
            b.HasKey(m => new { m.SessionId, m.RequestId });
            b.Property(m => m.SessionId).HasMaxLength(64);
            b.HasIndex(m => m.CreatedAt);
        });
        modelBuilder.Entity<RateLimitRecord>(b =>
        {
            b.ToTable(RateLimitRecord.TableName);
            b.HasKey(r => r.Key);
            b.Property(r => r.Key).HasMaxLength(RateLimitRecord.MaxKeyLength);
            b.HasIndex(r => r.FullAt);
        });
        modelBuilder.Entity<Scheduling.ScheduledJob>(b =>
        {
            b.ToTable(Scheduling.ScheduledJob.TableName);
            b.HasKey(j => j.Id);
            b.Property(j => j.Id).ValueGeneratedNever();
            b.Property(j => j.FunctionPath).HasMaxLength(300);
            b.Property(j => j.Kind).HasMaxLength(16);
            b.Property(j => j.State).HasMaxLength(16);
            b.Property(j => j.CronName).HasMaxLength(200);
            b.Property(j => j.Node).HasMaxLength(200);
            b.Ignore(j => j.IsFinished);
            b.HasIndex(j => new { j.State, j.ScheduledFor });
            b.HasIndex(j => new { j.CronName, j.ScheduledFor });
        });
        modelBuilder.Entity<Scheduling.CronRecord>(b =>
        {
            b.ToTable(Scheduling.CronRecord.TableName);
            b.HasKey(c => c.Name);
            b.Property(c => c.Name).HasMaxLength(200);
            b.Property(c => c.FunctionPath).HasMaxLength(300);
        });
        modelBuilder.Entity<Storage.StoredFile>(b =>
        {
            b.ToTable(Storage.StoredFile.TableName);
            b.HasKey(f => f.Id);
            b.Property(f => f.Id).ValueGeneratedNever();
            b.Property(f => f.ContentType).HasMaxLength(100);
            b.Property(f => f.Sha256).HasMaxLength(44);
            b.Property(f => f.UploadedBy).HasMaxLength(500);
            b.Ignore(f => f.BlobKey);
            b.HasIndex(f => f.CreatedAt);
        });
        modelBuilder.Entity<Storage.UploadGrant>(b =>
        {
            b.ToTable(Storage.UploadGrant.TableName);
            b.HasKey(g => g.Id);
            b.Property(g => g.Id).ValueGeneratedNever();
            b.Property(g => g.SecretHash).HasMaxLength(64);
            b.Property(g => g.Subject).HasMaxLength(500);
            b.HasIndex(g => g.ExpiresAt);
        });
        modelBuilder.Entity<Storage.BlobDeletion>(b =>
        {
            b.ToTable(Storage.BlobDeletion.TableName);
            b.HasKey(d => d.BlobKey);
            b.Property(d => d.BlobKey).HasMaxLength(64);
            b.HasIndex(d => d.DueAt);
        });
        modelBuilder.Entity<Storage.StoredBlob>(b =>
        {
            b.ToTable(Storage.StoredBlob.TableName);
            b.HasKey(d => d.Key);
            b.Property(d => d.Key).HasMaxLength(64);
        });
        if (Dialect.IsPostgres)
        {
            modelBuilder.HasSequence<long>(CommitRecord.SequenceName);
        }

        ConfigureModel(modelBuilder);
        ModelConventions.Apply(modelBuilder, Dialect);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        PrepareRows();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        catch (DbUpdateException e) when (TranslateConstraintError(e) is { } translated)
        {
            throw translated;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        PrepareRows();
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (DbUpdateException e) when (TranslateConstraintError(e) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>
    /// The <see cref="DataValidationException"/> for a database's refusal of a write (also of writes made
    /// with plain SQL), or null when <paramref name="error"/> is not a constraint violation.
    /// </summary>
    public DataValidationException? TranslateConstraintError(Exception error) =>
        // CHECK constraints are kept only in the design-time model, not in the read-optimised one.
        ConstraintErrors.Translate(error, this.GetService<IDesignTimeModel>().Model);

    private void PrepareRows()
    {
        if (IsReadOnly)
        {
            throw new InvalidOperationException("A query cannot write; use a mutation.");
        }

        ChangeTracker.DetectChanges();
        var now = TruncateToMicroseconds(Clock.GetUtcNow());
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Deleted)
            {
                _writtenTables.Add(entry.Metadata.GetTableName() ?? entry.Metadata.ClrType.Name);
            }

            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            Stamp(entry, now);
            _writtenTables.Add(entry.Metadata.GetTableName() ?? entry.Metadata.ClrType.Name);
            var errors = RowValidator.Validate(entry);
            if (errors.Count > 0)
            {
                throw new DataValidationException(entry.Metadata.GetTableName() ?? entry.Metadata.ClrType.Name, errors);
            }
        }
    }

    // A new row gets "now" in every instant column whose database default is now() (created_at, last_login_at,
    // submitted_at, ...) unless the caller set it: an import keeps the legacy values. A changed row gets a new
    // UpdatedAt unless the caller set it in the same change.
    private void Stamp(EntityEntry entry, DateTimeOffset now)
    {
        if (entry.State == EntityState.Added)
        {
            foreach (var property in entry.Properties)
            {
                if (property.Metadata.ClrType == typeof(DateTimeOffset)
                    && property.Metadata.GetDefaultValueSql() == Dialect.Now
                    && property.CurrentValue is DateTimeOffset value && value == default)
                {
                    property.CurrentValue = now;
                }
            }
        }
        else if (entry.Metadata.FindProperty(UpdatedAt)?.ClrType == typeof(DateTimeOffset)
                 && entry.Property(UpdatedAt) is { IsModified: false } updated)
        {
            updated.CurrentValue = now;
        }
    }

    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) =>
        new(value.UtcTicks - value.UtcTicks % 10, TimeSpan.Zero);
}
