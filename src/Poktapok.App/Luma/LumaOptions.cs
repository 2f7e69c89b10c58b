using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Poktapok.App.Luma;

/// <summary>
/// Where and how the Luma client fetches (configuration section <c>Luma</c>). With <see cref="ApiKey"/> the
/// official API is the source; without it, the public calendar and event pages on <see cref="WebUrl"/>.
/// The client talks to the hosts of <see cref="ApiUrl"/> and <see cref="WebUrl"/> and no others.
/// </summary>
public sealed class LumaOptions
{
    public const string SectionName = "Luma";

    public string CalendarSlug { get; set; } = "frutero-club";

    /// <summary>When set, the official API (<c>x-luma-api-key</c>) is the source.</summary>
    public string? ApiKey { get; set; }

    public Uri ApiUrl { get; set; } = new("https://public-api.luma.com");

    public Uri WebUrl { get; set; } = new("https://luma.com");

    /// <summary>The limit of one attempt of one request.</summary>
    public double TimeoutSeconds { get; set; } = 15;

    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry delay; later ones double, with jitter.</summary>
    public double RetryBaseDelaySeconds { get; set; } = 1;

    /// <summary>A 429 whose <c>Retry-After</c> asks for a longer wait than this fails the request at once.</summary>
    public double MaxRetryAfterSeconds { get; set; } = 65;

    /// <summary>How many event pages are fetched at once.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>A calendar with more events is truncated to this many and reported incomplete.</summary>
    public int MaxEvents { get; set; } = 1000;

    /// <summary>
    /// Reads and validates the <c>Luma</c> section: pass the configuration root or the section itself.
    /// Throws <see cref="LumaConfigurationException"/> with one line naming the bad key.
    /// </summary>
    public static LumaOptions From(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var s = section is IConfigurationSection { Key: SectionName } ? section : section.GetSection(SectionName);
        var o = new LumaOptions();
        o.CalendarSlug = s[nameof(CalendarSlug)] is { Length: > 0 } slug ? slug.Trim() : o.CalendarSlug;
        o.ApiKey = string.IsNullOrWhiteSpace(s[nameof(ApiKey)]) ? null : s[nameof(ApiKey)]!.Trim();
        o.ApiUrl = ReadUrl(s, nameof(ApiUrl), o.ApiUrl);
        o.WebUrl = ReadUrl(s, nameof(WebUrl), o.WebUrl);
        o.TimeoutSeconds = ReadDouble(s, nameof(TimeoutSeconds), o.TimeoutSeconds);
        o.MaxRetries = ReadInt(s, nameof(MaxRetries), o.MaxRetries);
        o.RetryBaseDelaySeconds = ReadDouble(s, nameof(RetryBaseDelaySeconds), o.RetryBaseDelaySeconds);
        o.MaxRetryAfterSeconds = ReadDouble(s, nameof(MaxRetryAfterSeconds), o.MaxRetryAfterSeconds);
        o.MaxConcurrency = ReadInt(s, nameof(MaxConcurrency), o.MaxConcurrency);
        o.MaxEvents = ReadInt(s, nameof(MaxEvents), o.MaxEvents);
        o.Validate();
        return o;
    }

    /// <summary>Throws <see cref="LumaConfigurationException"/> when a value cannot be used.</summary>
    internal void Validate()
    {
        if (!LumaSlugs.IsSlug(CalendarSlug))
        {
            Fail(nameof(CalendarSlug), $"must be a Luma slug (letters, digits, '-' or '_', at most {LumaSlugs.MaxLength}), not '{CalendarSlug}'");
        }

        CheckUrl(nameof(ApiUrl), ApiUrl);
        CheckUrl(nameof(WebUrl), WebUrl);
        Check(nameof(TimeoutSeconds), TimeoutSeconds, 0.01, 600);
        Check(nameof(MaxRetries), MaxRetries, 0, 10);
        Check(nameof(RetryBaseDelaySeconds), RetryBaseDelaySeconds, 0, 60);
        Check(nameof(MaxRetryAfterSeconds), MaxRetryAfterSeconds, 0, 3600);
        Check(nameof(MaxConcurrency), MaxConcurrency, 1, 64);
        Check(nameof(MaxEvents), MaxEvents, 1, 100_000);
    }

    private static void CheckUrl(string key, Uri? url)
    {
        if (url is not { IsAbsoluteUri: true } || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            Fail(key, $"must be an absolute http(s) URL, not '{url}'");
        }
    }

    private static void Check(string key, double value, double min, double max)
    {
        if (!double.IsFinite(value) || value < min || value > max)
        {
            Fail(key, $"must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, not {value.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static Uri ReadUrl(IConfiguration s, string key, Uri fallback)
    {
        var text = s[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) ? url : Fail<Uri>(key, $"must be an absolute http(s) URL, not '{text}'");
    }

    private static double ReadDouble(IConfiguration s, string key, double fallback) =>
        s[key] is not { } text || string.IsNullOrWhiteSpace(text) ? fallback
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
        : Fail<double>(key, $"must be a number, not '{text}'");

    private static int ReadInt(IConfiguration s, string key, int fallback) =>
        s[key] is not { } text || string.IsNullOrWhiteSpace(text) ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
        : Fail<int>(key, $"must be a whole number, not '{text}'");

    private static void Fail(string key, string problem) => Fail<bool>(key, problem);

    private static T Fail<T>(string key, string problem) => throw new LumaConfigurationException($"{SectionName}:{key} {problem}");
}
