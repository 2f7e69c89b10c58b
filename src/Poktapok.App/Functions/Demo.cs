using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Schema;
using Poktapok.Engine.Functions;
using Poktapok.Protocol.Values;

namespace Poktapok.App.Functions;

/// <summary>
/// Small functions that exercise the runtime end to end (tests, the client-compatibility suite, benchmarks
/// and the docs' "writing a function" guide). They touch only <c>demo_counters</c> and read events.
/// </summary>
public static partial class Demo
{
    /// <summary>The value of a counter (0 when it does not exist yet).</summary>
    [Query]
    public static async Task<int> Get(QueryContext ctx, [Length(1, 100)] string name) =>
        await ctx.Db.DemoCounters.Where(c => c.Name == name).Select(c => (int?)c.Value).SingleOrDefaultAsync() ?? 0;

    /// <summary>Adds <paramref name="by"/> to a counter, creating it at 0 first; returns the new value.</summary>
    [Mutation]
    public static async Task<int> Increment(MutationContext ctx, [Length(1, 100)] string name, [Range(-1000, 1000)] int by = 1)
    {
        var counter = await ctx.Db.DemoCounters.SingleOrDefaultAsync(c => c.Name == name);
        if (counter is null)
        {
            counter = new DemoCounter { Name = name };
            ctx.Db.DemoCounters.Add(counter);
        }

        counter.Value += by;
        return counter.Value;
    }

    /// <summary>Increments a counter twice through the mutation, as two transactions (an action calling a mutation).</summary>
    [Action]
    public static async Task<int> IncrementTwice(ActionContext ctx, string name)
    {
        await ctx.RunMutation<int>(Increment, new { name });
        return await ctx.RunMutation<int>(Increment, new { name });
    }

    /// <summary>Increments two counters in one transaction (one commit that changes two results).</summary>
    [Mutation]
    public static async Task IncrementTwoCounters(MutationContext ctx, [Length(1, 100)] string first, [Length(1, 100)] string second)
    {
        await Increment(ctx, first);
        await Increment(ctx, second);
    }

    /// <summary>
    /// Increments a counter, waiting <paramref name="delayMs"/> inside the transaction before it commits (tests
    /// drop connections while a mutation is in flight with it).
    /// </summary>
    [Mutation]
    public static async Task<int> IncrementSlowly(MutationContext ctx, [Length(1, 100)] string name, [Range(0, 10_000)] int delayMs)
    {
        var value = await Increment(ctx, name);
        await Task.Delay(delayMs);
        return value;
    }

    /// <summary>Returns its argument unchanged (every Convex value kind survives the trip).</summary>
    [Query]
    public static ConvexValue Echo(QueryContext ctx, ConvexValue value)
    {
        ctx.Console.Log("echo", 1);
        return value;
    }

    /// <summary>The arguments of <see cref="Describe"/>: a record with content rules.</summary>
    public sealed record DescribeArgs(
        [Length(5, 100)] string Title,
        [Range(1, 10)] int Count,
        Schema.Enums.EventType Kind,
        string? Note = null);

    /// <summary>Shows how a record of arguments is validated and bound.</summary>
    [Query]
    public static string Describe(QueryContext ctx, DescribeArgs args) =>
        $"{args.Count} × {args.Title} ({Engine.Data.ClosedSet<Schema.Enums.EventType>.ToName(args.Kind)}){(args.Note is null ? "" : ": " + args.Note)}";

    /// <summary>Always refuses, with error data (an application error).</summary>
    [Mutation]
    public static Task<long> Refuse(MutationContext ctx, long max) =>
        throw new ConvexError(new { code = "BAD_INPUT", max }, "That is too many.");

    /// <summary>Always fails with an unexpected exception (an internal error).</summary>
    [Query]
    public static Task<long> Crash(QueryContext ctx) =>
        throw new InvalidOperationException("connection string Password=hunter2 leaked");

    /// <summary>Tries to write from a query, which the runtime refuses (queries are read-only).</summary>
    [Query]
    public static async Task<int> TryWrite(QueryContext ctx)
    {
        ctx.Db.DemoCounters.Add(new DemoCounter { Name = "written-by-a-query" });
        return await ctx.Db.SaveChangesAsync();
    }

    /// <summary>Sets a counter to zero (creating it) and returns the counter document.</summary>
    [Mutation]
    public static async Task<DemoCounter> Reset(MutationContext ctx, [Length(1, 100)] string name)
    {
        var counter = await ctx.Db.DemoCounters.SingleOrDefaultAsync(c => c.Name == name);
        if (counter is null)
        {
            counter = new DemoCounter { Name = name };
            ctx.Db.DemoCounters.Add(counter);
        }

        counter.Value = 0;
        return counter;
    }

    /// <summary>Increments a counter, then returns a value the client could not decode: the whole mutation is refused.</summary>
    [Mutation]
    public static async Task<System.Text.Json.Nodes.JsonObject> IncrementBadly(MutationContext ctx, string name)
    {
        await Increment(ctx, name);
        return new System.Text.Json.Nodes.JsonObject { ["$schema"] = "not a Convex field name" };
    }

    /// <summary>Every counter, oldest first, a page at a time (for <c>usePaginatedQuery</c>).</summary>
    [Query]
    public static Task<PaginationResult<DemoCounter>> ListCounters(QueryContext ctx, PaginationOptions paginationOpts) =>
        ctx.Db.DemoCounters.PaginateAsync(ctx, paginationOpts, c => c.CreatedAt);

    /// <summary>Who is calling: the token identifier, "admin" for an operator, or "anonymous" (a query that depends on its caller).</summary>
    [Query]
    public static string WhoAmI(QueryContext ctx) =>
        ctx.Auth?.TokenIdentifier ?? (ctx.Caller.IsAdmin ? "admin" : "anonymous");

    /// <summary>Who ran this mutation (as <see cref="WhoAmI"/>): a mutation runs as the identity it was sent with.</summary>
    [Mutation]
    public static string WhoRanMe(MutationContext ctx) =>
        ctx.Auth?.TokenIdentifier ?? (ctx.Caller.IsAdmin ? "admin" : "anonymous");

    /// <summary>
    /// A counter's value, naming the caller only once it is positive: a query whose dependence on its caller
    /// changes with the data (live queries must then stop sharing its result between identities).
    /// </summary>
    [Query]
    public static async Task<string> Greeting(QueryContext ctx, [Length(1, 100)] string name)
    {
        var value = await Get(ctx, name);
        return value > 0 ? $"{WhoAmI(ctx)}:{value}" : $"nobody:{value}";
    }

    /// <summary>Runs a statement that fails, catches the failure and answers anyway (a query that survives a database error).</summary>
    [Query]
    public static async Task<string> SurviveDatabaseError(QueryContext ctx)
    {
        try
        {
            await ctx.Db.Database.ExecuteSqlRawAsync("SELECT CAST('not a number' AS integer) + 1 FROM demo_counters_missing");
        }
        catch (Exception e) when (e is System.Data.Common.DbException)
        {
            ctx.Console.Warn("the statement failed, as it should");
        }

        return "survived";
    }

    /// <summary>Not callable by clients.</summary>
    [InternalQuery]
    public static string Ping(QueryContext ctx) => "pong";

    /// <summary>The most recent events, newest first (a read of up to 100 documents, for benchmarks).</summary>
    [Query]
    public static Task<List<Event>> RecentEvents(QueryContext ctx, [Range(1, 100)] int limit = 50) =>
        ctx.Db.Events.OrderByDescending(e => e.StartDate).Take(limit).ToListAsync();
}
