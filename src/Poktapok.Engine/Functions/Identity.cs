namespace Poktapok.Engine.Functions;

/// <summary>
/// Who is calling, as a verified token says (Convex's <c>UserIdentity</c>): the subject (a Privy DID), the
/// issuer, and <see cref="TokenIdentifier"/> = <c>issuer|subject</c>, unique across providers.
/// </summary>
public sealed record Identity(string Subject, string Issuer, IReadOnlyDictionary<string, object?> Claims)
{
    public string TokenIdentifier => $"{Issuer}|{Subject}";

    /// <summary>When the token behind this identity expires (its <c>exp</c>); null when nothing says.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>The caller of one function run: anonymous, a verified identity, or an operator with the admin key.</summary>
public sealed record Caller(Identity? Identity, bool IsAdmin)
{
    public static Caller Anonymous { get; } = new(null, false);

    public static Caller Admin { get; } = new(null, true);
}
