using System.Text;
using System.Text.Json.Nodes;
using Poktapok.App.Schema;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Http;

/// <summary>Paginated queries (PROTOCOL.md §8) through the HTTP API, on the provider under test.</summary>
public sealed class PaginationTests : DatabaseTest
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private async Task WithServer(Func<TestServer, Task> test)
    {
        await using var server = await TestServer.StartAsync(Database);
        await test(server);
    }

    // Eleven counters: two before, seven created at one instant (as in one transaction), two after. Returns
    // their ids in the order pages must give them: creation time, then id as the database orders uuids.
    private async Task<List<string>> SeedAsync()
    {
        var counters = new List<DemoCounter>();
        for (var i = 0; i < 11; i++)
        {
            var created = i switch
            {
                < 2 => s_start.AddSeconds(i),
                < 9 => s_start.AddMinutes(1),
                _ => s_start.AddMinutes(i),
            };
            counters.Add(new DemoCounter { Id = Guid.NewGuid(), Name = $"counter-{i}", CreatedAt = created });
        }

        await using var db = Database.Open();
        db.DemoCounters.AddRange(counters.OrderBy(_ => Guid.NewGuid()));
        await db.SaveChangesAsync();
        return [.. counters.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id.ToString("D"), StringComparer.Ordinal).Select(c => c.Id.ToString("D"))];
    }

    private static Task<JsonNode> PageAsync(TestServer s, object paginationOpts) =>
        s.CallAsync("query", "demo:listCounters", new { paginationOpts });

    private static List<string> IdsOf(JsonNode result) =>
        [.. result["value"]!["page"]!.AsArray().Select(d => d!["_id"]!.GetValue<string>())];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(11)]
    [InlineData(50)]
    public Task pages_walk_every_counter_in_order_without_gaps_or_duplicates(int numItems) => WithServer(async s =>
    {
        var expected = await SeedAsync();
        var seen = new List<string>();
        string? cursor = null;
        JsonNode value;
        do
        {
            var result = await PageAsync(s, new { numItems, cursor });
            result["status"]!.GetValue<string>().ShouldBe("success", result.ToJsonString());
            value = result["value"]!;
            var ids = IdsOf(result);
            ids.Count.ShouldBeLessThanOrEqualTo(numItems);
            seen.AddRange(ids);
            cursor = value["continueCursor"]!.GetValue<string>();
            seen.Count.ShouldBeLessThanOrEqualTo(expected.Count, "a page repeated documents");
        }
        while (!value["isDone"]!.GetValue<bool>());

        seen.ShouldBe(expected);
        cursor.ShouldNotBeNullOrEmpty();
        value.AsObject().Select(p => p.Key).ShouldBe(["page", "isDone", "continueCursor"], ignoreOrder: true);
    });

    [Fact]
    public Task a_page_of_documents_has_ids_and_creation_times() => WithServer(async s =>
    {
        await SeedAsync();

        var page = (await PageAsync(s, new { numItems = 1, cursor = (string?)null }))["value"]!["page"]![0]!;

        page["_creationTime"]!.GetValue<double>().ShouldBe(s_start.ToUnixTimeMilliseconds());
        page["name"]!.GetValue<string>().ShouldBe("counter-0");
    });

    [Fact]
    public Task a_cursor_at_the_end_gives_an_empty_done_page() => WithServer(async s =>
    {
        await SeedAsync();
        var last = (await PageAsync(s, new { numItems = 20, cursor = (string?)null }))["value"]!;
        last["isDone"]!.GetValue<bool>().ShouldBeTrue();

        var after = (await PageAsync(s, new { numItems = 5, cursor = last["continueCursor"]!.GetValue<string>() }))["value"]!;

        after["page"]!.AsArray().ShouldBeEmpty();
        after["isDone"]!.GetValue<bool>().ShouldBeTrue();
        after["continueCursor"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
    });

    [Fact]
    public Task an_empty_table_is_one_empty_done_page() => WithServer(async s =>
    {
        var value = (await PageAsync(s, new { numItems = 5, cursor = (string?)null }))["value"]!;

        value["page"]!.AsArray().ShouldBeEmpty();
        value["isDone"]!.GetValue<bool>().ShouldBeTrue();
        value["continueCursor"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
    });

    [Fact]
    public Task the_end_cursor_bounds_the_page_however_many_documents_it_holds() => WithServer(async s =>
    {
        var expected = await SeedAsync();
        var first = (await PageAsync(s, new { numItems = 3, cursor = (string?)null }))["value"]!;
        var end = first["continueCursor"]!.GetValue<string>();
        await using (var db = Database.Open())
        {
            db.DemoCounters.Add(new DemoCounter { Name = "earlier", CreatedAt = s_start.AddDays(-1) });
            await db.SaveChangesAsync();
        }

        var again = await PageAsync(s, new { numItems = 3, cursor = (string?)null, endCursor = end });
        var next = await PageAsync(s, new { numItems = 3, cursor = end });

        IdsOf(again).Count.ShouldBe(4);
        IdsOf(again).Skip(1).ShouldBe(expected.Take(3));
        again["value"]!["isDone"]!.GetValue<bool>().ShouldBeFalse();
        again["value"]!["continueCursor"]!.GetValue<string>().ShouldBe(end);
        IdsOf(next).ShouldBe(expected.Skip(3).Take(3), "the next page still starts after the same document");
    });

    [Fact]
    public Task a_page_grown_past_twice_its_size_offers_a_split_that_covers_it() => WithServer(async s =>
    {
        var expected = await SeedAsync();
        var first = (await PageAsync(s, new { numItems = 1, cursor = (string?)null }))["value"]!;
        var start = first["continueCursor"]!.GetValue<string>();
        var fourth = (await PageAsync(s, new { numItems = 3, cursor = start }))["value"]!["continueCursor"]!.GetValue<string>();

        var grown = (await PageAsync(s, new { numItems = 1, cursor = start, endCursor = fourth }))["value"]!;
        var split = grown["splitCursor"]!.GetValue<string>();
        var left = await PageAsync(s, new { numItems = 1, cursor = start, endCursor = split });
        var right = await PageAsync(s, new { numItems = 1, cursor = split, endCursor = fourth });

        grown["pageStatus"]!.GetValue<string>().ShouldBe("SplitRecommended");
        IdsOf(left).Concat(IdsOf(right)).ShouldBe(expected.Skip(1).Take(3));
    });

    [Fact]
    public Task the_options_clients_send_are_accepted() => WithServer(async s =>
    {
        await SeedAsync();

        var (_, sent) = await s.PostAsync("/api/query",
            """{"path":"demo:listCounters","args":[{"paginationOpts":{"cursor":null,"id":-1,"numItems":2}}],"format":"json"}""");
        var (_, every) = await s.PostAsync("/api/query",
            """{"path":"demo:listCounters","args":[{"paginationOpts":{"cursor":null,"endCursor":null,"id":3,"numItems":2,"maximumRowsRead":1,"maximumBytesRead":1000000}}],"format":"json"}""");

        sent!["status"]!.GetValue<string>().ShouldBe("success", sent.ToJsonString());
        sent["value"]!["page"]!.AsArray().Count.ShouldBe(2);
        every!["status"]!.GetValue<string>().ShouldBe("success", every.ToJsonString());
        every["value"]!["page"]!.AsArray().Count.ShouldBe(1, "maximumRowsRead caps the page");
    });

    public static TheoryData<string> MalformedCursors => new()
    {
        "not a cursor",
        "",
        "eyJ2IjoxfQ",                                                       // {"v":1}
        "eyJ2IjoyLCJlbmQiOnRydWV9",                                         // {"v":2,"end":true}
        Base64Url("""{"v":1,"k":"yesterday","i":"0195a3c4-0000-7000-8000-000000000000"}"""),
        Base64Url("""{"v":1,"k":"2026-01-01T00:00:00+00:00","i":"not-a-guid"}"""),
        Base64Url("[1,2,3]"),
    };

    [Theory]
    [MemberData(nameof(MalformedCursors))]
    public Task a_malformed_cursor_is_an_invalid_cursor_error(string cursor) => WithServer(async s =>
    {
        await SeedAsync();

        foreach (var opts in new object[] { new { numItems = 2, cursor }, new { numItems = 2, cursor = (string?)null, endCursor = cursor } })
        {
            var result = await PageAsync(s, opts);

            result["status"]!.GetValue<string>().ShouldBe("error");
            result["errorMessage"]!.GetValue<string>().ShouldContain("InvalidCursor");
            JsonNode.DeepEquals(result["errorData"], JsonNode.Parse("""{"isConvexSystemError":true,"paginationError":"InvalidCursor"}"""))
                .ShouldBeTrue(result.ToJsonString());
        }
    });

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public Task a_page_size_out_of_range_is_refused(int numItems) => WithServer(async s =>
    {
        var result = await PageAsync(s, new { numItems, cursor = (string?)null });

        result["status"]!.GetValue<string>().ShouldBe("error");
        result["errorData"]!["code"]!.GetValue<string>().ShouldBe("INVALID_ARGUMENT");
        result["errorData"]!["details"]!["fields"]!.AsObject().Select(f => f.Key).ShouldBe(["paginationOpts.numItems"]);
    });

    [Fact]
    public Task options_that_are_not_pagination_options_are_an_argument_validation_error() => WithServer(async s =>
    {
        var missing = await PageAsync(s, new { cursor = (string?)null });
        var unknown = await PageAsync(s, new { numItems = 2, cursor = (string?)null, order = "desc" });

        missing["errorMessage"]!.GetValue<string>().ShouldContain("`paginationOpts.numItems` is required");
        unknown["errorMessage"]!.GetValue<string>().ShouldContain("`paginationOpts.order` is not a field");
    });

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
