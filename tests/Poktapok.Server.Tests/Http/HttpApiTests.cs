using System.Net;
using System.Text.Json.Nodes;
using Poktapok.Protocol.Values;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Http;

/// <summary>The Convex HTTP API (PROTOCOL.md §5) on a real host over the provider under test.</summary>
public sealed class HttpApiTests : DatabaseTest
{
    private async Task<T> WithServer<T>(Func<TestServer, Task<T>> test)
    {
        await using var server = await TestServer.StartAsync(Database);
        return await test(server);
    }

    private Task WithServer(Func<TestServer, Task> test) => WithServer(async s =>
    {
        await test(s);
        return 0;
    });

    [Fact]
    public Task a_mutation_commits_and_a_query_reads_it() => WithServer(async s =>
    {
        var first = await s.CallAsync("mutation", "demo:increment", new { name = "visits" });
        var second = await s.CallAsync("mutation", "demo:increment", new { name = "visits", by = 5 });
        var read = await s.CallAsync("query", "demo:get", new { name = "visits" });

        first["status"]!.GetValue<string>().ShouldBe("success");
        first["value"]!.GetValue<double>().ShouldBe(1);
        second["value"]!.GetValue<double>().ShouldBe(6);
        read["value"]!.GetValue<double>().ShouldBe(6);
        read["logLines"]!.AsArray().Count.ShouldBe(0);
    });

    [Fact]
    public Task an_action_runs_a_mutation_in_its_own_transactions() => WithServer(async s =>
    {
        var result = await s.CallAsync("action", "demo:incrementTwice", new { name = "a" });

        result["value"]!.GetValue<double>().ShouldBe(2);
        (await s.CallAsync("query", "demo:get", new { name = "a" }))["value"]!.GetValue<double>().ShouldBe(2);
    });

    [Fact]
    public Task values_keep_their_kinds_in_the_encoded_format_and_are_readable_in_json() => WithServer(async s =>
    {
        const string value = """{"n":{"$integer":"BQAAAAAAAAA="},"b":{"$bytes":"AQI="},"f":1.5,"nan":{"$float":"AAAAAAAA+H8="},"s":"x","a":[true,null]}""";

        var (_, encoded) = await s.PostAsync("/api/query", $$"""{"path":"demo:echo","args":[{"value":{{value}}}],"format":"convex_encoded_json"}""");
        var (_, json) = await s.PostAsync("/api/query", $$"""{"path":"demo:echo","args":{"value":{{value}}},"format":"json"}""");

        ConvexJson.Parse(encoded!["value"]!.ToJsonString()).ShouldBe(ConvexJson.Parse(value));
        encoded["logLines"]!.AsArray().Select(l => l!.GetValue<string>()).ShouldBe(["[LOG] 'echo' 1"]);
        json!["value"]!["n"]!.GetValue<string>().ShouldBe("5");
        json["value"]!["b"]!.GetValue<string>().ShouldBe("AQI=");
        json["value"]!["nan"]!.GetValue<string>().ShouldBe("NaN");
    });

    [Fact]
    public Task an_application_error_reaches_the_caller_as_data() => WithServer(async s =>
    {
        var result = await s.CallAsync("mutation", "demo:refuse", new { max = 3 }, format: "convex_encoded_json");

        result["status"]!.GetValue<string>().ShouldBe("error");
        result["errorMessage"]!.GetValue<string>().ShouldBe("That is too many.");
        result["errorData"]!["code"]!.GetValue<string>().ShouldBe("BAD_INPUT");
        result["errorData"]!["max"]!["$integer"]!.GetValue<string>().ShouldBe("AwAAAAAAAAA=");
    });

    [Theory]
    [InlineData("""{"kind":"in-person","count":1}""", "`title` is required")]
    [InlineData("""{"title":"A title","count":1,"kind":"online"}""", "`kind` must be one of \"in-person\", \"virtual\", \"hybrid\", not \"online\"")]
    [InlineData("""{"title":"A title","count":"1","kind":"virtual"}""", "`count` must be a number, not a string")]
    [InlineData("""{"title":"A title","count":1.5,"kind":"virtual"}""", "`count` must be a whole number")]
    [InlineData("""{"title":"A title","count":1,"kind":"virtual","extra":true}""", "`extra` is not a field")]
    public Task arguments_of_the_wrong_shape_are_an_argument_validation_error_naming_the_field(string args, string message) =>
        WithServer(async s =>
        {
            var (status, body) = await s.PostAsync("/api/query", $$"""{"path":"demo:describe","args":[{{args}}]}""");

            status.ShouldBe(200);
            body!["status"]!.GetValue<string>().ShouldBe("error");
            body["errorMessage"]!.GetValue<string>().ShouldStartWith("ArgumentValidationError: ");
            body["errorMessage"]!.GetValue<string>().ShouldContain(message);
            body["errorMessage"]!.GetValue<string>().ShouldContain("demo:describe");
            body.AsObject().ContainsKey("errorData").ShouldBeFalse("a validation error is a plain error");
        });

