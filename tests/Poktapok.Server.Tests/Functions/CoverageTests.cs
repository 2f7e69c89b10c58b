using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Poktapok.App;
using Poktapok.Engine.Functions;
using Poktapok.Server.Tests.Contract;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary>
/// The contract and the code cannot drift (issue 10, "Coverage"): every legacy handler of FUNCTIONS.md §7 maps to a
/// registered function, a kept HTTP route the server answers, or is dropped with a reason; every function the
/// contract names is registered with its kind; every registered function is in the contract; and every legacy
/// path that was not kept answers the 404 fallback. The contract is read from the copy in <c>Contract/</c>.
/// </summary>
public sealed partial class CoverageTests
{
    private static readonly FunctionContract s_contract = FunctionContract.Load(FunctionContract.CopyPath);
    private static readonly FunctionRegistry s_registry = AppFunctions.CreateRegistry(AppFunctions.CreateValueMapper());

    // Registered functions (a module when the entry ends with ':') the contract leaves out, with the reason.
    private static readonly string[] s_notInContract =
    [
        "demo:", // the protocol's demonstration functions (counters, messages, jobs), used by protocol and scheduler tests
        // Plumbing, not a feature: actions have no database, so they run this internal mutation to check the admin
        // level (docs/functions.md). FUNCTIONS.md §5 does not list it yet; drop this line once it does.
        "access:requireAdmin",
        // Housekeeping for projects:recordView's once-per-30-minutes rule (§3.4): drops marks past the window. Not
        // in §5 of the contract, which predates per-connection marks for signed-out viewers.
        "projects:forgetViews",
    ];

    [Fact]
    public void the_copy_of_the_contract_is_the_shared_one()
    {
        // The issue names the contract ../shared/FUNCTIONS.md from the repository; where that checkout exists the
        // copy must be identical (refresh it with cp), elsewhere (CI, a lone clone) the copy is the contract.
        var shared = Path.Combine(Repository.Root, "..", "shared", "FUNCTIONS.md");
        if (File.Exists(shared))
        {
            var copy = Lines(FunctionContract.CopyPath);
            var original = Lines(shared);
            var first = Enumerable.Range(0, Math.Max(copy.Length, original.Length))
                .FirstOrDefault(i => i >= copy.Length || i >= original.Length || copy[i] != original[i], -1);
            first.ShouldBe(-1, $"tests/Poktapok.Server.Tests/Contract/FUNCTIONS.md differs from {Path.GetFullPath(shared)} at line {first + 1} "
                + $"(copy: \"{copy.ElementAtOrDefault(first)}\", shared: \"{original.ElementAtOrDefault(first)}\"); copy it again");
        }

        File.ReadAllText(FunctionContract.CopyPath).ShouldContain("## 7. Coverage of the 89 legacy handlers");
    }

    [Fact]
    public void the_coverage_table_lists_each_legacy_handler_once_and_its_totals_add_up()
    {
        var handlers = s_contract.Handlers;
        handlers.Select(h => h.Number).Order().ShouldBe(Enumerable.Range(1, 89));
        handlers.Select(h => h.Handler).Distinct().Count().ShouldBe(89, "a legacy handler is listed twice");
        // "Route file = src/app/api/<path>/route.ts (66 files)": one file per distinct path.
        handlers.Select(h => h.LegacyPath).Distinct().Count().ShouldBe(66);

        var totals = TotalsLine().Match(s_contract.CoverageText);
        totals.Success.ShouldBeTrue("§7 has no totals line");
        int Total(string name) => int.Parse(totals.Groups[name].Value, System.Globalization.CultureInfo.InvariantCulture);
        Total("all").ShouldBe(handlers.Count);
        Total("functions").ShouldBe(handlers.Count(h => h.Functions.Count > 0));
        Total("routes").ShouldBe(handlers.Count(h => h.Functions.Count > 0 && h.Routes.Count > 0));
        Total("dropped").ShouldBe(handlers.Count(h => h.DroppedBecause is not null));
    }

