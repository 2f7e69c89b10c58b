namespace Poktapok.App.Luma;

/// <summary>The <c>Luma</c> configuration section cannot be used; the message is one line naming the key.</summary>
public sealed class LumaConfigurationException(string message) : Exception(message);
