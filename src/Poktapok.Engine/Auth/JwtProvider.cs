using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Poktapok.Engine.Auth;

/// <summary>
/// One issuer whose JWTs identify users (Convex's <c>customJwt</c> provider): tokens whose <c>iss</c> is
/// <see cref="Issuer"/> (and whose <c>aud</c> holds <see cref="Audience"/>, when set), signed with one of
/// <see cref="Algorithms"/> by a key from <see cref="PublicKey"/> or <see cref="JwksUrl"/> (exactly one of the two).
/// </summary>
public sealed record JwtProvider
{
    public const string ES256 = SecurityAlgorithms.EcdsaSha256;
    public const string RS256 = SecurityAlgorithms.RsaSha256;

    /// <summary>Privy's <c>iss</c>: a plain string, not a URL.</summary>
    public const string PrivyIssuer = "privy.io";

    /// <summary>The algorithms a provider may be configured with (Convex accepts these two for custom JWTs).</summary>
    public static IReadOnlyList<string> SupportedAlgorithms { get; } = [ES256, RS256];

    /// <summary>Where this provider was configured (<c>Auth:Privy</c>, <c>Auth:Providers:0</c>), for start-up errors and logs.</summary>
    public string Name { get; init; } = "provider";

    /// <summary>The expected <c>iss</c>. Compared as Convex does: a scheme-less value means <c>https://</c>, a trailing <c>/</c> is ignored.</summary>
    public required string Issuer { get; init; }

    /// <summary>When set, the token's <c>aud</c> (a string or an array) must contain it. Privy: the app id.</summary>
    public string? Audience { get; init; }

    /// <summary>The signature algorithms accepted; any other (<c>none</c>, <c>HS256</c>, …) is refused.</summary>
    public IReadOnlyList<string> Algorithms { get; init; } = [ES256];

    /// <summary>A public key as PEM (<c>-----BEGIN PUBLIC KEY-----</c>, SPKI) or its bare base64.</summary>
    public string? PublicKey { get; init; }

    /// <summary>Where the key set is: an <c>http(s)://</c> URL fetched and cached, or a <c>data:</c> URL holding the JWKS itself.</summary>
    public string? JwksUrl { get; init; }

    /// <summary>Privy's JWKS for <paramref name="appId"/>.</summary>
    public static string PrivyJwksUrl(string appId) => $"https://auth.privy.io/api/v1/apps/{Uri.EscapeDataString(appId)}/jwks.json";

    /// <summary>
    /// Privy access tokens: ES256, <c>iss</c> = <c>privy.io</c>, <c>aud</c> = the app id; the key is the dashboard's
    /// verification key when given, else the app's JWKS (<paramref name="jwksUrl"/>, by default <see cref="PrivyJwksUrl"/>).
    /// </summary>
    public static JwtProvider Privy(string appId, string? verificationKey = null, string? jwksUrl = null) => new()
    {
        Name = "Auth:Privy",
        Issuer = PrivyIssuer,
        Audience = appId,
        Algorithms = [ES256],
        PublicKey = verificationKey,
        JwksUrl = verificationKey is null ? jwksUrl ?? PrivyJwksUrl(appId) : null,
    };

    /// <summary>
    /// The issuer as Convex compares it: <c>https://</c> prepended when there is no scheme, trailing <c>/</c> removed.
    /// </summary>
    public static string NormalizeIssuer(string issuer)
    {
        var trimmed = issuer.TrimEnd('/');
        return trimmed.Contains("://", StringComparison.Ordinal) ? trimmed : "https://" + trimmed;
    }

    /// <summary>Whether the token's <c>aud</c> values satisfy this provider.</summary>
    internal bool AcceptsAudience(IEnumerable<string> audiences) =>
        Audience is null || audiences.Contains(Audience, StringComparer.Ordinal);

    /// <summary>Checks the settings; throws <see cref="AuthConfigurationException"/> naming <see cref="Name"/>.</summary>
    internal void Check()
    {
        if (string.IsNullOrWhiteSpace(Issuer))
        {
            throw new AuthConfigurationException($"{Name}: an issuer is required.");
        }

        if (Audience is { Length: 0 })
        {
            throw new AuthConfigurationException($"{Name}: the audience is empty; leave it out to accept any audience.");
        }

        if (Algorithms.Count == 0)
        {
            throw new AuthConfigurationException($"{Name}: no algorithm; use {string.Join(" or ", SupportedAlgorithms)}.");
        }

        if (Algorithms.FirstOrDefault(a => !SupportedAlgorithms.Contains(a)) is { } offending)
        {
            throw new AuthConfigurationException(
                $"{Name}: algorithm '{offending}' is not supported; use {string.Join(" or ", SupportedAlgorithms)}.");
        }

        if ((PublicKey is null) == (JwksUrl is null))
        {
            throw new AuthConfigurationException($"{Name}: give exactly one of a public key (PEM) and a JWKS URL.");
        }

        if (JwksUrl is not null && !IsDataUrl(JwksUrl) && !IsHttpUrl(JwksUrl))
        {
            throw new AuthConfigurationException($"{Name}: the JWKS URL must be an absolute http(s):// URL or a data: URL.");
        }
    }

