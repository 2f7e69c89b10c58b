using Poktapok.Engine.Functions;

namespace Poktapok.App.Access;

/// <summary>
/// The <c>code</c> of every application error (FUNCTIONS.md §1 "Errors"). The runtime raises
/// <see cref="InvalidArgument"/>, <see cref="Conflict"/> and <see cref="RateLimited"/> itself; the others are the app's.
/// </summary>
public static class AppErrorCodes
{
    /// <summary>No token, or no <c>users</c> row where one is needed (reason <see cref="Reasons.NoAccount"/>).</summary>
    public const string Unauthenticated = "UNAUTHENTICATED";

    /// <summary>The caller is known but does not meet the function's access level or rule.</summary>
    public const string Forbidden = "FORBIDDEN";

    /// <summary>The target is missing, soft-deleted, or hidden from this caller.</summary>
    public const string NotFound = "NOT_FOUND";

    /// <summary>A content rule of the arguments failed; <c>details.fields</c> names each field.</summary>
    public const string InvalidArgument = ErrorCodes.InvalidArgument;

    /// <summary>A unique value is taken, or the thing exists already.</summary>
    public const string Conflict = ErrorCodes.Conflict;

    /// <summary>The target's state forbids the change.</summary>
    public const string FailedPrecondition = "FAILED_PRECONDITION";

    /// <summary>
    /// A rate limit was hit (<c>[RateLimit]</c> on the function, ADR-007); <c>details.retryAfterMs</c> says when to try again.
    /// </summary>
    public const string RateLimited = ErrorCodes.RateLimited;

    /// <summary>An outside service (Luma) failed.</summary>
    public const string UpstreamError = "UPSTREAM_ERROR";
}
