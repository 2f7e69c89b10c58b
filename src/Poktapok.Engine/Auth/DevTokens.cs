using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Poktapok.Engine.Auth;

/// <summary>
/// Tokens for local development and tests, shaped like Privy's (ES256; <c>iss</c>, <c>aud</c>, <c>sub</c>, <c>sid</c>,
/// <c>iat</c>, <c>exp</c>) but issued by <see cref="Issuer"/> and signed with a key pair kept on this machine
/// (<see cref="KeyPath"/>, created on first use, readable by its owner only). The server accepts them only when
/// configured to (<c>Auth:Dev:Enabled</c>), through <see cref="Provider"/>.
/// </summary>
public sealed class DevTokens : IDisposable
{
    public const string Issuer = "poktapok-dev";
    public const string Audience = "poktapok-dev";

    /// <summary>The key file when none is configured, beside the default database.</summary>
    public const string DefaultKeyPath = ".poktapok/dev-auth-key.pem";

    /// <summary>Claims <see cref="Mint"/> sets itself, which extra claims may not replace.</summary>
    public static IReadOnlySet<string> ReservedClaims { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "iss", "aud", "sub", "iat", "exp", "nbf",
    };

    private readonly ECDsa _key;
    private readonly ECDsaSecurityKey _signingKey;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    private DevTokens(ECDsa key, string path)
    {
        _key = key;
        KeyPath = path;
        var publicKey = key.ExportSubjectPublicKeyInfoPem();
        // The kid names the key, so tokens from an older key file fail with a clear "no key with kid" refusal.
        var kid = Base64UrlEncoder.Encode(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];
        // Not cached by the library: its cache is keyed by the public key, and would hand a later instance for the same
        // file this instance's disposed ECDsa.
        _signingKey = new ECDsaSecurityKey(key)
        {
            KeyId = kid,
            CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false },
        };
        Provider = new JwtProvider
        {
            Name = "Auth:Dev",
            Issuer = Issuer,
            Audience = Audience,
            Algorithms = [JwtProvider.ES256],
            PublicKey = publicKey,
        };
    }

    /// <summary>The full path of the key file.</summary>
    public string KeyPath { get; }

    /// <summary>The provider that accepts these tokens (the public half of the key).</summary>
    public JwtProvider Provider { get; }

    /// <summary>
    /// The key pair at <paramref name="keyPath"/> (relative to the working directory; default
    /// <see cref="DefaultKeyPath"/>), created if missing. A file that is not an EC P-256 private key PEM throws
    /// <see cref="AuthConfigurationException"/>.
    /// </summary>
    public static DevTokens LoadOrCreate(string? keyPath = null)
    {
        var path = Path.GetFullPath(string.IsNullOrWhiteSpace(keyPath) ? DefaultKeyPath : keyPath);
        if (!File.Exists(path))
        {
            Create(path);
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            if (key.ExportParameters(false).Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new CryptographicException("not a P-256 key");
            }

            _ = key.ExportParameters(includePrivateParameters: true);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new AuthConfigurationException(
                $"Auth:Dev:KeyPath: {path} is not an EC P-256 private key (PEM); delete it to have a new one made.");
        }

        return new DevTokens(key, path);
    }

    // Written to a private temporary file first, then moved into place, so two processes starting at once end up
    // sharing one key and nobody ever reads a half-written file.
    private static void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, options))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
            writer.WriteLine();
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// A signed token for <paramref name="subject"/> (a Privy-style DID such as <c>did:privy:…</c>), valid from
    /// <paramref name="now"/> (default: the current time) for <paramref name="lifetime"/>, with a fresh <c>sid</c>
    /// unless <paramref name="claims"/> gives one. Extra claims may be strings, numbers, booleans or
    /// <see cref="JsonElement"/>s, and may not be one of <see cref="ReservedClaims"/>.
    /// </summary>
    public string Mint(string subject, TimeSpan lifetime, IReadOnlyDictionary<string, object>? claims = null, DateTimeOffset? now = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var issuedAt = now ?? DateTimeOffset.UtcNow;
        var payload = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = subject,
            ["sid"] = Guid.NewGuid().ToString(),
        };
        foreach (var (name, value) in claims ?? new Dictionary<string, object>())
        {
            if (ReservedClaims.Contains(name))
            {
                throw new ArgumentException($"The claim '{name}' is set by the token itself.", nameof(claims));
            }

            payload[name] = value;
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = issuedAt.UtcDateTime,
            Expires = (issuedAt + lifetime).UtcDateTime,
            Claims = payload,
            SigningCredentials = new SigningCredentials(_signingKey, SecurityAlgorithms.EcdsaSha256),
        });
    }

    public void Dispose() => _key.Dispose();
}
