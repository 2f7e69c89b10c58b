using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;

namespace Poktapok.App.Access;

/// <summary>
/// Who passed a moderator or admin level: a signed-in moderator or admin (<see cref="User"/>), or an operator
/// with the admin key and no identity (dashboard, CLI), who has no <c>users</c> row and acts as an admin.
/// </summary>
/// <param name="User">The caller's row; null for the operator.</param>
public sealed record Staff(User? User)
{
    /// <summary>The operator (admin key, no identity).</summary>
    public static Staff Operator { get; } = new((User?)null);

    /// <summary>Whether this is the operator rather than a signed-in user.</summary>
    public bool IsOperator => User is null;

    /// <summary>The caller's role; the operator counts as an admin.</summary>
    public UserRole Role => User?.Role ?? UserRole.Admin;

    /// <summary>Whether the caller has the admin role (or is the operator).</summary>
    public bool IsAdmin => Role == UserRole.Admin;

    /// <summary>How audit entries name the caller: the user id, or <c>"operator"</c>.</summary>
    public string Name => User?.Id.ToString("D") ?? "operator";

    /// <summary>Whether <paramref name="userId"/> is the caller's own row.</summary>
    public bool Is(Guid userId) => User?.Id == userId;
}
