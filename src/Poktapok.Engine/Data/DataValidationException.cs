namespace Poktapok.Engine.Data;

/// <summary>One broken rule: the field (camelCase, as on the wire), a stable code and a sentence for people.</summary>
/// <param name="Field">The field's wire name, for example <c>username</c>; empty when the database did not say.</param>
/// <param name="Code">One of <see cref="FieldErrorCodes"/>.</param>
/// <param name="Message">What is wrong, in one sentence.</param>
public sealed record FieldError(string Field, string Code, string Message);

/// <summary>The stable codes of <see cref="FieldError"/>.</summary>
public static class FieldErrorCodes
{
    public const string Required = "required";
    public const string TooShort = "too_short";
    public const string TooLong = "too_long";
    public const string Format = "format";
    public const string OutOfRange = "out_of_range";
    public const string NotInSet = "not_in_set";
    public const string Precision = "precision";
    public const string Unique = "unique";
    public const string Reference = "reference";
    public const string Check = "check";
}

/// <summary>
/// A write that would break a rule of the data model. Raised before the write by validation, or translated
/// from the database's own refusal (unique key, CHECK, foreign key), so callers see one error type with the
/// table and the fields named, never a provider exception.
/// </summary>
public sealed class DataValidationException : Exception
{
    public DataValidationException(string table, IReadOnlyList<FieldError> errors, Exception? inner = null)
        : base(Describe(table, errors), inner)
    {
        Table = table;
        Errors = errors;
    }

    /// <summary>The table written to (snake_case, as in the database).</summary>
    public string Table { get; }

    public IReadOnlyList<FieldError> Errors { get; }

    private static string Describe(string table, IReadOnlyList<FieldError> errors) =>
        $"{table}: " + string.Join("; ", errors.Select(e => e.Field.Length > 0 ? $"{e.Field}: {e.Message}" : e.Message));
}
