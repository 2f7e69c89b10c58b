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
    /// <summary>
    /// Where the call came from, set by the transport: <c>sync:&lt;id&gt;</c> for a sync connection,
    /// <c>http:&lt;address&gt;</c> for an HTTP client. Rate limits count anonymous calls per connection (ADR-007);
    /// null for server code (the scheduler, crons), which is never limited.
    /// </summary>
    public string? Connection { get; init; }

    public static Caller Anonymous { get; } = new(null, false);

    public static Caller Admin { get; } = new(null, true);
}
