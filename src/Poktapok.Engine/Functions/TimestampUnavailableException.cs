namespace Poktapok.Engine.Functions;

/// <summary>
/// A query was asked for at a timestamp it cannot be answered at: in the future, or so far in the past that
/// a later commit changed a table the query reads. A request error (HTTP 400), not a function error.
/// </summary>
public sealed class TimestampUnavailableException(string code, string message) : Exception(message)
{
    /// <summary><c>InvalidTimestamp</c> or <c>SnapshotTooOld</c>.</summary>
    public string Code { get; } = code;
}
