namespace Poktapok.App.Schema.Values;

/// <summary>A point on the map (<c>events.coordinates</c>).</summary>
public sealed record Coordinates(double Lat, double Lng);
