using System.Globalization;

namespace Poktapok.Engine.Functions;

/// <summary>
/// What a function printed, sent back with its result as Convex <c>logLines</c> (<c>[LOG] 'text' 42</c>), which
/// the official client prints as <c>[CONVEX Q(path)] [LOG] …</c>.
/// </summary>
public sealed class LogLines
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines => _lines;

    public void Log(params object?[] values) => Add("LOG", values);

    public void Info(params object?[] values) => Add("INFO", values);

    public void Warn(params object?[] values) => Add("WARN", values);

    public void Error(params object?[] values) => Add("ERROR", values);

    private void Add(string level, object?[] values) =>
        _lines.Add($"[{level}] " + string.Join(' ', values.Select(Format)));

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
