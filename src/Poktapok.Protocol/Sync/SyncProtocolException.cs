namespace Poktapok.Protocol.Sync;

/// <summary>
/// A sync message that breaks PROTOCOL.md §2: not JSON, an unknown <c>type</c>, or a missing or mistyped field. The
/// one-line message names the field, for example
/// <c>Invalid sync message at ModifyQuerySet.modifications[0].udfPath: required field is missing</c>.
/// </summary>
public sealed class SyncProtocolException : FormatException
{
    /// <summary>Creates the exception for the field at <paramref name="field"/>.</summary>
    /// <param name="field">Where the problem is, like <c>Mutation.args[0].n</c>; empty for the whole message.</param>
    /// <param name="reason">What is wrong.</param>
    public SyncProtocolException(string field, string reason)
        : this(field, reason, null)
    {
    }

    /// <summary>Creates the exception for the field at <paramref name="field"/> with the failure that revealed it.</summary>
    /// <param name="field">Where the problem is; empty for the whole message.</param>
    /// <param name="reason">What is wrong.</param>
    /// <param name="innerException">The underlying failure, such as a <see cref="Values.ConvexValueException"/>.</param>
    public SyncProtocolException(string field, string reason, Exception? innerException)
        : base(Describe(field, reason), innerException)
    {
        Field = field;
        Reason = reason;
    }

    /// <summary>Where the problem is: the message type, then JSON-path style (<c>.field</c>, <c>[index]</c>); empty for the whole message.</summary>
    public string Field { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }

    // Messages end up in one log line and in FatalError text, so any line breaks from inner messages are flattened.
    private static string Describe(string field, string reason)
    {
        var oneLine = reason.ReplaceLineEndings(" ");
        return field.Length == 0 ? $"Invalid sync message: {oneLine}" : $"Invalid sync message at {field}: {oneLine}";
    }
}
