namespace Poktapok.Engine.Functions;

/// <summary>
/// Function paths as the Convex client names them: <c>module/path:function</c>, with a bare module meaning
/// <c>:default</c>. Paths are derived from code, never written by hand.
/// </summary>
public static class FunctionPath
{
    /// <summary>
    /// The canonical form of a path a client sent: split at the last <c>:</c> (none means <c>default</c>) and
    /// a trailing <c>.js</c> dropped from the module, as the official client does for queries and the backend
    /// does for everything (PROTOCOL.md §4.3).
    /// </summary>
    public static string Canonicalize(string path)
    {
        var colon = path.LastIndexOf(':');
        var module = colon < 0 ? path : path[..colon];
        var function = colon < 0 ? "default" : path[(colon + 1)..];
        if (module.EndsWith(".js", StringComparison.Ordinal))
        {
            module = module[..^3];
        }

        return module + ":" + function;
    }

    /// <summary>How a path is shown to people: <c>:default</c> is left out, as the client leaves it out.</summary>
    public static string Display(string canonical) =>
        canonical.EndsWith(":default", StringComparison.Ordinal) ? canonical[..^":default".Length] : canonical;

    /// <summary>
    /// The path of a function method: the namespace below <paramref name="rootNamespace"/> and the class name
    /// give the module (each segment camelCase, joined by <c>/</c>), the method name gives the function
    /// (camelCase). <c>Functions.Luma.Sync.SyncCalendar</c> → <c>luma/sync:syncCalendar</c>; a method named
    /// <c>Default</c> is the module's default export.
    /// </summary>
    public static string Derive(Type module, string methodName, string rootNamespace)
    {
        var ns = module.Namespace ?? "";
        if (ns != rootNamespace && !ns.StartsWith(rootNamespace + ".", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{module.FullName} is not under {rootNamespace}.", nameof(module));
        }

        var segments = ns.Length > rootNamespace.Length
            ? ns[(rootNamespace.Length + 1)..].Split('.').Append(module.Name)
            : [module.Name];
        return string.Join('/', segments.Select(Data.ClosedSet.CamelCase)) + ":" + Data.ClosedSet.CamelCase(methodName);
    }

    /// <summary>The path of a <c>/api/run/a/b/c</c> URL: the last segment is the function → <c>a/b:c</c>.</summary>
    public static string? FromRunUrl(string tail)
    {
        var segments = tail.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        return segments.Length < 2 ? null : string.Join('/', segments[..^1]) + ":" + segments[^1];
    }
}
