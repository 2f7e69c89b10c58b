using Poktapok.Protocol.Values;

namespace Poktapok.Protocol.Sync;

/// <summary>
/// <c>ActionResponse</c> (PROTOCOL.md §2.2): like <see cref="MutationResponse"/> without <c>ts</c>, since the client
/// resolves actions at once. On failure the wire's <c>result</c> is <see cref="ErrorMessage"/> and
/// <see cref="ErrorData"/> appears only for application errors. Build one with <see cref="Succeeded"/> or
/// <see cref="Failed"/>.
/// </summary>
public sealed record ActionResponse : ServerMessage
{
    private ActionResponse(int requestId, bool success, IReadOnlyList<string> logLines)
    {
        RequestId = requestId;
        Success = success;
        LogLines = logLines;
    }

    /// <inheritdoc />
    public override string Type => "ActionResponse";

    /// <summary>The request this answers.</summary>
    public int RequestId { get; init; }

    /// <summary>Whether the action returned normally.</summary>
    public bool Success { get; }

    /// <summary>The return value; set only on success.</summary>
    public ConvexValue? Result { get; private init; }

    /// <summary>The error message apps see; set only on failure.</summary>
    public string? ErrorMessage { get; private init; }

    /// <summary>ConvexError data; only on failure and only for application errors (C# null omits the key, pitfall P9).</summary>
    public ConvexValue? ErrorData { get; private init; }

    /// <summary>Log lines the client prints (§4.5).</summary>
    public IReadOnlyList<string> LogLines { get; init; }

    /// <summary>A successful response.</summary>
    /// <param name="requestId">The request this answers.</param>
    /// <param name="result">The return value.</param>
    /// <param name="logLines">Log lines.</param>
    /// <returns>The response.</returns>
    public static ActionResponse Succeeded(int requestId, ConvexValue result, IReadOnlyList<string> logLines)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(logLines);
        return new ActionResponse(requestId, success: true, logLines) { Result = result };
    }

    /// <summary>A failed response.</summary>
    /// <param name="requestId">The request this answers.</param>
    /// <param name="errorMessage">The error message.</param>
    /// <param name="errorData">ConvexError data for an application error, else null.</param>
    /// <param name="logLines">Log lines.</param>
    /// <returns>The response.</returns>
    public static ActionResponse Failed(int requestId, string errorMessage, ConvexValue? errorData, IReadOnlyList<string> logLines)
    {
        ArgumentNullException.ThrowIfNull(errorMessage);
        ArgumentNullException.ThrowIfNull(logLines);
        return new ActionResponse(requestId, success: false, logLines) { ErrorMessage = errorMessage, ErrorData = errorData };
    }
}
