using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Poktapok.App.Luma;

/// <summary>
/// The one HTTP client the Luma client uses: host allow-list and redirects (outermost, so every hop is checked),
/// then retries with backoff and per-attempt timeouts (Polly, via Microsoft.Extensions.Http.Resilience), then sockets.
/// </summary>
internal static class LumaHttp
{
    public const string UserAgent = "Poktapok/1.0 (+https://github.com/fruteroclub)";

    /// <summary>Pages and API answers bigger than this are refused (a Luma calendar page is well under 2 MB).</summary>
    private const long MaxResponseBytes = 16 * 1024 * 1024;

    public static HttpClient Create(LumaOptions options, ILoggerFactory? logging)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var logger = (logging ?? NullLoggerFactory.Instance).CreateLogger(typeof(LumaClient).FullName!);
        var sockets = new SocketsHttpHandler
        {
            // Redirects are followed by HostGuardHandler, which checks each target's host first.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
#pragma warning disable CA2000 // the handlers are owned, and disposed, by the HttpClient built on them
        var resilience = new ResilienceHandler(BuildPipeline(options, logger)) { InnerHandler = sockets };
        var guard = new HostGuardHandler(options) { InnerHandler = resilience };
#pragma warning restore CA2000
        var http = new HttpClient(guard, disposeHandler: true)
        {
            // The pipeline's overall timeout governs; this also bounds reading the body, which happens after it.
            Timeout = OverallTimeout(options) + TimeSpan.FromSeconds(options.TimeoutSeconds),
            MaxResponseContentBufferSize = MaxResponseBytes,
        };
        http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        return http;
    }

    /// <summary>Every attempt at its limit, every backoff at its longest, and one longest allowed Retry-After.</summary>
    public static TimeSpan OverallTimeout(LumaOptions o)
    {
        var seconds = o.TimeoutSeconds * (o.MaxRetries + 1)
            + o.RetryBaseDelaySeconds * Math.Pow(2, o.MaxRetries + 1)
            + (o.MaxRetries > 0 ? o.MaxRetryAfterSeconds : 0);
        return TimeSpan.FromSeconds(Math.Min(seconds + 1, TimeSpan.FromHours(23).TotalSeconds));
    }

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(LumaOptions o, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>().AddTimeout(OverallTimeout(o));
        if (o.MaxRetries > 0)
        {
            var maxRetryAfter = TimeSpan.FromSeconds(o.MaxRetryAfterSeconds);
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                // Our own delay generator reads Retry-After, so the built-in one is off.
                ShouldRetryAfterHeader = false,
                MaxRetryAttempts = o.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(o.RetryBaseDelaySeconds),
                ShouldHandle = args => ValueTask.FromResult(
                    HttpClientResiliencePredicates.IsTransient(args.Outcome)
                    && !(RetryAfter(args.Outcome.Result) is { } wait && wait > maxRetryAfter)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    logger.LogWarning("Luma: retrying {Url} in {Delay} (retry {Attempt}): {Reason}",
                        args.Outcome.Result?.RequestMessage?.RequestUri?.AbsolutePath, args.RetryDelay, args.AttemptNumber + 1,
                        args.Outcome.Exception?.Message ?? $"status {(int?)args.Outcome.Result?.StatusCode}");
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds) });
        return builder.Build();
    }

    /// <summary>How long a 429 asks to wait (<c>Retry-After</c> in seconds or as an HTTP date); null otherwise.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        if (response is not { StatusCode: HttpStatusCode.TooManyRequests } || response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        var wait = header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return wait is { } w ? (w < TimeSpan.Zero ? TimeSpan.Zero : w) : null;
    }

    /// <summary>
    /// Refuses any request, and any redirect target, whose host and port are not <see cref="LumaOptions.ApiUrl"/>'s
    /// or <see cref="LumaOptions.WebUrl"/>'s, and follows at most five redirects itself.
    /// </summary>
    private sealed class HostGuardHandler(LumaOptions options) : DelegatingHandler
    {
        private const int MaxRedirects = 5;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Check(request.RequestUri);
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            for (var hops = 0; IsRedirect(response.StatusCode) && response.Headers.Location is { } location; hops++)
            {
                var from = request.RequestUri!;
                var target = location.IsAbsoluteUri ? location : new Uri(from, location);
                if (hops == MaxRedirects)
                {
                    response.Dispose();
                    throw new LumaFetchException($"Luma redirected {from.AbsolutePath} more than {MaxRedirects} times");
                }

                response.Dispose();
                Check(target, from);
                var next = new HttpRequestMessage(HttpMethod.Get, target);
                foreach (var header in request.Headers)
                {
                    next.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                request = next;
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }

            return response;
        }

        private void Check(Uri? url, Uri? redirectedFrom = null)
        {
            if (url is null || !Allowed(url))
            {
                var what = redirectedFrom is null ? "a request to" : $"a redirect from {redirectedFrom.AbsolutePath} to";
                throw new LumaFetchException($"Refused {what} {url?.Authority ?? "(no URL)"}: only {options.ApiUrl.Authority} and {options.WebUrl.Authority} are allowed");
            }
        }

        private bool Allowed(Uri url) =>
            url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            && (SameHost(url, options.ApiUrl) || SameHost(url, options.WebUrl));

        private static bool SameHost(Uri a, Uri b) =>
            string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

        private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
            or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
    }

    /// <summary>The Accept header for an HTML page or a JSON answer.</summary>
    public static MediaTypeWithQualityHeaderValue[] Accept(bool json) => json
        ? [new("application/json")]
        : [new("text/html"), new("application/xhtml+xml", 0.9), new("*/*", 0.8)];
}