    [Fact]
    public void every_legacy_handler_maps_to_a_registered_function_or_a_kept_route_or_is_dropped_with_a_reason()
    {
        var problems = new List<string>();
        foreach (var handler in s_contract.Handlers)
        {
            if (handler.Problem is { } problem)
            {
                problems.Add($"{handler}: {problem}");
            }

            problems.AddRange(handler.Functions.Where(f => s_registry.Find(f) is null).Select(f => $"{handler}: {f} is not registered"));
            problems.AddRange(handler.Routes.Where(r => !s_contract.Routes.Contains(r)).Select(r => $"{handler}: {r} is not a kept route of §4"));
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public void every_function_the_contract_names_is_registered_with_its_kind()
    {
        var problems = new List<string>();
        foreach (var function in s_contract.Functions)
        {
            if (s_registry.Find(function.Path) is not { } registered)
            {
                problems.Add($"§{function.Section} {function.Path} ({function.Kind ?? "named"}) is not registered");
                continue;
            }

            if (function.Kind is { } kind && KindOf(registered) != kind.Replace(" P", "", StringComparison.Ordinal))
            {
                problems.Add($"§{function.Section} {function.Path} is {kind} in the contract but {KindOf(registered)} in the code");
            }

            // "P" marks a paginated query: it takes paginationOpts, and only such queries do.
            if (function.Kind is { } marked && marked.EndsWith(" P", StringComparison.Ordinal) != TakesPagination(registered))
            {
                problems.Add($"§{function.Section} {function.Path} is {marked} in the contract but "
                    + (TakesPagination(registered) ? "takes" : "does not take") + " paginationOpts");
            }
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public void every_registered_function_is_in_the_contract()
    {
        var named = s_contract.Functions.Select(f => f.Path).ToHashSet();
        s_registry.Functions.Select(f => f.Path)
            .Where(p => !s_notInContract.Any(left => left.EndsWith(':') ? p.StartsWith(left, StringComparison.Ordinal) : p == left))
            .Where(p => !named.Contains(p))
            .ShouldBeEmpty("registered but in neither §3 nor §5 of FUNCTIONS.md");
    }

    [Fact]
    public async Task every_kept_route_is_answered_and_every_other_legacy_path_is_the_404_fallback()
    {
        s_contract.Routes.Count.ShouldBe(5);
        await using var database = await TestDatabase.CreateAsync();
        await using var server = await TestServer.StartAsync(database);

        var unanswered = new List<string>();
        foreach (var route in s_contract.Routes)
        {
            var (status, body) = await Send(server, route);
            if (IsFallback(status, body))
            {
                unanswered.Add($"{route} → {status} {body}");
            }
        }

        unanswered.ShouldBeEmpty("kept routes of §4 the server does not answer");

        var kept = s_contract.Handlers.SelectMany(h => h.Routes).ToHashSet();
        var answered = new List<string>();
        foreach (var handler in s_contract.Handlers.Where(h => h.Routes.Count == 0))
        {
            var path = "/api/" + LegacyParameter().Replace(handler.LegacyPath, Guid.NewGuid().ToString());
            kept.ShouldNotContain($"{handler.Method} {path}");
            var (status, body) = await Send(server, $"{handler.Method} {path}");
            if (!IsFallback(status, body) || JsonNode.Parse(body)!["code"]?.GetValue<string>() != "NOT_FOUND")
            {
                answered.Add($"{handler} → {status} {body}");
            }
        }

        answered.ShouldBeEmpty("legacy paths that §4 does not keep must answer 404 {code: NOT_FOUND}");
    }

    [Fact]
    public void the_coverage_parser_reads_every_form_of_the_table_and_refuses_the_rest()
    {
        var both = FunctionContract.ParseHandler(1, "GET events", "F `events:listPublished`/`events:list` + H `GET /api/events`");
        both.Functions.ShouldBe(["events:listPublished", "events:list"]);
        both.Routes.ShouldBe(["GET /api/events"]);
        both.Problem.ShouldBeNull();

        FunctionContract.ParseHandler(2, "GET projects", "F `projects:list` (+ `listMine`)").Functions.ShouldBe(["projects:list", "projects:listMine"]);
        FunctionContract.ParseHandler(3, "POST x", "F `files:generateUploadUrl` + `users:setAvatar`").Functions
            .ShouldBe(["files:generateUploadUrl", "users:setAvatar"]);
        FunctionContract.ParseHandler(4, "POST luma/sync-calendar", "F `luma/syncAction:syncCalendar` + H `POST /api/luma/sync-calendar` (now admin)")
            .ShouldSatisfyAllConditions(
                h => h.Functions.ShouldBe(["luma/syncAction:syncCalendar"]),
                h => h.Routes.ShouldBe(["POST /api/luma/sync-calendar"]));

        var dropped = FunctionContract.ParseHandler(5, "GET bootcamp/keys", "dropped: API keys are not carried over (S19)");
        dropped.DroppedBecause.ShouldBe("API keys are not carried over (S19)");
        dropped.Problem.ShouldBeNull();

        FunctionContract.ParseHandler(6, "GET x", "dropped").Problem.ShouldNotBeNull();
        FunctionContract.ParseHandler(7, "GET x", "see the events module").Problem.ShouldNotBeNull();
        FunctionContract.ParseHandler(8, "GET x", "F `listMine`").Problem.ShouldNotBeNull();
        FunctionContract.ParseHandler(9, "GET x", "H `/api/x`").Problem.ShouldNotBeNull();
    }

    private static string KindOf(FunctionDefinition function) =>
        (function.IsInternal ? "i" : "") + function.Kind switch
        {
            FunctionKind.Query => "Q",
            FunctionKind.Mutation => "M",
            _ => "A",
        };

    private static bool TakesPagination(FunctionDefinition function)
    {
        var parameters = function.Method.GetParameters().Skip(1).Select(p => p.ParameterType);
        var fields = function.Arguments.ArgsRecord is { } record ? record.GetProperties().Select(p => p.PropertyType) : parameters;
        return fields.Any(t => t == typeof(PaginationOptions));
    }

    // Answers of the host's catch-all: a JSON 404 "No route …" under /api/, an empty 404 elsewhere.
    private static bool IsFallback(HttpStatusCode status, string body) =>
        status == HttpStatusCode.NotFound
        && (body.Length == 0 || JsonNode.Parse(body)?["message"]?.GetValue<string>() is { } message && message.StartsWith("No route ", StringComparison.Ordinal));

    // One request to "METHOD /path": placeholders get a fresh id, a signed-token query a token that is not one.
    private static async Task<(HttpStatusCode Status, string Body)> Send(TestServer server, string route)
    {
        var (method, path) = (route.Split(' ', 2)[0], route.Split(' ', 2)[1]);
        path = RoutePlaceholder().Replace(path, Guid.NewGuid().ToString()).Replace("=…", "=not-a-token", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await server.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string[] Lines(string path) => File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    [GeneratedRegex(@"Total: (?<all>\d+) handlers covered \((?<functions>\d+) mapped to functions, (?<routes>\d+) of them also kept as HTTP routes, (?<dropped>\d+) dropped\)")]
    private static partial Regex TotalsLine();

    [GeneratedRegex(@":[A-Za-z]+")]
    private static partial Regex LegacyParameter();

    [GeneratedRegex(@"\{[A-Za-z]+\}")]
    private static partial Regex RoutePlaceholder();
}
