using System.Buffers;
using System.Buffers.Text;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Poktapok.Engine.Data;

namespace Poktapok.Engine.Functions;

/// <summary>
/// Convex pagination for query functions (PROTOCOL.md §8), so that <c>usePaginatedQuery</c> works unchanged:
/// <code>
/// [Query]
/// public static Task&lt;PaginationResult&lt;Event&gt;&gt; List(QueryContext ctx, PaginationOptions paginationOpts) =>
///     ctx.Db.Events.PaginateAsync(ctx, paginationOpts, e => e.StartDate, descending: true);
/// </code>
/// Pages are keyset ranges, never offsets: documents are ordered by the sort key and then by their id, and a
/// cursor names a position in that order (a key and an id), so a page neither skips nor repeats documents when
/// others are inserted or deleted before it. Each page is one SQL statement.
/// </summary>
public static class Pagination
{
    /// <summary>
    /// The most documents one page returns. Only a page bounded by an end cursor can reach it (it grows as
    /// documents are inserted into its range); it is then cut there and marked <see cref="SplitRequired"/>.
    /// </summary>
    public const int MaxRowsPerPage = 4 * PaginationOptions.MaxNumItems;

    /// <summary><c>pageStatus</c> of a page bounded by an end cursor that grew past twice its <c>numItems</c>.</summary>
    public const string SplitRecommended = "SplitRecommended";

    /// <summary><c>pageStatus</c> of a page that was cut short at the row limit: the client must split it.</summary>
    public const string SplitRequired = "SplitRequired";

    private static readonly HashSet<Type> s_keyTypes =
        [typeof(string), typeof(Guid), typeof(DateTimeOffset), typeof(int), typeof(long), typeof(double), typeof(decimal)];

    /// <summary>
    /// One page of <paramref name="query"/>, ordered by <paramref name="sortKey"/> and then by the document's
    /// <c>Guid Id</c> (any ordering of <paramref name="query"/> is replaced). The page starts after
    /// <c>options.Cursor</c> and ends at <c>options.EndCursor</c> when given, else at the end cursor this
    /// subscription's previous run left in its journal, else after <c>options.NumItems</c> documents; the
    /// end it used goes into the journal. One paginated query per function run.
    /// </summary>
    /// <param name="query">The documents to page through (an EF Core query, filtered as needed).</param>
    /// <param name="ctx">The function's context, whose journal the page ends at and writes.</param>
    /// <param name="options">The client's <c>paginationOpts</c>.</param>
    /// <param name="sortKey">
    /// A column that is never null, of type string, Guid, DateTimeOffset, int, long, double or decimal.
    /// Index it (with the id) for large tables.
    /// </param>
    /// <param name="descending">Newest (largest key) first.</param>
    /// <param name="ct">Cancels the database read.</param>
    /// <exception cref="ConvexError">A cursor that is not one of this query's (<c>InvalidCursor</c>, which makes clients restart).</exception>
    /// <exception cref="ArgumentContentException"><c>numItems</c> or <c>maximumRowsRead</c> out of range.</exception>
    public static async Task<PaginationResult<T>> PaginateAsync<T, TKey, TDb>(this IQueryable<T> query, QueryContext<TDb> ctx,
        PaginationOptions options, Expression<Func<T, TKey>> sortKey, bool descending = false, CancellationToken ct = default)
        where T : class
        where TDb : PoktapokDbContext
    {
        if (ctx.JournalOut is not null)
        {
            throw new InvalidOperationException(
                "MultiplePaginatedDatabaseQueries: a function may run only one paginated query (its end cursor is the query's journal).");
        }

        CheckOptions(options);
        if (options.NumItems > PaginationOptions.MaxNumItems)
        {
            options = options with { NumItems = PaginationOptions.MaxNumItems };
        }

        if (!s_keyTypes.Contains(typeof(TKey)))
        {
            throw new NotSupportedException(
                $"A paginated query cannot sort by a {typeof(TKey).Name}; use a non-null string, Guid, DateTimeOffset, int, long, double or decimal.");
        }

        var order = new Ordering<T, TKey>(sortKey, descending);
        var start = options.Cursor is { } cursor ? PaginationCursor.Decode<TKey>(cursor) : null;
        var (end, endCursor) = EndOf<TKey>(options.EndCursor, ctx.JournalIn);
        var result = start is { IsEnd: true }
            ? new PaginationResult<T>([], true, PaginationCursor.End)
            : await PageAsync(order.Apply(query, start, end), order, options, end, endCursor, ct);
        ctx.JournalOut = PaginationCursor.Journal(result.ContinueCursor);
        return result;
    }

