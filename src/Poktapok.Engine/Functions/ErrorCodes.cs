namespace Poktapok.Engine.Functions;

/// <summary>The codes of application errors the runtime itself raises (the app adds its own).</summary>
public static class ErrorCodes
{
    /// <summary>Arguments of the right shape whose content breaks a rule; <c>details.fields</c> names each field.</summary>
    public const string InvalidArgument = "INVALID_ARGUMENT";

    /// <summary>A write that would duplicate a unique value.</summary>
    public const string Conflict = "CONFLICT";

    /// <summary>A rate-limited function called too often by one client; <c>details.retryAfterMs</c> says when to try again (ADR-007).</summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>The error data every application error carries: <c>{code, message, reason?, details?}</c>.</summary>
    public static object Data(string code, string message, string? reason = null, object? details = null) =>
        new ErrorData(code, message, reason, details);

    private sealed record ErrorData(string Code, string Message, Optional<string?> Reason, Optional<object?> Details)
    {
        public ErrorData(string code, string message, string? reason, object? details)
            : this(code, message, reason is null ? default : new Optional<string?>(reason), details is null ? default : new Optional<object?>(details))
        {
        }
    }
}
