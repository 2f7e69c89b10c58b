namespace Poktapok.Protocol.Sync;

/// <summary>The <c>tokenType</c> of an <see cref="Authenticate"/> message; the member names are the wire strings.</summary>
public enum AuthTokenType
{
    /// <summary><c>"Admin"</c>: an admin key (dashboard, <c>setAdminAuth</c>), optionally impersonating a user.</summary>
    Admin,

    /// <summary><c>"User"</c>: a JWT from the app's identity provider.</summary>
    User,

    /// <summary><c>"None"</c>: sign out (<c>clearAuth</c>); carries no value.</summary>
    None,
}
