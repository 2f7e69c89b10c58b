namespace Poktapok.Engine.Functions;

/// <summary>An argument of the wrong shape (type, missing or unknown field, value outside a closed set).</summary>
public sealed class ArgumentShapeException(string path, string problem) : Exception($"{path} {problem}")
{
    /// <summary>Where, as <c>.field.sub[2]</c>.</summary>
    public string Path { get; } = path;

    public string Problem { get; } = problem;
}

/// <summary>
/// Arguments of the right shape whose content breaks a declared rule (a length, a pattern, a range, a
/// malformed id). Becomes the app error <c>INVALID_ARGUMENT</c> with <c>details.fields</c>, every field at once.
/// </summary>
public sealed class ArgumentContentException : Exception
{
    public ArgumentContentException(string path, string problem)
        : this([new KeyValuePair<string, string>(path.TrimStart('.'), problem)])
    {
    }

    public ArgumentContentException(IEnumerable<ArgumentContentException> errors)
        : this(errors.SelectMany(e => e.Fields))
    {
    }

    private ArgumentContentException(IEnumerable<KeyValuePair<string, string>> fields)
        : base("Invalid arguments")
    {
        Fields = fields.ToList();
    }

    /// <summary>Each broken field (<c>title</c>, <c>paginationOpts.numItems</c>) with what is wrong.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; }
}
