using System.ComponentModel.DataAnnotations;

namespace Poktapok.Engine.Functions;

/// <summary>
/// The <c>paginationOpts</c> argument of a paginated query, with exactly the keys Convex's
/// <c>paginationOptsValidator</c> accepts (PROTOCOL.md §8); clients send <c>{"cursor":null,"id":-1,"numItems":2}</c>.
/// Take it as a parameter named <c>paginationOpts</c> and pass it to
/// <see cref="Pagination.PaginateAsync{T, TKey, TDb}"/>.
/// </summary>
/// <param name="NumItems">
/// How many documents a page holds, at least 1; more than <see cref="MaxNumItems"/> is served as that many. A page that ends at an end cursor holds
/// the documents up to it, however many; <c>numItems</c> then only decides when to suggest a split.
/// </param>
/// <param name="Cursor">Where the page starts: null for the first page, else a cursor an earlier page returned.</param>
/// <param name="EndCursor">Where the page ends, inclusive (sent by clients splitting a page in two).</param>
/// <param name="Id">The client's number for its paginated query; accepted and ignored.</param>
/// <param name="MaximumRowsRead">At most this many documents in the page.</param>
/// <param name="MaximumBytesRead">Accepted for compatibility; not enforced (rows are limited by count only).</param>
public sealed record PaginationOptions(
    [Range(1, int.MaxValue)] int NumItems,
    string? Cursor = null,
    string? EndCursor = null,
    double? Id = null,
    [Range(1, int.MaxValue)] int? MaximumRowsRead = null,
    [Range(1, int.MaxValue)] int? MaximumBytesRead = null)
{
    /// <summary>The largest page served: a bigger <c>numItems</c> is served as this many (as Convex caps page sizes).</summary>
    public const int MaxNumItems = 1000;
}