    private static async Task<PaginationResult<T>> PageAsync<T, TKey>(IQueryable<T> rows, Ordering<T, TKey> order, PaginationOptions options,
        CursorPosition<TKey>? end, string? endCursor, CancellationToken ct)
        where T : class
    {
        var limit = end is null
            ? Math.Min(options.NumItems, options.MaximumRowsRead ?? int.MaxValue)
            : Math.Min(options.MaximumRowsRead ?? MaxRowsPerPage, MaxRowsPerPage);
        var fetched = await FetchAsync(rows.Take(limit + 1), ct);
        var more = fetched.Count > limit;
        var page = more ? fetched[..limit] : fetched;
        if (end is null)
        {
            return new PaginationResult<T>(page, !more, more ? order.CursorAfter(page[^1]) : PaginationCursor.End);
        }

        if (more)
        {
            return new PaginationResult<T>(page, false, endCursor!, order.CursorAfter(page[^1]), SplitRequired);
        }

        return page.Count > 2 * options.NumItems
            ? new PaginationResult<T>(page, end.IsEnd, endCursor!, order.CursorAfter(page[(page.Count / 2) - 1]), SplitRecommended)
            : new PaginationResult<T>(page, end.IsEnd, endCursor!);
    }

    // EF Core queries run asynchronously; any other IQueryable (LINQ to objects, in unit tests) synchronously.
    private static async Task<List<T>> FetchAsync<T>(IQueryable<T> rows, CancellationToken ct) =>
        rows is IAsyncEnumerable<T> ? await rows.ToListAsync(ct) : [.. rows];

    private static void CheckOptions(PaginationOptions options)
    {
        if (options.NumItems < 1)
        {
            throw new ArgumentContentException(".paginationOpts.numItems", "must be at least 1");
        }

        if (options.MaximumRowsRead is < 1)
        {
            throw new ArgumentContentException(".paginationOpts.maximumRowsRead", "must be at least 1");
        }
    }

    // The end the client asked for wins over the journal's; a journal that cannot be read is ignored (the page
    // is then computed from numItems, as on a first run), while a bad end cursor from the client is its error.
    private static (CursorPosition<TKey>? End, string? Cursor) EndOf<TKey>(string? endCursor, string? journal)
    {
        if (endCursor is not null)
        {
            return (PaginationCursor.Decode<TKey>(endCursor), endCursor);
        }

        return PaginationCursor.EndCursorOf(journal) is { } journaled && PaginationCursor.TryDecode<TKey>(journaled, out var end)
            ? (end, journaled)
            : (null, null);
    }

    /// <summary>The error that makes <c>usePaginatedQuery</c> start over from the first page.</summary>
    internal static ConvexError InvalidCursor(string problem) =>
        new(new PaginationErrorData(true, "InvalidCursor"), $"InvalidCursor: {problem}");

    private sealed record PaginationErrorData(bool IsConvexSystemError, string PaginationError);

    /// <summary>The order of a paginated query (sort key, then id) and the filters that cut ranges out of it.</summary>
    private sealed class Ordering<T, TKey>
        where T : class
    {
        private readonly Expression<Func<T, TKey>> _key;
        private readonly Expression<Func<T, Guid>> _id;
        private readonly bool _descending;

        public Ordering(Expression<Func<T, TKey>> key, bool descending)
        {
            var id = typeof(T).GetProperty("Id", BindingFlags.Public | BindingFlags.Instance);
            if (id?.PropertyType != typeof(Guid))
            {
                throw new NotSupportedException($"A paginated query needs documents with a Guid Id; {typeof(T).Name} has none.");
            }

            _key = key;
            _id = Expression.Lambda<Func<T, Guid>>(Expression.Property(key.Parameters[0], id), key.Parameters[0]);
            _descending = descending;
        }

        public IQueryable<T> Apply(IQueryable<T> query, CursorPosition<TKey>? start, CursorPosition<TKey>? end)
        {
            var forward = _descending ? ExpressionType.LessThan : ExpressionType.GreaterThan;
            var backward = _descending ? ExpressionType.GreaterThan : ExpressionType.LessThan;
            if (start is not null)
            {
                query = query.Where(Beyond(start, forward, forward));
            }

            if (end is { IsEnd: false })
            {
                query = query.Where(Beyond(end, backward, _descending ? ExpressionType.GreaterThanOrEqual : ExpressionType.LessThanOrEqual));
            }

            return _descending
                ? query.OrderByDescending(_key).ThenByDescending(_id)
                : query.OrderBy(_key).ThenBy(_id);
        }

        public string CursorAfter(T row)
        {
            // Interpreted: compiling to IL costs more than evaluating the key of one row.
            var key = _key.Compile(preferInterpretation: true)(row)
                ?? throw new InvalidOperationException($"The sort key of a paginated query was null for a {typeof(T).Name}; sort by a non-null column.");
            return PaginationCursor.Encode(key, _id.Compile(preferInterpretation: true)(row));
        }

        // key ⋛ k || (key == k && id ⋛ i), with k and i as SQL parameters.
        private Expression<Func<T, bool>> Beyond(CursorPosition<TKey> at, ExpressionType keyOrder, ExpressionType idOrder)
        {
            var key = Parameter(at.Key);
            var body = Expression.OrElse(
                Compare(_key.Body, key, keyOrder),
                Expression.AndAlso(Expression.Equal(_key.Body, key), Compare(_id.Body, Parameter(at.Id), idOrder)));
            return Expression.Lambda<Func<T, bool>>(body, _key.Parameters[0]);
        }

        // Strings and Guids have no < in C#; EF Core turns "a.CompareTo(b) > 0" into "a > b" on both providers.
        private static BinaryExpression Compare(Expression left, Expression right, ExpressionType order) =>
            left.Type == typeof(string) || left.Type == typeof(Guid)
                ? Expression.MakeBinary(order, Expression.Call(left, left.Type.GetMethod(nameof(string.CompareTo), [left.Type])!, right), Expression.Constant(0))
                : Expression.MakeBinary(order, left, right);

        // A field of a captured object, which EF Core sends as a parameter rather than inlining a literal.
        private static MemberExpression Parameter<TValue>(TValue value) =>
            Expression.Field(Expression.Constant(new StrongBox<TValue>(value)), nameof(StrongBox<TValue>.Value));
    }
}

