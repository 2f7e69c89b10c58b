using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Poktapok.Engine.Data;

/// <summary>
/// Records which tables a context's commands read, by the quoted table names in the SQL EF sends (every
/// table name is quoted in generated SQL on both providers). This is the read set of a query: a commit that
/// wrote none of these tables cannot have changed its result.
/// </summary>
public sealed class ReadSetInterceptor : DbCommandInterceptor
{
    public static ReadSetInterceptor Instance { get; } = new();

    private ReadSetInterceptor()
    {
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Record(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }

    private static void Record(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is PoktapokDbContext db)
        {
            db.RecordRead(command.CommandText);
        }
    }
}
