using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Poktapok.Engine.Functions;
using Poktapok.Protocol.Sync;

namespace Poktapok.Engine.Auth;

/// <summary>
/// Verifies user JWTs (Privy access tokens, other custom JWT issuers, dev tokens) as Convex does for
/// <c>customJwt</c> providers. The provider is the first whose issuer matches the token's <c>iss</c> and whose
/// audience, if it has one, is in the token's <c>aud</c>; the token must then carry a valid signature by one of that
/// provider's keys with one of its algorithms (never <c>none</c> or an HMAC), its issuer and audience, an <c>exp</c>
/// not passed and an <c>nbf</c> reached (each with <see cref="ClockSkew"/> leeway), and <c>sub</c>.
/// </summary>
/// <remarks>
/// <see cref="AuthTokenType.None"/> is anonymous. Admin keys are refused here: wrap this verifier in
/// <see cref="AdminKeyVerifier"/> to accept one. Every refusal is an <see cref="AuthenticationException"/> whose message
/// the client sees; messages name the failed check and never contain key material.
/// </remarks>
public sealed class JwtTokenVerifier : ITokenVerifier
{
    /// <summary>The leeway on <c>exp</c> and <c>nbf</c>, as Convex allows.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);

    // Claims that are not passed on: the two that make the identity, and those Convex drops.
    private static readonly HashSet<string> s_omittedClaims = ["iss", "sub", "jti", "nbf", "fva"];

    private readonly JsonWebTokenHandler _handler = new();
    private readonly IReadOnlyList<Entry> _providers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private sealed record Entry(JwtProvider Provider, string Issuer, IKeySource Keys);

    /// <summary>
    /// A verifier for <paramref name="providers"/>, checked in order. Keys given as PEM or <c>data:</c> URLs are read
    /// now, so a bad one throws <see cref="AuthConfigurationException"/> here; JWKS URLs are fetched with
    /// <paramref name="http"/> when the first token needs them.
    /// </summary>
    public JwtTokenVerifier(IEnumerable<JwtProvider> providers, HttpClient? http = null, ILogger? logger = null,
        TimeProvider? time = null, JwksOptions? jwks = null)
    {
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        var list = new List<Entry>();
        foreach (var provider in providers)
        {
            provider.Check();
            IKeySource keys = provider switch
            {
                { PublicKey: not null } => new StaticKeySource([provider.ReadPublicKey()]),
                { JwksUrl: { } url } when JwtProvider.IsDataUrl(url) => new StaticKeySource(ReadDataUrl(provider, url)),
                _ => new JwksKeySource(provider, http ?? throw new ArgumentNullException(nameof(http),
                    $"{provider.Name} fetches its keys over HTTP: pass an HttpClient."), jwks ?? new JwksOptions(), _time, _logger),
            };
            list.Add(new Entry(provider, JwtProvider.NormalizeIssuer(provider.Issuer), keys));
        }

        _providers = list;
    }

    /// <summary>The providers, in the order they are tried.</summary>
    public IReadOnlyList<JwtProvider> Providers => [.. _providers.Select(p => p.Provider)];

    public Task<Caller> VerifyAsync(AuthTokenType type, string? value, CancellationToken ct) => type switch
    {
        AuthTokenType.None => Task.FromResult(Caller.Anonymous),
        AuthTokenType.Admin => throw new AuthenticationException("Admin keys are not accepted: no admin key is configured."),
        _ => VerifyUserAsync(value, ct),
    };

    private async Task<Caller> VerifyUserAsync(string? token, CancellationToken ct)
    {
        var unverified = Read(token);
        var entry = Select(unverified);
        var algorithm = unverified.Alg;
        if (!entry.Provider.Algorithms.Contains(algorithm, StringComparer.Ordinal))
        {
            throw Refuse($"Token algorithm '{algorithm}' is not accepted for issuer '{entry.Provider.Issuer}' " +
                $"(expected {string.Join(" or ", entry.Provider.Algorithms)}).");
        }

        var keys = await entry.Keys.GetKeysAsync(string.IsNullOrEmpty(unverified.Kid) ? null : unverified.Kid, ct);
        var parameters = new TokenValidationParameters
        {
            ValidAlgorithms = entry.Provider.Algorithms,
            IssuerSigningKeys = keys,
            RequireSignedTokens = true,
            ValidateIssuer = true,
            IssuerValidator = (issuer, _, _) => JwtProvider.NormalizeIssuer(issuer) == entry.Issuer
                ? issuer
                : throw new SecurityTokenInvalidIssuerException("issuer mismatch"),
            ValidateAudience = entry.Provider.Audience is not null,
            ValidAudience = entry.Provider.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = ClockSkew,
            LifetimeValidator = (notBefore, expires, _, _) => CheckLifetime(notBefore, expires),
            ValidateIssuerSigningKey = false,
            SaveSigninToken = false,
        };

        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            throw Refuse(Explain(result.Exception, unverified), result.Exception);
        }

