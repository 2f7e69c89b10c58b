namespace Poktapok.App.Luma;

/// <summary>Event and calendar slugs, and the URLs they are read from and written to.</summary>
internal static class LumaSlugs
{
    public const int MaxLength = 100;

    private static readonly string[] s_lumaHosts = ["lu.ma", "luma.com"];

    /// <summary>True for <c>^[A-Za-z0-9_-]{1,100}$</c>.</summary>
    public static bool IsSlug(string? text) =>
        text is { Length: > 0 and <= MaxLength } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The canonical event URL on the configured web host.</summary>
    public static string EventUrl(LumaOptions options, string slug) => new Uri(WebBase(options), slug).ToString();

    /// <summary>The configured web URL with a trailing slash, so relative slugs resolve under it.</summary>
    public static Uri WebBase(LumaOptions options) =>
        options.WebUrl.AbsoluteUri.EndsWith('/') ? options.WebUrl : new Uri(options.WebUrl.AbsoluteUri + "/");

    /// <summary>
    /// The slug of a bare slug or of a URL on lu.ma, luma.com (with or without <c>www.</c>) or the configured web
    /// host, ignoring query and fragment; null and a reason for anything else.
    /// </summary>
    public static string? TryParse(string? urlOrSlug, LumaOptions options, out string reason)
    {
        reason = "";
        var text = urlOrSlug?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            reason = "is empty";
            return null;
        }

        if (IsSlug(text))
        {
            return text;
        }

        if (text.Length > 2048)
        {
            reason = "is too long";
            return null;
        }

        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text.TrimStart('/');
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            reason = "is not a Luma URL or slug";
            return null;
        }

        if (!IsEventHost(url, options))
        {
            reason = $"is on {url.Authority}, not lu.ma, luma.com or {options.WebUrl.Authority}";
            return null;
        }

        var path = url.AbsolutePath.Trim('/');
        if (!IsSlug(path))
        {
            reason = "does not name one event (expected lu.ma/<slug> or luma.com/<slug>)";
            return null;
        }

        return path;
    }

    private static bool IsEventHost(Uri url, LumaOptions options)
    {
        var host = url.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? url.Host[4..] : url.Host;
        var web = options.WebUrl;
        var webHost = web.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? web.Host[4..] : web.Host;
        if (string.Equals(host, webHost, StringComparison.OrdinalIgnoreCase) && url.Port == web.Port)
        {
            return true;
        }

        return url.IsDefaultPort && s_lumaHosts.Contains(host, StringComparer.OrdinalIgnoreCase);
    }
}