/// <summary>A decoded cursor: a position (sort key, id), or the end of every range.</summary>
internal sealed record CursorPosition<TKey>(bool IsEnd, TKey Key, Guid Id);

/// <summary>
/// The cursor and journal formats. A cursor is the URL-safe base64 of <c>{"v":1,"k":key,"i":"id"}</c> (the
/// position after that document) or of <c>{"v":1,"end":true}</c>; a journal is <c>page-end:</c> and the end
/// cursor a run used. Both are opaque to clients.
/// </summary>
internal static class PaginationCursor
{
    private const int Version = 1;
    private const string JournalPrefix = "page-end:";

    private static readonly JsonSerializerOptions s_json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The position after every document: the <c>continueCursor</c> of a last page.</summary>
    public static string End { get; } = Write(w => w.WriteBoolean("end", true));

    public static string Encode<TKey>(TKey key, Guid id) => Write(w =>
    {
        w.WritePropertyName("k");
        JsonSerializer.Serialize(w, key, s_json);
        w.WriteString("i", id);
    });

    /// <summary>Decodes a cursor, or throws <see cref="Pagination.InvalidCursor"/>.</summary>
    public static CursorPosition<TKey> Decode<TKey>(string cursor) =>
        TryDecode<TKey>(cursor, out var position)
            ? position
            : throw Pagination.InvalidCursor($"'{(cursor.Length > 100 ? cursor[..100] + "…" : cursor)}' is not a cursor of this query.");

    public static bool TryDecode<TKey>(string cursor, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CursorPosition<TKey>? position)
    {
        position = null;
        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(cursor));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("v", out var version) || !version.TryGetInt32(out var v) || v != Version)
            {
                return false;
            }

            if (root.TryGetProperty("end", out var end))
            {
                position = end.ValueKind == JsonValueKind.True ? new CursorPosition<TKey>(true, default!, Guid.Empty) : null;
                return position is not null;
            }

            if (root.TryGetProperty("k", out var keyJson) && keyJson.Deserialize<TKey>(s_json) is { } key
                && root.TryGetProperty("i", out var idJson) && idJson.ValueKind == JsonValueKind.String && idJson.TryGetGuid(out var id))
            {
                position = new CursorPosition<TKey>(false, key, id);
            }

            return position is not null;
        }
        catch (Exception e) when (e is FormatException or JsonException or NotSupportedException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The journal that makes the next run of the same query end where this one did.</summary>
    public static string Journal(string endCursor) => JournalPrefix + endCursor;

    /// <summary>The end cursor in a journal, or null for none (or one this runtime did not write).</summary>
    public static string? EndCursorOf(string? journal) =>
        journal is not null && journal.StartsWith(JournalPrefix, StringComparison.Ordinal) ? journal[JournalPrefix.Length..] : null;

    private static string Write(Action<Utf8JsonWriter> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", Version);
            fields(writer);
            writer.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.WrittenSpan);
    }
}
