namespace Poktapok.App.Schema.Values;

/// <summary>One host of an event (<c>events.hosts</c>), as Luma lists them.</summary>
public sealed record EventHost(string Name, string? AvatarUrl = null, string? Handle = null);
