using System.Text.RegularExpressions;

namespace Poktapok.App.Schema;

/// <summary>
/// The text formats of the legacy CHECK constraints (LEGACY.md §1.3). They were written with <c>~*</c>, so they
/// ignore letter case: a username <c>Alice_1</c> passes the data model (functions apply their own stricter rules).
/// The same rules are CHECK constraints in the database (see <c>SqlDialect</c>).
/// </summary>
public static partial class Patterns
{
    [GeneratedRegex(@"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")]
    public static partial Regex Email();

    [GeneratedRegex("^[A-Za-z0-9_]{3,50}$")]
    public static partial Regex Username();

    [GeneratedRegex("^0[xX][a-fA-F0-9]{40}$")]
    public static partial Regex Wallet();

    [GeneratedRegex("^0[xX][a-fA-F0-9]{64}$")]
    public static partial Regex TransactionHash();

    [GeneratedRegex("^[A-Za-z]{2}$")]
    public static partial Regex CountryCode();

    [GeneratedRegex("^[A-Za-z0-9_-]{16,32}$")]
    public static partial Regex InviteCode();

    [GeneratedRegex("^https?://")]
    public static partial Regex HttpUrl();

    /// <summary>A Luma URL slug (<c>lu.ma/&lt;slug&gt;</c>).</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$")]
    public static partial Regex LumaSlug();
}
