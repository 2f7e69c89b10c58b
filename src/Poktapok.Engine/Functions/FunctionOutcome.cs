using Poktapok.Protocol.Values;

namespace Poktapok.Engine.Functions;

/// <summary>
/// The result of one function run as the protocol reports it: a value, or an error message with
/// <see cref="ErrorData"/> present only for application errors; the log lines; and, for queries and
/// mutations, the commit timestamp the run read at or committed at.
/// </summary>
public sealed record FunctionOutcome(
    bool Success,
    ConvexValue? Value,
    string? ErrorMessage,
    ConvexValue? ErrorData,
    IReadOnlyList<string> LogLines,
    ulong Timestamp)
{
    public static FunctionOutcome Ok(ConvexValue value, IReadOnlyList<string> logLines, ulong ts) =>
        new(true, value, null, null, logLines, ts);

    public static FunctionOutcome Failed(string message, ConvexValue? errorData, IReadOnlyList<string> logLines, ulong ts = 0) =>
        new(false, null, message, errorData, logLines, ts);
}
