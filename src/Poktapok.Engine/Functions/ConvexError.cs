namespace Poktapok.Engine.Functions;

/// <summary>
/// An application error: the function refused the call for a reason the caller should see. Its
/// <see cref="Data"/> reaches the client as <c>errorData</c> (the official client throws a <c>ConvexError</c>
/// with <c>.data</c>); any other exception is an internal error, logged and answered with a generic message.
/// </summary>
public class ConvexError : Exception
{
    public ConvexError(object? data, string? message = null)
        : base(message ?? DescribeData(data))
    {
        Data = data;
    }

    /// <summary>
    /// The error's data: any value a function could return (a record, an anonymous object, a string). The
    /// app's errors are <c>{code, message, reason?, details?}</c>.
    /// </summary>
    public new object? Data { get; }

    private static string DescribeData(object? data) => data switch
    {
        null => "ConvexError",
        string s => s,
        _ => data.GetType().GetProperty("Message")?.GetValue(data) as string ?? data.ToString() ?? "ConvexError",
    };
}
