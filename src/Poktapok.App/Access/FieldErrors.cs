using Poktapok.Engine.Functions;

namespace Poktapok.App.Access;

/// <summary>
/// Collects the content rules an argument object breaks, so that all of them are reported at once as
/// <c>INVALID_ARGUMENT</c> with <c>details.fields: {field: problem}</c> (the runtime's own form for declared rules).
/// Also applies the text conventions of FUNCTIONS.md §1: strings are trimmed, and for nullable fields <c>""</c> is null.
/// </summary>
public sealed class FieldErrors
{
    private readonly List<ArgumentContentException> _errors = [];

    /// <summary>Whether any rule failed so far.</summary>
    public bool Any => _errors.Count > 0;

    /// <summary>Records that <paramref name="field"/> (its wire name) breaks a rule.</summary>
    public void Add(string field, string problem) => _errors.Add(new ArgumentContentException(field, problem));

    /// <summary>Throws the <c>INVALID_ARGUMENT</c> error when any rule failed.</summary>
    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new ArgumentContentException(_errors);
        }
    }

    /// <summary>
    /// <paramref name="value"/> trimmed, with <c>""</c> as null; longer than <paramref name="maxLength"/> is an error.
    /// </summary>
    public string? OptionalText(string field, string? value, int maxLength)
    {
        var text = Clean(value);
        if (text is not null && text.Length > maxLength)
        {
            Add(field, $"must be at most {maxLength} characters");
        }

        return text;
    }

    /// <summary>Trims a string and turns an empty one into null.</summary>
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
