using System.Globalization;
using System.Text.RegularExpressions;

namespace Poktapok.App.Schema;

/// <summary>
/// PULPA amounts on the wire (FUNCTIONS.md §1 <c>dec</c>): a decimal string <c>^\d{1,10}(\.\d{1,8})?$</c>, exactly
/// what <c>numeric(18,8)</c> holds. Arguments are taken as strings and parsed here, so an amount is never a float
/// and never rounded.
/// </summary>
public static partial class PulpaAmount
{
    /// <summary>The format of an amount argument.</summary>
    public const string Format = "a decimal string with at most 10 digits before the point and 8 after, such as \"12.5\"";

    [GeneratedRegex(@"^\d{1,10}(\.\d{1,8})?$")]
    private static partial Regex Pattern();

    /// <summary>The amount <paramref name="text"/> (trimmed) says, or null when it is not in the format.</summary>
    public static decimal? Parse(string text)
    {
        var trimmed = text.Trim();
        return Pattern().IsMatch(trimmed) ? decimal.Parse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Whether <paramref name="text"/> is an amount greater than zero; <paramref name="amount"/> is it.</summary>
    public static bool TryParsePositive(string text, out decimal amount)
    {
        amount = Parse(text) ?? 0m;
        return amount > 0m;
    }
}