    [Fact]
    public Task arguments_that_break_content_rules_are_invalid_argument_with_every_field() => WithServer(async s =>
    {
        var result = await s.CallAsync("query", "demo:describe", new { title = "abc", count = 11, kind = "hybrid" });

        result["errorData"]!["code"]!.GetValue<string>().ShouldBe("INVALID_ARGUMENT");
        var fields = result["errorData"]!["details"]!["fields"]!.AsObject();
        fields.Select(f => f.Key).ShouldBe(["title", "count"], ignoreOrder: true);
    });

    [Fact]
    public Task arguments_that_fit_are_bound_with_defaults_for_absent_fields() => WithServer(async s =>
    {
        var result = await s.CallAsync("query", "demo:describe", new { title = "Demo day", count = 2, kind = "in-person" });

        result["value"]!.GetValue<string>().ShouldBe("2 × Demo day (in-person)");
    });

    [Theory]
    [InlineData("nope:missing", "Could not find public function for 'nope:missing'.")]
    [InlineData("demo:ping", "Could not find public function for 'demo:ping'.")]
    [InlineData("demo", "Could not find public function for 'demo'.")]
    public Task missing_and_internal_functions_are_not_found(string path, string message) => WithServer(async s =>
    {
        var result = await s.CallAsync("query", path);

        result["status"]!.GetValue<string>().ShouldBe("error");
        result["errorMessage"]!.GetValue<string>().ShouldBe(message);
    });

    [Fact]
    public Task calling_a_function_as_the_wrong_kind_is_refused() => WithServer(async s =>
    {
        var result = await s.CallAsync("query", "demo:increment", new { name = "x" });

        result["errorMessage"]!.GetValue<string>().ShouldContain("defined as Mutation");
        (await s.CallAsync("query", "demo:get", new { name = "x" }))["value"]!.GetValue<double>().ShouldBe(0, "nothing was written");
    });

    [Fact]
    public Task an_internal_error_is_a_generic_message_with_a_request_id() => WithServer(async s =>
    {
        var result = await s.CallAsync("query", "demo:crash");

        var message = result["errorMessage"]!.GetValue<string>();
        message.ShouldMatch(@"^\[Request ID: [0-9a-f]{16}\] Server Error$");
        result.ToJsonString().ShouldNotContain("hunter2");
        result.AsObject().ContainsKey("errorData").ShouldBeFalse();
    });

    [Fact]
    public Task a_query_cannot_write() => WithServer(async s =>
    {
        var result = await s.CallAsync("query", "demo:tryWrite");

        result["status"]!.GetValue<string>().ShouldBe("error");
        (await s.CallAsync("query", "demo:get", new { name = "written-by-a-query" }))["value"]!.GetValue<double>().ShouldBe(0);
    });

    [Fact]
    public Task every_entry_point_reaches_the_same_function() => WithServer(async s =>
    {
        await s.CallAsync("mutation", "demo:increment", new { name = "n", by = 3 });

        var get = await s.Http.GetStringAsync("/api/query?path=demo:get&args=" + Uri.EscapeDataString("""{"name":"n"}"""));
        var (_, function) = await s.PostAsync("/api/function", """{"path":"demo:get","args":{"name":"n"},"format":"json"}""");
        var (_, run) = await s.PostAsync("/api/run/demo/get", """{"args":{"name":"n"}}""");
        // A deployment URL configured with a trailing slash gives "//api/…".
        var (_, doubled) = await s.PostAsync(s.Url.ToString().TrimEnd('/') + "//api/query", """{"path":"demo:get","args":{"name":"n"}}""");
        var (_, js) = await s.PostAsync("/api/query", """{"path":"demo.js:get","args":[{"name":"n"}]}""");

        JsonNode.Parse(get)!["value"]!.GetValue<double>().ShouldBe(3);
        function!["value"]!.GetValue<double>().ShouldBe(3);
        run!["value"]!.GetValue<double>().ShouldBe(3);
        doubled!["value"]!.GetValue<double>().ShouldBe(3);
        js!["value"]!.GetValue<double>().ShouldBe(3);
    });

