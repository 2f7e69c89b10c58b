using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Poktapok.Engine.Data;

/// <summary>
/// Checks a row about to be written against the model itself (required values, text lengths, closed sets,
/// decimal precision) and then against the entity's own <see cref="IValidatable"/> rules. The database
/// enforces the same rules where it can; checking first gives every field's error at once, with its name,
/// on SQLite as on PostgreSQL.
/// </summary>
public static class RowValidator
{
    public static IReadOnlyList<FieldError> Validate(EntityEntry entry)
    {
        var rules = new Rules();
        foreach (var property in entry.Metadata.GetProperties())
        {
            if (property.IsShadowProperty())
            {
                continue;
            }

            CheckProperty(rules, property, entry.Property(property.Name).CurrentValue);
        }

        if (rules.IsValid && entry.Entity is IValidatable validatable)
        {
            validatable.Validate(rules);
        }

        return rules.Errors;
    }

    private static void CheckProperty(Rules rules, IProperty property, object? value)
    {
        if (value is null)
        {
            if (!property.IsNullable && !property.IsPrimaryKey())
            {
                rules.Add(property.Name, FieldErrorCodes.Required, "is required");
            }

            return;
        }

        switch (value)
        {
            case string text when property.GetMaxLength() is { } max && text.Length > max:
                rules.Add(property.Name, FieldErrorCodes.TooLong, $"must be at most {max} characters");
                break;
            case Enum e when !Enum.IsDefined(e.GetType(), e):
                rules.Add(property.Name, FieldErrorCodes.NotInSet,
                    $"must be one of {string.Join(", ", ClosedSet.NamesOf(e.GetType()))}");
                break;
            case decimal d:
                CheckDecimal(rules, property, d);
                break;
            case System.Collections.IEnumerable list and not string when property.GetElementType() is { } element:
                CheckElements(rules, property, element, list);
                break;
        }
    }

    private static void CheckDecimal(Rules rules, IProperty property, decimal value)
    {
        var scale = property.GetScale() ?? 8;
        var limit = Pow10((property.GetPrecision() ?? 18) - scale);
        if (Math.Abs(value) >= limit)
        {
            rules.Add(property.Name, FieldErrorCodes.OutOfRange, $"must be less than {limit} in magnitude");
        }
        else if (decimal.Round(value, scale) != value)
        {
            rules.Add(property.Name, FieldErrorCodes.Precision, $"must have at most {scale} decimal places");
        }
    }

    private static void CheckElements(Rules rules, IProperty property, IElementType element, System.Collections.IEnumerable list)
    {
        foreach (var item in list)
        {
            if (item is Enum e && !Enum.IsDefined(e.GetType(), e))
            {
                rules.Add(property.Name, FieldErrorCodes.NotInSet,
                    $"items must be one of {string.Join(", ", ClosedSet.NamesOf(e.GetType()))}");
                return;
            }

            if (item is string s && element.GetMaxLength() is { } max && s.Length > max)
            {
                rules.Add(property.Name, FieldErrorCodes.TooLong, $"items must be at most {max} characters");
                return;
            }
        }
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
