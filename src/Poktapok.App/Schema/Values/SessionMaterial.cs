namespace Poktapok.App.Schema.Values;

/// <summary>A material linked from a session (<c>sessions.materials</c>).</summary>
public sealed record SessionMaterial(string Title, string Url, string? Type = null);
