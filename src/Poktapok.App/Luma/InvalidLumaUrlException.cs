namespace Poktapok.App.Luma;

/// <summary>The text is neither a bare event slug nor an event URL on lu.ma, luma.com or the configured web host.</summary>
public sealed class InvalidLumaUrlException(string message) : Exception(message);