    internal static bool IsDataUrl(string url) => url.StartsWith("data:", StringComparison.OrdinalIgnoreCase);

    internal static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>
    /// The verification key from <see cref="PublicKey"/>: a P-256 key when ES256 is allowed, an RSA key (2048 bits or
    /// more) when RS256 is. Private keys are refused, so a misplaced signing key is never loaded.
    /// </summary>
    internal SecurityKey ReadPublicKey()
    {
        // Environment variables often carry a PEM with literal "\n" for its line breaks.
        var text = (PublicKey ?? "").Replace("\\n", "\n", StringComparison.Ordinal).Trim();
        byte[] spki;
        try
        {
            if (text.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                if (!PemEncoding.TryFind(text, out var fields))
                {
                    throw new AuthConfigurationException($"{Name}: the public key is not valid PEM.");
                }

                var label = text[fields.Label];
                if (label != "PUBLIC KEY")
                {
                    throw new AuthConfigurationException(
                        $"{Name}: the public key must be -----BEGIN PUBLIC KEY----- (SPKI), not '{label}'.");
                }

                spki = Convert.FromBase64String(text[fields.Base64Data].ToString());
            }
            else
            {
                spki = Convert.FromBase64String(text);
            }
        }
        catch (FormatException)
        {
            throw new AuthConfigurationException($"{Name}: the public key is neither PEM nor base64.");
        }

        if (Algorithms.Contains(ES256) && TryReadEcKey(spki) is { } ec)
        {
            return ec;
        }

        if (Algorithms.Contains(RS256) && TryReadRsaKey(spki) is { } rsa)
        {
            return rsa;
        }

        throw new AuthConfigurationException(
            $"{Name}: the public key is not a key for {string.Join(" or ", Algorithms.Select(KeyKind))}.");
    }

    private static string KeyKind(string algorithm) => algorithm == ES256 ? "ES256 (EC P-256)" : "RS256 (RSA ≥ 2048 bits)";

    private static ECDsaSecurityKey? TryReadEcKey(byte[] spki)
    {
        var ec = ECDsa.Create();
        try
        {
            ec.ImportSubjectPublicKeyInfo(spki, out _);
            if (ec.ExportParameters(false).Curve.Oid?.Value == ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                return new ECDsaSecurityKey(ec);
            }
        }
        catch (CryptographicException)
        {
        }

        ec.Dispose();
        return null;
    }

    private static RsaSecurityKey? TryReadRsaKey(byte[] spki)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportSubjectPublicKeyInfo(spki, out _);
            if (rsa.KeySize >= 2048)
            {
                return new RsaSecurityKey(rsa);
            }
        }
        catch (CryptographicException)
        {
        }

        rsa.Dispose();
        return null;
    }

    /// <summary>The JSON inside a <c>data:</c> URL (<c>data:application/json;base64,…</c> or percent-encoded).</summary>
    internal string DecodeDataUrl(string url)
    {
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            throw new AuthConfigurationException($"{Name}: the data: URL has no ',' before its content.");
        }

        var metadata = url[5..comma];
        var content = url[(comma + 1)..];
        if (!metadata.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.UnescapeDataString(content);
        }

        try
        {
            var base64 = Uri.UnescapeDataString(content).Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            throw new AuthConfigurationException($"{Name}: the data: URL is not valid base64.");
        }
    }

    /// <summary>
    /// The signing keys of a JWKS document that fit this provider: EC P-256 keys when ES256 is allowed, RSA keys when
    /// RS256 is; keys for encryption, symmetric keys and keys that name another algorithm are left out.
    /// </summary>
    internal IReadOnlyList<SecurityKey> SigningKeys(string json)
    {
        JsonWebKeySet set;
        try
        {
            set = new JsonWebKeySet(json);
        }
        catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException)
        {
            throw new JwksException("is not a JSON Web Key Set");
        }

        var keys = new List<SecurityKey>();
        foreach (var key in set.Keys)
        {
            var fits = key.Kty switch
            {
                JsonWebAlgorithmsKeyTypes.EllipticCurve => Algorithms.Contains(ES256) && key.Crv == JsonWebKeyECTypes.P256,
                JsonWebAlgorithmsKeyTypes.RSA => Algorithms.Contains(RS256),
                _ => false,
            };
            if (fits && key.Use is null or "" or "sig" && (string.IsNullOrEmpty(key.Alg) || Algorithms.Contains(key.Alg)))
            {
                keys.Add(key);
            }
        }

        return keys.Count > 0 ? keys : throw new JwksException($"has no {string.Join("/", Algorithms)} signing keys");
    }
}

/// <summary>Auth settings that cannot work (a bad PEM, a bad URL): start-up stops with this one line.</summary>
public sealed class AuthConfigurationException(string message) : Exception(message);

/// <summary>A key set that could not be fetched or read; the message completes "The JWKS at … ".</summary>
internal sealed class JwksException(string message) : Exception(message);
