namespace Poktapok.Engine.Functions;

/// <summary>
/// One page of a paginated query, in the shape Convex clients check (PROTOCOL.md §8):
/// <c>{page, isDone, continueCursor, splitCursor?, pageStatus?}</c>. The last two are sent only when the page
/// should be split (<see cref="Pagination.SplitRecommended"/>, <see cref="Pagination.SplitRequired"/>).
/// </summary>
/// <param name="Page">The documents of the page, in order.</param>
/// <param name="IsDone">Whether the page reaches the end of the range: there is nothing after it.</param>
/// <param name="ContinueCursor">Where the next page starts; on the last page a cursor meaning "the end".</param>
/// <param name="SplitCursor">A position inside the page at which the client may split it in two.</param>
/// <param name="PageStatus">Why the page should be split, when it should.</param>
public sealed record PaginationResult<T>(
    IReadOnlyList<T> Page,
    bool IsDone,
    string ContinueCursor,
    Optional<string> SplitCursor = default,
    Optional<string> PageStatus = default)
{
    /// <summary>The same page with each document converted (to return a projection rather than documents).</summary>
    public PaginationResult<TOut> Map<TOut>(Func<T, TOut> map) =>
        new([.. Page.Select(map)], IsDone, ContinueCursor, SplitCursor, PageStatus);
}
