using Poktapok.Engine.Functions;

namespace Poktapok.App.Access;

/// <summary>
/// Builds the app's application errors: a <see cref="ConvexError"/> whose data is
/// <c>{code, message, reason?, details?}</c> (FUNCTIONS.md §1). Functions <c>throw</c> what these return;
/// broken content rules go through <see cref="FieldErrors"/> instead (<c>INVALID_ARGUMENT</c> with <c>details.fields</c>).
/// </summary>
public static class AppErrors
{
    /// <summary>No verified identity: <c>UNAUTHENTICATED</c>.</summary>
    public static ConvexError Unauthenticated() =>
        Error(AppErrorCodes.Unauthenticated, "Sign in to do this.");

    /// <summary>A verified identity without a <c>users</c> row: <c>UNAUTHENTICATED</c> <c>NO_ACCOUNT</c>.</summary>
    public static ConvexError NoAccount() =>
        Error(AppErrorCodes.Unauthenticated, "There is no account for this sign-in yet; call users:login first.", Reasons.NoAccount);

    /// <summary><c>FORBIDDEN</c> with a reason from <see cref="Reasons"/>.</summary>
    public static ConvexError Forbidden(string reason, string message, object? details = null) =>
        Error(AppErrorCodes.Forbidden, message, reason, details);

    /// <summary><c>NOT_FOUND</c>: missing, soft-deleted, or hidden from this caller (never says which).</summary>
    public static ConvexError NotFound(string message) => Error(AppErrorCodes.NotFound, message);

    /// <summary><c>CONFLICT</c> with a reason from <see cref="Reasons"/>.</summary>
    public static ConvexError Conflict(string reason, string message, object? details = null) =>
        Error(AppErrorCodes.Conflict, message, reason, details);

    /// <summary><c>FAILED_PRECONDITION</c>: the target's state forbids the change.</summary>
    public static ConvexError FailedPrecondition(string reason, string message, object? details = null) =>
        Error(AppErrorCodes.FailedPrecondition, message, reason, details);

    /// <summary>Any application error by its parts.</summary>
    public static ConvexError Error(string code, string message, string? reason = null, object? details = null) =>
        new(ErrorCodes.Data(code, message, reason, details), message);
}
