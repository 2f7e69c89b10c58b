using System.Text.RegularExpressions;

namespace Poktapok.Server.Tests.Contract;

/// <summary>
/// What the coverage tests read from the function contract (<c>FUNCTIONS.md</c>, copied beside this file): the
/// functions of the §3 tables (path, kind), the scheduled and internal functions of §5, the kept HTTP routes of §4
/// and the §7 coverage table of the legacy handlers. The parser is strict about what it does not understand, so a
/// change of the table's forms fails the coverage tests instead of silently covering less.
/// </summary>
public sealed partial class FunctionContract
{
    /// <summary>The copy of the contract in the test output (<c>Contract/FUNCTIONS.md</c>).</summary>
    public static string CopyPath => Path.Combine(AppContext.BaseDirectory, "Contract", "FUNCTIONS.md");

    private FunctionContract(IReadOnlyList<ContractFunction> functions, IReadOnlyList<string> routes,
        IReadOnlyList<LegacyHandler> handlers, string coverageText)
    {
        Functions = functions;
        Routes = routes;
        Handlers = handlers;
        CoverageText = coverageText;
    }

    /// <summary>Every function of the §3 tables and the §5 table (a function named twice is listed twice).</summary>
    public IReadOnlyList<ContractFunction> Functions { get; }

    /// <summary>The kept HTTP routes of §4, as <c>METHOD /path</c> (<c>GET /api/storage/{storageId}</c>).</summary>
    public IReadOnlyList<string> Routes { get; }

    /// <summary>The rows of the §7 coverage table, in table order.</summary>
    public IReadOnlyList<LegacyHandler> Handlers { get; }

    /// <summary>The prose of §7 (its totals line).</summary>
    public string CoverageText { get; }

    public static FunctionContract Load(string path) => Parse(File.ReadAllText(path));

    public static FunctionContract Parse(string markdown)
    {
        var sections = Sections(markdown);
        var functions = new List<ContractFunction>();
        functions.AddRange(Section3Functions(sections[3]));
        functions.AddRange(Section5Functions(sections[5]));
        var routes = TableRows(sections[4]).Select(cells => Backticked(cells[0]).Single()).ToList();
        var handlers = TableRows(sections[7]).SelectMany(HandlersOfRow).ToList();
        return new FunctionContract(functions, routes, handlers, sections[7]);
    }

    /// <summary>Reads one "new" cell of §7: <c>F `a:b` + `c:d`</c>, <c>F `m:x` (+ `y`)</c>, <c>F `m:x` + H `GET /api/x`</c>, or <c>dropped: reason</c>.</summary>
    public static LegacyHandler ParseHandler(int number, string handler, string cell)
    {
        cell = cell.Trim();
        if (Dropped().Match(cell) is { Success: true } dropped)
        {
            var reason = dropped.Groups["reason"].Value.Trim();
            return new LegacyHandler(number, handler, [], [], reason, reason.Any(char.IsLetter) ? null : "dropped without a reason");
        }

        var functions = new List<string>();
        var routes = new List<string>();
        char? marker = null;
        string? module = null;
        string? problem = null;
        foreach (Match token in CellToken().Matches(cell))
        {
            if (token.Groups["marker"].Success)
            {
                marker = token.Groups["marker"].Value[0];
                continue;
            }

            var name = token.Groups["name"].Value;
            switch (marker)
            {
                case 'F':
                    // A bare name belongs to the module of the function before it: "F `projects:list` (+ `listMine`)".
                    var path = name.Contains(':', StringComparison.Ordinal) ? name : module is null ? null : $"{module}:{name}";
                    if (path is null || !FunctionPath().IsMatch(path))
                    {
                        problem ??= $"'{name}' is not a function path";
                        break;
                    }

                    functions.Add(path);
                    module = path[..path.IndexOf(':', StringComparison.Ordinal)];
                    break;
                case 'H':
                    if (!RoutePattern().IsMatch(name))
                    {
                        problem ??= $"'{name}' is not METHOD /path";
                        break;
                    }

                    routes.Add(name);
                    break;
                default:
                    problem ??= $"'{name}' follows no F or H";
                    break;
            }
        }

        if (functions.Count == 0 && routes.Count == 0)
        {
            problem ??= "maps to no function or route and is not dropped with a reason";
        }

        return new LegacyHandler(number, handler, functions, routes, null, problem);
    }

    // "## 3. Functions by module" … → {3: text of the section}.
    private static Dictionary<int, string> Sections(string markdown)
    {
        var sections = new Dictionary<int, string>();
        var matches = SectionHeading().Matches(markdown);
        for (var i = 0; i < matches.Count; i++)
        {
            var start = matches[i].Index + matches[i].Length;
            var end = i + 1 < matches.Count ? matches[i + 1].Index : markdown.Length;
            sections[int.Parse(matches[i].Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture)] = markdown[start..end];
        }

        foreach (var needed in new[] { 3, 4, 5, 7 })
        {
            if (!sections.ContainsKey(needed))
            {
                throw new FormatException($"FUNCTIONS.md has no section {needed}.");
            }
        }

        return sections;
    }

