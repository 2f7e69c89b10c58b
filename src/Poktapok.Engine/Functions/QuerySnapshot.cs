using Microsoft.EntityFrameworkCore;
using Poktapok.Engine.Data;
using Poktapok.Protocol.Values;

namespace Poktapok.Engine.Functions;

public sealed partial class FunctionRunner<TDb>
{
    /// <summary>
    /// One read-only snapshot of the database at <see cref="Timestamp"/>, in which queries run one after another
    /// and report what they read. Live queries use it to bring every affected subscription to one timestamp.
    /// </summary>
    public sealed class QuerySnapshot
    {
        private readonly FunctionRunner<TDb> _runner;
        private readonly TDb _db;
        private readonly DateTimeOffset _now;
        private int _runs;

        internal QuerySnapshot(FunctionRunner<TDb> runner, TDb db, DateTimeOffset now, ulong timestamp)
        {
            Timestamp = timestamp;
            _runner = runner;
            _db = db;
            _now = now;
        }

        /// <summary>The newest commit this snapshot sees.</summary>
        public ulong Timestamp { get; }

        /// <summary>The commits after <paramref name="ts"/> that this snapshot sees, oldest first.</summary>
        public async Task<IReadOnlyList<(ulong Ts, IReadOnlyList<string> Tables)>> CommitsAfterAsync(ulong ts, CancellationToken ct)
        {
            var rows = await _db.Commits.Where(c => c.Ts > (long)ts).OrderBy(c => c.Ts).Select(c => new { c.Ts, c.Tables }).ToListAsync(ct);
            return [.. rows.Select(r => ((ulong)r.Ts, (IReadOnlyList<string>)r.Tables.Split(',', StringSplitOptions.RemoveEmptyEntries)))];
        }

        /// <summary>
        /// Runs one query in this snapshot and reports its outcome with what it read. <paramref name="journal"/> is the
        /// subscription's journal from its previous run (pagination keeps its page end in it), or null.
        /// </summary>
        public async Task<QueryExecution> RunAsync(string path, ConvexValue args, Caller caller, string? journal, CancellationToken ct)
        {
            // Whether an internal function may run depends on the caller: its result (and its refusal) must
            // never be shared with callers of another identity.
            var internalFunction = _runner._registry.Find(FunctionPath.Canonicalize(path))?.IsInternal == true;
            var (function, refusal) = _runner.Resolve(path, args, caller, FunctionKind.Query, fromServer: false);
            if (refusal is not null)
            {
                return new QueryExecution(refusal with { Timestamp = Timestamp }, new HashSet<string>(), internalFunction, null);
            }

            // On PostgreSQL a failed statement aborts the whole transaction, even when the function caught the
            // error; rolling back to a savepoint after every query (a read keeps nothing) keeps one query from
            // failing the others of the snapshot.
            var savepoint = _db.Provider == DatabaseProvider.Postgres ? $"q{_runs++}" : null;
            var tx = _db.Database.CurrentTransaction!;
            if (savepoint is not null)
            {
                await tx.CreateSavepointAsync(savepoint, ct);
            }

            _db.ResetReadSet();
            _db.ChangeTracker.Clear();
            var context = new QueryContext<TDb>(_db, caller, _now, new LogLines(), _runner.StorageOptions) { JournalIn = journal };
            var outcome = await _runner.GuardAsync(function!, async () =>
            {
                var result = await function!.Invoke(context, function.Arguments.Bind(args));
                return FunctionOutcome.Ok(_runner.Checked(result), context.Console.Lines, Timestamp);
            }, ct);
            if (savepoint is not null)
            {
                await tx.RollbackToSavepointAsync(savepoint, ct);
            }

            return new QueryExecution(outcome with { Timestamp = Timestamp }, _db.ReadTables.ToHashSet(StringComparer.Ordinal),
                context.ReadCaller || internalFunction,
                outcome.Success ? context.JournalOut : journal);
        }
    }
}

/// <summary>One query run in a snapshot: its outcome, the tables it read, whether it looked at its caller, and its journal.</summary>
public sealed record QueryExecution(FunctionOutcome Outcome, IReadOnlySet<string> ReadTables, bool ReadCaller, string? Journal);