        var verified = (JsonWebToken)result.SecurityToken;
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(verified.EncodedPayload));
        if (!payload.RootElement.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String
            || sub.GetString() is not { Length: > 0 } subject)
        {
            throw Refuse("Token has no 'sub' (subject) claim.");
        }

        var identity = new Identity(subject, verified.Issuer, ReadClaims(payload.RootElement))
        {
            ExpiresAt = new DateTimeOffset(verified.ValidTo, TimeSpan.Zero),
        };
        return new Caller(identity, IsAdmin: false);
    }

    // The library's lifetime rule (exp required, nbf ≤ exp, both with ClockSkew leeway) on this verifier's clock.
    private bool CheckLifetime(DateTime? notBefore, DateTime? expires)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (expires is not { } exp)
        {
            throw new SecurityTokenNoExpirationException("The token has no exp.");
        }

        if (notBefore is { } nbf && nbf > exp)
        {
            throw new SecurityTokenInvalidLifetimeException("nbf is after exp.") { NotBefore = nbf, Expires = exp };
        }

        if (notBefore is { } early && early > now + ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("nbf is in the future.") { NotBefore = early };
        }

        return exp >= now - ClockSkew
            ? true
            : throw new SecurityTokenExpiredException("exp has passed.") { Expires = exp };
    }

    private JsonWebToken Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw Refuse("Malformed token: it is empty.");
        }

        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenMalformedException or FormatException or JsonException)
        {
            throw Refuse("Malformed token: not a JSON Web Token (three base64url parts separated by dots).", e);
        }

        if (jwt.IsEncrypted)
        {
            throw Refuse("Malformed token: encrypted tokens (JWE) are not accepted.");
        }

        return jwt;
    }

    // Convex's provider choice: the first provider whose issuer matches and whose audience, if set, the token names.
    private Entry Select(JsonWebToken token)
    {
        string issuer;
        try
        {
            issuer = token.Issuer;
        }
        catch (ArgumentException e)
        {
            throw Refuse("Malformed token: its 'iss' claim is not a string.", e);
        }

        if (string.IsNullOrEmpty(issuer))
        {
            throw Refuse("Token has no 'iss' (issuer) claim.");
        }

        var normalized = JwtProvider.NormalizeIssuer(issuer);
        var byIssuer = _providers.Where(p => p.Issuer == normalized).ToList();
        if (byIssuer.Count == 0)
        {
            throw Refuse($"No auth provider found matching the given token: no provider is configured for issuer '{issuer}'.");
        }

        IReadOnlyList<string> audiences;
        try
        {
            audiences = [.. token.Audiences];
        }
        catch (ArgumentException e)
        {
            throw Refuse("Malformed token: its 'aud' claim is neither a string nor an array of strings.", e);
        }

        return byIssuer.FirstOrDefault(p => p.Provider.AcceptsAudience(audiences))
            ?? throw Refuse(audiences.Count == 0
                ? $"Token has no 'aud' (audience) claim; issuer '{issuer}' requires one."
                : $"Token audience ({string.Join(", ", audiences.Select(a => $"'{a}'"))}) does not match the application id configured for issuer '{issuer}'.");
    }

    private string Explain(Exception? error, JsonWebToken token) => error switch
    {
        SecurityTokenExpiredException => $"Token expired at {Time(token.ValidTo)}.",
        SecurityTokenNotYetValidException => $"Token is not valid yet: its 'nbf' is {Time(token.ValidFrom)}.",
        SecurityTokenNoExpirationException => "Token has no 'exp' (expiration) claim.",
        SecurityTokenInvalidLifetimeException => "Token lifetime is invalid: 'nbf' is after 'exp'.",
        SecurityTokenInvalidIssuerException => $"Token issuer '{token.Issuer}' does not match the provider.",
        SecurityTokenInvalidAudienceException => "Token audience does not match the configured application id.",
        SecurityTokenSignatureKeyNotFoundException => string.IsNullOrEmpty(token.Kid)
            ? "Token signature is invalid: no configured key verifies it."
            : $"Token signature is invalid: no signing key with kid '{token.Kid}' verifies it.",
        SecurityTokenInvalidAlgorithmException => $"Token algorithm '{token.Alg}' is not accepted.",
        SecurityTokenInvalidSignatureException => "Token signature is invalid.",
        SecurityTokenMalformedException or ArgumentException => "Malformed token: its header or claims cannot be read.",
        _ => "Token could not be verified.",
    };

    private static string Time(DateTime utc) =>
        utc == DateTime.MinValue ? "(unreadable)" : new DateTimeOffset(utc, TimeSpan.Zero).ToString("yyyy-MM-ddTHH:mm:ssZ");

    private AuthenticationException Refuse(string message, Exception? cause = null)
    {
        // The library's own message (with personal data hidden) goes to the log only.
        _logger.LogDebug("Refused a token: {Message} {Cause}", message, cause?.Message);
        return new AuthenticationException(message);
    }

    private static IReadOnlyList<SecurityKey> ReadDataUrl(JwtProvider provider, string url)
    {
        try
        {
            return provider.SigningKeys(provider.DecodeDataUrl(url));
        }
        catch (JwksException e)
        {
            throw new AuthConfigurationException($"{provider.Name}: the JWKS in the data: URL {e.Message}.");
        }
    }

    /// <summary>
    /// The token's claims but <c>iss</c>, <c>sub</c>, <c>jti</c>, <c>nbf</c> and <c>fva</c>: strings, numbers
    /// (<see cref="long"/> when whole, else <see cref="double"/>), booleans, null and arrays as they are; nested
    /// objects flattened to dotted keys (<c>properties.id</c>), as Convex does for custom JWTs.
    /// </summary>
    private static Dictionary<string, object?> ReadClaims(JsonElement payload)
    {
        var claims = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in payload.EnumerateObject())
        {
            if (!s_omittedClaims.Contains(property.Name))
            {
                Flatten(claims, property.Name, property.Value);
            }
        }

        return claims;
    }

    private static void Flatten(Dictionary<string, object?> claims, string key, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                Flatten(claims, $"{key}.{property.Name}", property.Value);
            }
        }
        else
        {
            claims[key] = Convert(value);
        }
    }

    private static object? Convert(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var whole) ? whole : (object)value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => value.EnumerateArray().Select(Convert).ToList(),
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => Convert(p.Value), StringComparer.Ordinal),
        _ => null,
    };
}
