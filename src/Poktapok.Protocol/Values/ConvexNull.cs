namespace Poktapok.Protocol.Values;

/// <summary>The Convex <c>null</c>, written as JSON <c>null</c>. There is one instance, <see cref="Instance"/>.</summary>
public sealed record ConvexNull : ConvexValue
{
    private ConvexNull()
    {
    }

    /// <summary>The only instance.</summary>
    public static ConvexNull Instance { get; } = new();
}
