using Poktapok.Protocol.Values;

namespace Poktapok.Protocol.Sync;

/// <summary>
/// <c>MutationResponse</c> (PROTOCOL.md §2.2). On success it carries <see cref="Result"/> and the commit
/// <see cref="Ts"/>; on failure the wire's <c>result</c> is <see cref="ErrorMessage"/>, <c>ts</c> is written as
/// <c>null</c> (as the real backend does) and <see cref="ErrorData"/> appears only for application errors.
/// Build one with <see cref="Succeeded"/> or <see cref="Failed"/>.
/// </summary>
public sealed record MutationResponse : ServerMessage
{
    private MutationResponse(int requestId, bool success, IReadOnlyList<string> logLines)
    {
        RequestId = requestId;
        Success = success;
        LogLines = logLines;
    }

    /// <inheritdoc />
    public override string Type => "MutationResponse";

    /// <summary>The request this answers.</summary>
    public int RequestId { get; init; }

    /// <summary>Whether the mutation committed.</summary>
    public bool Success { get; }

    /// <summary>The return value; set only on success.</summary>
    public ConvexValue? Result { get; private init; }

    /// <summary>
    /// The commit timestamp; set only on success. The client resolves the mutation only on a later Transition whose
    /// end ts is at least this (§2.3).
    /// </summary>
    public ulong? Ts { get; private init; }

    /// <summary>The error message apps see; set only on failure.</summary>
    public string? ErrorMessage { get; private init; }

    /// <summary>ConvexError data; only on failure and only for application errors (C# null omits the key, pitfall P9).</summary>
    public ConvexValue? ErrorData { get; private init; }

    /// <summary>Log lines the client prints (§4.5).</summary>
    public IReadOnlyList<string> LogLines { get; init; }

    /// <summary>A successful response.</summary>
    /// <param name="requestId">The request this answers.</param>
    /// <param name="result">The return value.</param>
    /// <param name="ts">The commit timestamp.</param>
    /// <param name="logLines">Log lines.</param>
    /// <returns>The response.</returns>
    public static MutationResponse Succeeded(int requestId, ConvexValue result, ulong ts, IReadOnlyList<string> logLines)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(logLines);
        return new MutationResponse(requestId, success: true, logLines) { Result = result, Ts = ts };
    }

    /// <summary>A failed response.</summary>
    /// <param name="requestId">The request this answers.</param>
    /// <param name="errorMessage">The error message.</param>
    /// <param name="errorData">ConvexError data for an application error, else null.</param>
    /// <param name="logLines">Log lines.</param>
    /// <returns>The response.</returns>
    public static MutationResponse Failed(int requestId, string errorMessage, ConvexValue? errorData, IReadOnlyList<string> logLines)
    {
        ArgumentNullException.ThrowIfNull(errorMessage);
        ArgumentNullException.ThrowIfNull(logLines);
        return new MutationResponse(requestId, success: false, logLines) { ErrorMessage = errorMessage, ErrorData = errorData };
    }
}
