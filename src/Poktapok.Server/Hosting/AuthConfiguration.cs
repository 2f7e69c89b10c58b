using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Poktapok.Engine.Auth;

namespace Poktapok.Server.Hosting;

/// <summary>
/// Reads the <c>Auth</c> section into the server's <see cref="ITokenVerifier"/>:
/// <list type="bullet">
/// <item><c>Auth:Privy:AppId</c>, with <c>Auth:Privy:VerificationKey</c> (the dashboard's PEM) or
/// <c>Auth:Privy:JwksUrl</c> (default: the app's JWKS at auth.privy.io);</item>
/// <item><c>Auth:Providers:N:Issuer</c>, <c>:Audience</c>, <c>:JwksUrl</c> or <c>:PublicKey</c>, <c>:Algorithm</c>
/// (<c>ES256</c> by default, or <c>RS256</c>) for other JWT issuers;</item>
/// <item><c>Auth:Dev:Enabled</c> (and <c>Auth:Dev:KeyPath</c>) to accept tokens from <c>poktapok token</c>;</item>
/// <item><c>Auth:AdminKey</c>, the operators' admin key.</item>
/// </list>
/// Settings that cannot work throw <see cref="AuthConfigurationException"/> with one line naming the key.
/// </summary>
public static class AuthConfiguration
{
    /// <summary>The verifier the settings describe: anonymous-only when they name no provider and no admin key.</summary>
    public static ITokenVerifier CreateVerifier(IConfiguration configuration, HttpClient? http = null, ILogger? logger = null,
        TimeProvider? time = null, JwksOptions? jwks = null)
    {
        logger ??= NullLogger.Instance;
        var providers = ReadProviders(configuration);
        ITokenVerifier verifier = NoTokenVerifier.Instance;
        if (providers.Count > 0)
        {
            var needsHttp = providers.Any(p => p.JwksUrl is { } url && !url.StartsWith("data:", StringComparison.OrdinalIgnoreCase));
            http ??= needsHttp ? new HttpClient { Timeout = TimeSpan.FromSeconds(30) } : null;
            verifier = new JwtTokenVerifier(providers, http, logger, time, jwks);
            foreach (var provider in providers)
            {
                logger.LogInformation("Accepting tokens from {Issuer} ({Provider}, keys from {Source})", provider.Issuer, provider.Name,
                    provider.PublicKey is not null ? "a PEM public key" : provider.JwksUrl!.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? "a data: URL" : provider.JwksUrl);
            }
        }

        if (DevEnabled(configuration))
        {
            logger.LogWarning("Auth:Dev:Enabled is on: tokens minted by `poktapok token` are accepted. Never enable it in production.");
        }

        return configuration["Auth:AdminKey"] is { Length: > 0 } adminKey ? new AdminKeyVerifier(adminKey, verifier) : verifier;
    }

    /// <summary>
    /// Throws <see cref="AuthConfigurationException"/> when the settings cannot work (a bad PEM or URL, a missing app id),
    /// so a host can refuse to start before anything is logged; nothing is fetched.
    /// </summary>
    public static void Validate(IConfiguration configuration)
    {
        using var http = new HttpClient();
        _ = CreateVerifier(configuration, http);
    }

    /// <summary>The token providers, in the order tokens are matched: Privy, then <c>Auth:Providers</c>, then dev tokens.</summary>
    public static IReadOnlyList<JwtProvider> ReadProviders(IConfiguration configuration)
    {
        var providers = new List<JwtProvider>();
        if (ReadPrivy(configuration.GetSection("Auth:Privy")) is { } privy)
        {
            providers.Add(privy);
        }

        foreach (var section in configuration.GetSection("Auth:Providers").GetChildren())
        {
            providers.Add(ReadCustom(section));
        }

        if (DevEnabled(configuration))
        {
            using var dev = DevTokens.LoadOrCreate(configuration["Auth:Dev:KeyPath"]);
            providers.Add(dev.Provider);
        }

        return providers;
    }

    /// <summary>Whether <c>Auth:Dev:Enabled</c> is true; a value other than true/false is a configuration error.</summary>
    public static bool DevEnabled(IConfiguration configuration) => configuration["Auth:Dev:Enabled"] switch
    {
        null or "" => false,
        var value when bool.TryParse(value, out var enabled) => enabled,
        _ => throw new AuthConfigurationException("Auth:Dev:Enabled must be true or false."),
    };

    private static JwtProvider? ReadPrivy(IConfigurationSection section)
    {
        var appId = Value(section, "AppId");
        var key = Value(section, "VerificationKey");
        var jwksUrl = Value(section, "JwksUrl");
        if (appId is null)
        {
            return key is null && jwksUrl is null
                ? null
                : throw new AuthConfigurationException($"{section.Path}:AppId is required with {section.Path}:VerificationKey or :JwksUrl.");
        }

        if (key is not null && jwksUrl is not null)
        {
            throw new AuthConfigurationException($"{section.Path}: set VerificationKey or JwksUrl, not both.");
        }

        return JwtProvider.Privy(appId, key, jwksUrl);
    }

    private static JwtProvider ReadCustom(IConfigurationSection section)
    {
        var algorithm = Value(section, "Algorithm")?.ToUpperInvariant() ?? JwtProvider.ES256;
        return new JwtProvider
        {
            Name = section.Path,
            Issuer = Value(section, "Issuer") ?? throw new AuthConfigurationException($"{section.Path}:Issuer is required."),
            Audience = Value(section, "Audience"),
            Algorithms = [algorithm],
            PublicKey = Value(section, "PublicKey"),
            JwksUrl = Value(section, "JwksUrl"),
        };
    }

    private static string? Value(IConfigurationSection section, string key) =>
        section[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
