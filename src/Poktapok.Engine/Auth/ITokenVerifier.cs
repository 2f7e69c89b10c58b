using Poktapok.Engine.Functions;
using Poktapok.Protocol.Sync;

namespace Poktapok.Engine.Auth;

/// <summary>
/// Turns the credentials a client presents (a sync <c>Authenticate</c>, an HTTP <c>Authorization</c> header)
/// into the <see cref="Caller"/> its functions run as, or refuses them with <see cref="AuthenticationException"/>.
/// </summary>
public interface ITokenVerifier
{
    /// <summary>The caller for <paramref name="value"/>; <see cref="AuthTokenType.None"/> is always anonymous.</summary>
    Task<Caller> VerifyAsync(AuthTokenType type, string? value, CancellationToken ct);
}

/// <summary>A refused credential; <see cref="Exception.Message"/> is what the client is told.</summary>
public sealed class AuthenticationException(string message) : Exception(message);

/// <summary>
/// The verifier when no token provider is configured: every client is anonymous, and a presented token is
/// refused as Convex refuses a token no provider matches.
/// </summary>
public sealed class NoTokenVerifier : ITokenVerifier
{
    public static NoTokenVerifier Instance { get; } = new();

    public Task<Caller> VerifyAsync(AuthTokenType type, string? value, CancellationToken ct) => type switch
    {
        AuthTokenType.None => Task.FromResult(Caller.Anonymous),
        AuthTokenType.Admin => throw new AuthenticationException("Admin keys are not accepted: no admin key is configured."),
        _ => throw new AuthenticationException("No auth provider found matching the given token: no providers are configured."),
    };
}

/// <summary>
/// Accepts the configured admin key (<c>Authenticate</c> with token type Admin) as <see cref="Caller.Admin"/>
/// and hands every other credential to <paramref name="inner"/>. The key is compared in constant time.
/// </summary>
public sealed class AdminKeyVerifier(string adminKey, ITokenVerifier inner) : ITokenVerifier
{
    private readonly byte[] _key = System.Text.Encoding.UTF8.GetBytes(adminKey);

    public Task<Caller> VerifyAsync(AuthTokenType type, string? value, CancellationToken ct)
    {
        if (type != AuthTokenType.Admin)
        {
            return inner.VerifyAsync(type, value, ct);
        }

        var presented = System.Text.Encoding.UTF8.GetBytes(value ?? "");
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(presented, _key)
            ? Task.FromResult(Caller.Admin)
            : throw new AuthenticationException("The admin key is not valid.");
    }
}
