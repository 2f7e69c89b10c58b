using System.Text.RegularExpressions;

namespace Poktapok.Engine.Data;

/// <summary>An entity that checks its own content rules before it is written.</summary>
public interface IValidatable
{
    /// <summary>Adds a <see cref="FieldError"/> to <paramref name="rules"/> for each rule the row breaks.</summary>
    void Validate(Rules rules);
}

/// <summary>
/// Collects the broken rules of one row. Field names are given as C# property names (<c>nameof(Username)</c>)
/// and reported in their wire form (<c>username</c>).
/// </summary>
public sealed class Rules
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public bool IsValid => _errors.Count == 0;

    public void Add(string property, string code, string message) =>
        _errors.Add(new FieldError(ClosedSet.CamelCase(property), code, message));

    /// <summary>A nullable text must match when it is present.</summary>
    public void Matches(string property, string? value, Regex pattern, string expected)
    {
        if (value is not null && !pattern.IsMatch(value))
        {
            Add(property, FieldErrorCodes.Format, $"must be {expected}");
        }
    }

    public void Length(string property, string? value, int min, int max)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length < min)
        {
            Add(property, FieldErrorCodes.TooShort, $"must be at least {min} characters");
        }
        else if (value.Length > max)
        {
            Add(property, FieldErrorCodes.TooLong, $"must be at most {max} characters");
        }
    }

    public void AtLeast<T>(string property, T? value, T min) where T : struct, IComparable<T>
    {
        if (value is { } v && v.CompareTo(min) < 0)
        {
            Add(property, FieldErrorCodes.OutOfRange, $"must be at least {min}");
        }
    }

    public void Positive<T>(string property, T value) where T : struct, IComparable<T> => Positive(property, (T?)value);

    public void Positive<T>(string property, T? value) where T : struct, IComparable<T>
    {
        if (value is { } v && v.CompareTo(default) <= 0)
        {
            Add(property, FieldErrorCodes.OutOfRange, "must be greater than 0");
        }
    }
}