    // The body rows of every table of a section, as cells ("\|" inside a cell is a literal bar, not a separator).
    private static IEnumerable<string[]> TableRows(string section)
    {
        var header = true;
        foreach (var line in section.Split('\n').Select(l => l.Trim()))
        {
            if (!line.StartsWith('|'))
            {
                header = true;
                continue;
            }

            if (header)
            {
                header = false;
                continue;
            }

            if (SeparatorRow().IsMatch(line))
            {
                continue;
            }

            yield return [.. CellSeparator().Split(line.Trim('|')).Select(c => c.Replace("\\|", "|", StringComparison.Ordinal).Trim())];
        }
    }

    // §3: the first cell names the function ("`luma/sync:startRun` / `finishRun`" names two), the second its kind.
    // Every other cell may name functions too ("replaces", notes); they must exist as well, with whatever kind.
    private static IEnumerable<ContractFunction> Section3Functions(string section)
    {
        foreach (var cells in TableRows(section))
        {
            string? module = null;
            foreach (var name in Backticked(cells[0]))
            {
                var path = name.Contains(':', StringComparison.Ordinal) ? name : $"{module}:{name}";
                module = path[..path.IndexOf(':', StringComparison.Ordinal)];
                yield return new ContractFunction(path, cells[1], 3);
            }

            foreach (var cell in cells.Skip(1))
            {
                foreach (var name in Backticked(cell).Where(n => FunctionPath().IsMatch(n)))
                {
                    yield return new ContractFunction(name, null, 3);
                }
            }
        }
    }

    // §5: "`skills:recomputeUsage`, `users:recomputeSkills`, `pulpa:recomputeProfileTotals` (iM, batched)".
    private static IEnumerable<ContractFunction> Section5Functions(string section)
    {
        foreach (var cells in TableRows(section))
        {
            var kind = KindInParentheses().Match(cells[2]) is { Success: true } k ? k.Groups["kind"].Value : null;
            foreach (var name in Backticked(cells[2]).Where(n => FunctionPath().IsMatch(n)))
            {
                yield return new ContractFunction(name, kind, 5);
            }
        }
    }

    // A §7 row holds two handlers side by side: "| 1 | POST auth/login | F `users:login` | 46 | GET … | F … |".
    private static IEnumerable<LegacyHandler> HandlersOfRow(string[] cells)
    {
        for (var i = 0; i + 2 < cells.Length; i += 3)
        {
            if (cells[i].Length == 0 && cells[i + 1].Length == 0 && cells[i + 2].Length == 0)
            {
                continue;
            }

            if (!int.TryParse(cells[i], out var number))
            {
                throw new FormatException($"§7: '{cells[i]}' is not a handler number.");
            }

            yield return ParseHandler(number, cells[i + 1], cells[i + 2]);
        }
    }

    private static IEnumerable<string> Backticked(string cell) => BacktickedText().Matches(cell).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"^## (?<n>\d+)\. .*$", RegexOptions.Multiline)]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"^\|(\s*:?-+:?\s*\|)+$")]
    private static partial Regex SeparatorRow();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellSeparator();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex BacktickedText();

    [GeneratedRegex(@"(?:^|(?<=[\s+(/]))(?<marker>[FH])(?=\s+`)|`(?<name>[^`]+)`")]
    private static partial Regex CellToken();

    [GeneratedRegex(@"^(?:D|dropped)\b[\s:—–-]*(?<reason>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Dropped();

    [GeneratedRegex(@"^[a-z][A-Za-z]*(/[a-z][A-Za-z]*)*:[a-z][A-Za-z]*$")]
    public static partial Regex FunctionPath();

    [GeneratedRegex(@"^(GET|POST|PUT|PATCH|DELETE) /\S*$")]
    private static partial Regex RoutePattern();

    [GeneratedRegex(@"\((?<kind>i?[QMA])\b")]
    private static partial Regex KindInParentheses();
}

/// <summary>A function the contract names: its path, its kind column (<c>Q P</c>, <c>iM</c>; null where none is given) and its section.</summary>
public sealed record ContractFunction(string Path, string? Kind, int Section);

/// <summary>
/// One row of the §7 coverage table: the functions and kept routes it maps to, or the reason it was dropped;
/// <see cref="Problem"/> says what could not be read.
/// </summary>
public sealed record LegacyHandler(int Number, string Handler, IReadOnlyList<string> Functions, IReadOnlyList<string> Routes,
    string? DroppedBecause, string? Problem)
{
    /// <summary>The legacy method (<c>PATCH</c>).</summary>
    public string Method => Handler.Split(' ', 2)[0];

    /// <summary>The legacy path under <c>/api/</c> (<c>admin/users/:id/role</c>).</summary>
    public string LegacyPath => Handler.Split(' ', 2)[1];

    public override string ToString() => $"#{Number} {Handler}";
}