    [Fact]
    public Task the_format_defaults_to_json_and_to_encoded_for_old_official_clients() => WithServer(async s =>
    {
        await s.CallAsync("mutation", "demo:increment", new { name = "f" });
        using var old = new HttpRequestMessage(HttpMethod.Post, "/api/query")
        {
            Content = new StringContent("""{"path":"demo:echo","args":[{"value":{"$integer":"AQAAAAAAAAA="}}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        old.Headers.Add("Convex-Client", "npm-1.3.0");

        var (_, plain) = await s.PostAsync("/api/query", """{"path":"demo:echo","args":[{"value":{"$integer":"AQAAAAAAAAA="}}]}""");
        using var response = await s.Http.SendAsync(old);

        plain!["value"]!.GetValue<string>().ShouldBe("1");
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["value"]!["$integer"]!.GetValue<string>().ShouldBe("AQAAAAAAAAA=");
    });

    [Theory]
    [InlineData("/api/query", "not json", 400, "BadJsonBody")]
    [InlineData("/api/query", "[1,2]", 400, "BadJsonBody")]
    [InlineData("/api/query", """{"args":{}}""", 400, "BadRequest")]
    [InlineData("/api/query", """{"path":"demo:get","args":{"name":"a"},"format":"xml"}""", 400, "BadFormat")]
    [InlineData("/api/query", """{"path":"demo:get","args":{"$bad":1}}""", 400, "BadConvexValue")]
    [InlineData("/api/query", """{"path":"demo:get","args":[{},{}]}""", 400, "BadRequest")]
    [InlineData("/api/run/demo", """{"args":{}}""", 400, "MissingIdentifier")]
    [InlineData("/api/query_at_ts", """{"path":"demo:get","args":{"name":"a"},"ts":"nope"}""", 400, "InvalidTimestamp")]
    [InlineData("/api/query_at_ts", """{"path":"demo:get","args":{"name":"a"}}""", 400, "InvalidTimestamp")]
    [InlineData("/api/query_batch", """{"queries":{}}""", 400, "BadRequest")]
    [InlineData("/api/projects", "{}", 404, "NOT_FOUND")]
    public Task a_request_refused_before_any_function_runs_is_4xx_with_a_code(string path, string body, int status, string code) =>
        WithServer(async s =>
        {
            var (actual, json) = await s.PostAsync(path, body);

            actual.ShouldBe(status);
            json!["code"]!.GetValue<string>().ShouldBe(code);
            json["message"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        });

    [Theory]
    [InlineData("path=demo:get&args=%7Bnot-json", "BadRequest")]
    [InlineData("args=%7B%7D", "BadRequest")]
    public Task a_bad_get_query_is_refused_with_a_code(string query, string code) => WithServer(async s =>
    {
        using var response = await s.Http.GetAsync("/api/query?" + query);

        ((int)response.StatusCode).ShouldBe(400);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!.GetValue<string>().ShouldBe(code);
    });

    [Fact]
    public Task arguments_that_are_not_an_object_are_an_argument_validation_error() => WithServer(async s =>
    {
        var (status, body) = await s.PostAsync("/api/query", """{"path":"demo:get","args":[5]}""");

        status.ShouldBe(200);
        body!["errorMessage"]!.GetValue<string>().ShouldBe("ArgumentValidationError: the arguments must be an object. Function: demo:get");
    });

    [Fact]
    public Task run_without_a_body_uses_no_arguments_and_mutations_refuse_queries() => WithServer(async s =>
    {
        using var empty = await s.Http.PostAsync("/api/run/demo/recentEvents", null);
        var wrongKind = await s.CallAsync("mutation", "demo:get", new { name = "x" });

        JsonNode.Parse(await empty.Content.ReadAsStringAsync())!["value"]!.AsArray().Count.ShouldBe(0);
        wrongKind["errorMessage"]!.GetValue<string>().ShouldBe("Trying to execute demo:get as Mutation, but it is defined as Query.");
    });

    [Fact]
    public Task cors_mirrors_the_origin_and_answers_preflight() => WithServer(async s =>
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/mutation");
        preflight.Headers.Add("Origin", "https://club.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,convex-client");
        using var call = new HttpRequestMessage(HttpMethod.Post, "/api/query")
        {
            Content = new StringContent("""{"path":"demo:get","args":{"name":"a"}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        call.Headers.Add("Origin", "https://club.example");

        using var answer = await s.Http.SendAsync(preflight);
        using var response = await s.Http.SendAsync(call);

        answer.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        answer.Headers.GetValues("Access-Control-Allow-Origin").Single().ShouldBe("https://club.example");
        answer.Headers.GetValues("Access-Control-Allow-Headers").Single().ShouldBe("content-type,convex-client");
        answer.Headers.GetValues("Access-Control-Allow-Credentials").Single().ShouldBe("true");
        answer.Headers.GetValues("Access-Control-Max-Age").Single().ShouldBe("86400");
        response.Headers.GetValues("Access-Control-Allow-Origin").Single().ShouldBe("https://club.example");
    });

    [Fact]
    public Task query_ts_grows_with_each_commit_and_query_at_ts_answers_at_it() => WithServer(async s =>
    {
        var (_, before) = await s.PostAsync("/api/query_ts", "");
        await s.CallAsync("mutation", "demo:increment", new { name = "t" });
        var (_, after) = await s.PostAsync("/api/query_ts", "");
        ConvexTimestamp.TryDecode(before!["ts"]!.GetValue<string>(), out var t0).ShouldBeTrue();
        ConvexTimestamp.TryDecode(after!["ts"]!.GetValue<string>(), out var t1).ShouldBeTrue();

        var (_, atNow) = await s.PostAsync("/api/query_at_ts", $$"""{"path":"demo:get","args":[{"name":"t"}],"ts":"{{ConvexTimestamp.Encode(t1)}}"}""");
        await s.CallAsync("mutation", "demo:increment", new { name = "t" });
        var (stale, tooOld) = await s.PostAsync("/api/query_at_ts", $$"""{"path":"demo:get","args":[{"name":"t"}],"ts":"{{ConvexTimestamp.Encode(t1)}}"}""");
        var (unrelated, other) = await s.PostAsync("/api/query_at_ts", $$"""{"path":"demo:recentEvents","args":[{}],"ts":"{{ConvexTimestamp.Encode(t1)}}"}""");
        var (future, _) = await s.PostAsync("/api/query_at_ts", $$"""{"path":"demo:get","args":[{"name":"t"}],"ts":"{{ConvexTimestamp.Encode(t1 + 1000)}}"}""");

        t1.ShouldBeGreaterThan(t0);
        atNow!["value"]!.GetValue<double>().ShouldBe(1);
        stale.ShouldBe(400, "the counter changed after t1");
        tooOld!["code"]!.GetValue<string>().ShouldBe("SnapshotTooOld");
        unrelated.ShouldBe(200, "no commit since t1 wrote events");
        other!["status"]!.GetValue<string>().ShouldBe("success");
        future.ShouldBe(400);
    });

    [Fact]
    public Task a_batch_of_queries_is_answered_at_one_timestamp() => WithServer(async s =>
    {
        await s.CallAsync("mutation", "demo:increment", new { name = "b", by = 4 });

        var (status, body) = await s.PostAsync("/api/query_batch",
            """{"queries":[{"path":"demo:get","args":{"name":"b"}},{"path":"nope:x","args":{}}]}""");

        status.ShouldBe(200);
        var results = body!["results"]!.AsArray();
        results[0]!["value"]!.GetValue<double>().ShouldBe(4);
        results[1]!["status"]!.GetValue<string>().ShouldBe("error");
    });

    [Fact]
    public Task a_mutation_returns_the_document_as_saved() => WithServer(async s =>
    {
        var result = await s.CallAsync("mutation", "demo:reset", new { name = "doc" });

        var doc = result["value"]!.AsObject();
        Guid.TryParse(doc["_id"]!.GetValue<string>(), out _).ShouldBeTrue();
        doc["_creationTime"]!.GetValue<double>().ShouldBeGreaterThan(1.7e12, "stamped on save, before the result is converted");
        doc["updatedAt"]!.GetValue<double>().ShouldBe(doc["_creationTime"]!.GetValue<double>());
        doc["name"]!.GetValue<string>().ShouldBe("doc");
    });

    [Fact]
    public Task a_result_the_client_cannot_decode_rolls_the_mutation_back() => WithServer(async s =>
    {
        var result = await s.CallAsync("mutation", "demo:incrementBadly", new { name = "bad" });

        result["status"]!.GetValue<string>().ShouldBe("error");
        result["errorMessage"]!.GetValue<string>().ShouldContain("Server Error");
        (await s.CallAsync("query", "demo:get", new { name = "bad" }))["value"]!.GetValue<double>().ShouldBe(0, "rolled back");
    });

    [Fact]
    public Task null_is_refused_where_the_argument_is_not_nullable() => WithServer(async s =>
    {
        var (_, body) = await s.PostAsync("/api/query", """{"path":"demo:get","args":{"name":null}}""");

        body!["errorMessage"]!.GetValue<string>().ShouldContain("`name` must not be null");
    });

    [Theory]
    [InlineData("/api/function", """{"path":"demo:ping","args":{}}""")]
    [InlineData("/api/run/demo/ping", """{"args":{}}""")]
    [InlineData("/api/query", """{"path":"demo:ping","args":{}}""")]
    public Task internal_functions_are_unreachable_from_every_entry_point(string path, string body) => WithServer(async s =>
    {
        var (status, json) = await s.PostAsync(path, body);

        status.ShouldBe(200);
        json!["errorMessage"]!.GetValue<string>().ShouldBe("Could not find public function for 'demo:ping'.");
    });
}
