using System.Text.Json.Nodes;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Http;

/// <summary>Mutations are transactions: concurrent writers never lose an update, on either provider.</summary>
public sealed class ConcurrencyTests : DatabaseTest
{
    [Fact]
    public async Task fifty_clients_incrementing_one_counter_a_hundred_times_each_end_at_exactly_5000()
    {
        await using var server = await TestServer.StartAsync(Database);
        const int clients = 50, increments = 100;

        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            using var http = new HttpClient { BaseAddress = server.Url };
            for (var i = 0; i < increments; i++)
            {
                using var content = new StringContent("""{"path":"demo:increment","args":[{"name":"shared"}]}""", System.Text.Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("/api/mutation", content);
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                body["status"]!.GetValue<string>().ShouldBe("success", customMessage: body.ToJsonString());
            }
        }));

        var total = await server.CallAsync("query", "demo:get", new { name = "shared" });
        total["value"]!.GetValue<double>().ShouldBe(clients * increments);
    }

    [Fact]
    public async Task commit_timestamps_are_unique_and_grow_in_commit_order()
    {
        await using var server = await TestServer.StartAsync(Database);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            server.CallAsync("mutation", "demo:increment", new { name = $"c{i % 4}" })));

        await using var db = Database.Open();
        var commits = db.Commits.OrderBy(c => c.Ts).ToList();
        commits.Count.ShouldBe(20);
        commits.Select(c => c.Ts).Distinct().Count().ShouldBe(20);
        commits.ShouldAllBe(c => c.Tables == "demo_counters");
        commits.Select(c => c.CommittedAt).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public async Task two_servers_on_one_database_share_one_commit_clock_that_survives_restarts()
    {
        ulong before;
        await using (var first = await TestServer.StartAsync(Database))
        {
            await first.CallAsync("mutation", "demo:increment", new { name = "restart" });
            before = await first.Functions.LatestTimestampAsync(CancellationToken.None);
        }

        await using var a = await TestServer.StartAsync(Database);
        await using var b = await TestServer.StartAsync(Database);
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            (i % 2 == 0 ? a : b).CallAsync("mutation", "demo:increment", new { name = "nodes" })));

        (await b.CallAsync("query", "demo:get", new { name = "nodes" }))["value"]!.GetValue<double>().ShouldBe(30);
        await using var db = Database.Open();
        var stamps = db.Commits.OrderBy(c => c.CommittedAt).Select(c => c.Ts).ToList();
        stamps.Count.ShouldBe(31);
        stamps.Distinct().Count().ShouldBe(31);
        stamps.Skip(1).ShouldAllBe(ts => ts > (long)before, "the clock continues after a restart");
        (await a.Functions.LatestTimestampAsync(CancellationToken.None)).ShouldBe(await b.Functions.LatestTimestampAsync(CancellationToken.None));
    }
}
