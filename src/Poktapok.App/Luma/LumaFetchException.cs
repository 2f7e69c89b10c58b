namespace Poktapok.App.Luma;

/// <summary>A calendar or event could not be fetched from Luma at all (after retries).</summary>
public sealed class LumaFetchException : Exception
{
    public LumaFetchException(string message, int? status = null, Exception? inner = null) : base(message, inner) => Status = status;

    /// <summary>Luma's HTTP status when it answered with one; null for timeouts, connection errors and refused hosts.</summary>
    public int? Status { get; }
}
