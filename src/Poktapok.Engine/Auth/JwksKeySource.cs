using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Poktapok.Engine.Auth;

/// <summary>How remote key sets (JWKS over HTTP) are fetched and kept.</summary>
public sealed record JwksOptions
{
    /// <summary>Fetch the key set again after this long, so removed keys stop working. Privy's own SDK keeps it 60 min.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// At most one fetch per key set in this window: a flood of tokens with unknown <c>kid</c>s, or a JWKS host that
    /// is down, costs the host one request per window, not one per token.
    /// </summary>
    public TimeSpan MinRefetchInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one fetch may take.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest key set accepted.</summary>
    public int MaxResponseBytes { get; init; } = 1024 * 1024;
}

/// <summary>Where a provider's verification keys come from.</summary>
internal interface IKeySource
{
    /// <summary>The current keys; <paramref name="kid"/> is the token's key id, which may prompt a refetch.</summary>
    ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(string? kid, CancellationToken ct);
}

/// <summary>Keys that never change: a configured PEM, or a JWKS in a <c>data:</c> URL.</summary>
internal sealed class StaticKeySource(IReadOnlyList<SecurityKey> keys) : IKeySource
{
    public ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(string? kid, CancellationToken ct) => ValueTask.FromResult(keys);
}

/// <summary>
/// A JWKS fetched over HTTP and cached. It is fetched on first use, again once <see cref="JwksOptions.RefreshInterval"/>
/// has passed, and again when a token names a <c>kid</c> it does not hold (key rotation), but never more than once per
/// <see cref="JwksOptions.MinRefetchInterval"/>. A failed fetch keeps the keys it had.
/// </summary>
internal sealed class JwksKeySource(JwtProvider provider, HttpClient http, JwksOptions options, TimeProvider time, ILogger logger)
    : IKeySource
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _url = provider.JwksUrl!;

    // The keys and when they were fetched, replaced as one (read without the gate); the last attempt, under the gate.
    private volatile Snapshot? _current;
    private DateTimeOffset? _attemptedAt;

    private sealed record Snapshot(IReadOnlyList<SecurityKey> Keys, DateTimeOffset FetchedAt);

    public async ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(string? kid, CancellationToken ct)
    {
        if (_current is { } cached && !NeedsFetch(cached, kid, time.GetUtcNow()))
        {
            return cached.Keys;
        }

        await _gate.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            var current = _current;
            var mayFetch = _attemptedAt is not { } attempted || now - attempted >= options.MinRefetchInterval;
            if (NeedsFetch(current, kid, now) && mayFetch)
            {
                _attemptedAt = now;
                try
                {
                    _current = current = new Snapshot(await FetchAsync(ct), now);
                    logger.LogInformation("Fetched {Count} signing key(s) for {Provider} from {Url}", current.Keys.Count, provider.Name, _url);
                }
                catch (Exception e) when (e is JwksException or HttpRequestException or TimeoutException)
                {
                    logger.LogWarning("Could not fetch the signing keys for {Provider} from {Url}: {Reason}{Fallback}",
                        provider.Name, _url, e.Message, current is null ? "" : "; keeping the keys fetched before");
                }
            }

            return current?.Keys ?? throw new AuthenticationException(
                $"Could not get the signing keys for issuer '{provider.Issuer}' to verify the token; try again later.");
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool NeedsFetch(Snapshot? current, string? kid, DateTimeOffset now) =>
        current is null
        || now - current.FetchedAt >= options.RefreshInterval
        || (kid is not null && !current.Keys.Any(k => k.KeyId == kid));

    private async Task<IReadOnlyList<SecurityKey>> FetchAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.FetchTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, _url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new JwksException($"answered HTTP {(int)response.StatusCode}");
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
            if (mediaType is not ("application/json" or "application/jwk-set+json"))
            {
                throw new JwksException($"answered with content type '{mediaType}', not application/json");
            }

            var json = await ReadLimitedAsync(response.Content, timeout.Token);
            return provider.SigningKeys(json);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {options.FetchTimeout.TotalSeconds:0.#} s");
        }
    }

    private async Task<string> ReadLimitedAsync(HttpContent content, CancellationToken ct)
    {
        if (content.Headers.ContentLength > options.MaxResponseBytes)
        {
            throw new JwksException($"is larger than {options.MaxResponseBytes} bytes");
        }

        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > options.MaxResponseBytes)
            {
                throw new JwksException($"is larger than {options.MaxResponseBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
