using System.Text.Json;
using System.Text.Json.Nodes;
using Poktapok.Protocol.Sync;
using Poktapok.Protocol.Values;
using ActionMessage = Poktapok.Protocol.Sync.ActionRequest;

namespace Poktapok.Protocol.Tests.Sync;

public sealed class SyncJsonTests
{
    [Fact]
    public void a_connect_whose_type_is_not_the_first_property_parses()
    {
        const string json = """
            {"connectionCount":1,"lastCloseReason":null,"clientTs":1795478228451,"type":"Connect",
             "sessionId":"1ceec5b5-9194-4318-a5d6-d110ccfd75c6","maxObservedTimestamp":"AQAAAAAAAAA="}
            """;

        var message = SyncJson.ParseClient(json);

        message.ShouldBe(new Connect("1ceec5b5-9194-4318-a5d6-d110ccfd75c6", 1, null, 1UL, 1795478228451));
    }

    [Theory]
    [InlineData("""{"type":"Connect","sessionId":"s","connectionCount":0}""")]
    [InlineData("""{"type":"Connect","sessionId":"s","connectionCount":0,"lastCloseReason":null,"maxObservedTimestamp":null,"clientTs":null}""")]
    public void connect_accepts_optional_fields_missing_or_null(string json)
    {
        SyncJson.ParseClient(json).ShouldBe(new Connect("s", 0, null));
    }

    [Theory]
    [InlineData("""{"type":"Hello"}""", "type")]
    [InlineData("""{"sessionId":"s"}""", "type")]
    [InlineData("""{"type":7}""", "type")]
    [InlineData("""{"type":"Ping"}""", "type")]
    [InlineData("""{"type":"ModifyQuerySet","baseVersion":0,"newVersion":1,"modifications":[{"type":"Replace","queryId":0}]}""", "ModifyQuerySet.modifications[0].type")]
    public void an_unknown_or_missing_type_is_refused(string json, string field)
    {
        var error = Should.Throw<SyncProtocolException>(() => SyncJson.ParseClient(json));

        error.Field.ShouldBe(field);
    }

    [Fact]
    public void an_add_without_udf_path_is_refused_naming_the_field()
    {
        const string json = """{"type":"ModifyQuerySet","baseVersion":0,"newVersion":1,"modifications":[{"type":"Add","queryId":0,"args":[{}]}]}""";

        var error = Should.Throw<SyncProtocolException>(() => SyncJson.ParseClient(json));

        error.Field.ShouldBe("ModifyQuerySet.modifications[0].udfPath");
        error.Message.ShouldBe("Invalid sync message at ModifyQuerySet.modifications[0].udfPath: required field is missing");
    }

    [Theory]
    [InlineData("""{"type":"Mutation","requestId":"0","udfPath":"a:b","args":[{}]}""", "Mutation.requestId")]
    [InlineData("""{"type":"Mutation","requestId":-1,"udfPath":"a:b","args":[{}]}""", "Mutation.requestId")]
    [InlineData("""{"type":"Mutation","requestId":0,"udfPath":"a:b","args":{}}""", "Mutation.args")]
    [InlineData("""{"type":"Mutation","requestId":0,"udfPath":"a:b","args":[{"n":{"$integer":"AQ=="}}]}""", "Mutation.args[0].n")]
    [InlineData("""{"type":"Connect","sessionId":"s","connectionCount":0,"maxObservedTimestamp":"AQ=="}""", "Connect.maxObservedTimestamp")]
    [InlineData("""{"type":"Authenticate","tokenType":"User","baseVersion":0}""", "Authenticate.value")]
    [InlineData("""{"type":"Authenticate","tokenType":"Bearer","value":"t","baseVersion":0}""", "Authenticate.tokenType")]
    [InlineData("""{"type":"Action","requestId":0,"udfPath":null,"args":[{}]}""", "Action.udfPath")]
    [InlineData("""{"type":"Event","event":{}}""", "Event.eventType")]
    [InlineData("""{"type":"Connect",""", "")]
    [InlineData("""[]""", "")]
    public void a_bad_field_is_refused_with_a_one_line_message_naming_it(string json, string field)
    {
        var error = Should.Throw<SyncProtocolException>(() => SyncJson.ParseClient(json));

        error.Field.ShouldBe(field);
        error.Message.ShouldNotContain('\n');
    }

    [Fact]
    public void args_are_decoded_with_the_encoded_value_rules()
    {
        const string json = """{"type":"Mutation","requestId":3,"udfPath":"messages","args":[{"n":{"$integer":"BQAAAAAAAAA="},"x":1}]}""";

        var message = SyncJson.ParseClient(json).ShouldBeOfType<Mutation>();

        message.RequestId.ShouldBe(3);
        message.UdfPath.ShouldBe("messages");
        message.ComponentPath.ShouldBeNull();
        message.Args.ShouldBe([new ConvexObject(new Dictionary<string, ConvexValue> { ["n"] = 5L, ["x"] = 1.0 })]);
    }

    [Fact]
    public void an_action_reads_like_a_mutation()
    {
        const string json = """{"udfPath":"actions:echo","args":[{}],"type":"Action","requestId":1,"componentPath":null}""";

        var message = SyncJson.ParseClient(json).ShouldBeOfType<ActionMessage>();

        message.RequestId.ShouldBe(1);
        message.UdfPath.ShouldBe("actions:echo");
    }

    [Fact]
    public void authenticate_reads_the_acting_as_alias_and_writes_impersonating()
    {
        const string json = """{"type":"Authenticate","tokenType":"Admin","value":"key","baseVersion":2,"acting_as":{"subject":"u"}}""";

        var message = SyncJson.ParseClient(json).ShouldBeOfType<Authenticate>();

        message.TokenType.ShouldBe(AuthTokenType.Admin);
        message.Impersonating!.Value.GetProperty("subject").GetString().ShouldBe("u");
        SyncJson.Serialize(message).ShouldBe("""{"type":"Authenticate","tokenType":"Admin","value":"key","baseVersion":2,"impersonating":{"subject":"u"}}""");
    }

    [Fact]
    public void an_event_keeps_its_payload_as_raw_json()
    {
        const string json = """{"type":"Event","eventType":"NetworkRecoveryReconnect","event":{"timeSavedMs":12.5}}""";

        var message = SyncJson.ParseClient(json).ShouldBeOfType<Event>();

        message.EventType.ShouldBe("NetworkRecoveryReconnect");
        SyncJson.Serialize(message).ShouldBe(json);
    }

    [Theory]
    [InlineData(0UL, "AAAAAAAAAAA=")]
    [InlineData(1UL, "AQAAAAAAAAA=")]
    [InlineData(0x18EAD1EF7E9A6301UL, "AWOafu/R6hg=")]
    [InlineData(ulong.MaxValue, "//////////8=")]
    public void transition_timestamps_are_written_as_u64_b64(ulong ts, string encoded)
    {
        var transition = new Transition(StateVersion.Initial, new StateVersion(1, 0, ts), []);

        var json = JsonNode.Parse(SyncJson.Serialize(transition))!;

        json["startVersion"]!["ts"]!.GetValue<string>().ShouldBe("AAAAAAAAAAA=");
        json["endVersion"]!["ts"]!.GetValue<string>().ShouldBe(encoded);
        SyncJson.ParseServer(json.ToJsonString()).ShouldBeOfType<Transition>().EndVersion.Ts.ShouldBe(ts);
    }

    [Fact]
    public void a_transition_is_written_with_type_first_and_every_field()
    {
        var transition = new Transition(
            new StateVersion(1, 0, 1),
            new StateVersion(2, 0, 2),
            [
                new Transition.QueryUpdated(0, 5L, ["[LOG] 'ran'"], null),
                new Transition.QueryFailed(1, "boom", [], "j"),
                new Transition.QueryRemoved(2),
            ],
            ClientClockSkew: -3);

        SyncJson.Serialize(transition).ShouldBe(
            """{"type":"Transition","startVersion":{"querySet":1,"identity":0,"ts":"AQAAAAAAAAA="},"endVersion":{"querySet":2,"identity":0,"ts":"AgAAAAAAAAA="},"modifications":["""
            + """{"type":"QueryUpdated","queryId":0,"value":{"$integer":"BQAAAAAAAAA="},"logLines":["[LOG] 'ran'"],"journal":null},"""
            + """{"type":"QueryFailed","queryId":1,"errorMessage":"boom","logLines":[],"journal":"j"},{"type":"QueryRemoved","queryId":2}],"""
            + """ "clientClockSkew":-3,"serverTs":null}""".TrimStart());
    }

    [Fact]
    public void a_mutation_failure_without_error_data_has_no_error_data_key()
    {
        var response = MutationResponse.Failed(2, "Server Error", null, []);

        var json = JsonNode.Parse(SyncJson.Serialize(response))!.AsObject();

        json.ContainsKey("errorData").ShouldBeFalse();
        json["success"]!.GetValue<bool>().ShouldBeFalse();
        json["result"]!.GetValue<string>().ShouldBe("Server Error");
        json.ContainsKey("ts").ShouldBeTrue();
        json["ts"].ShouldBeNull();
    }

    [Fact]
    public void error_data_that_is_convex_null_is_written_as_null_because_the_client_then_raises_convex_error()
    {
        var mutation = MutationResponse.Failed(2, "Uncaught ConvexError", ConvexValue.Null, []);
        var action = ActionResponse.Failed(2, "Uncaught ConvexError", ConvexValue.Null, []);
        var query = new Transition.QueryFailed(0, "Uncaught ConvexError", [], null, ConvexValue.Null);
        var transition = new Transition(StateVersion.Initial, StateVersion.Initial, [query]);

        SyncJson.Serialize(mutation).ShouldContain("\"errorData\":null");
        SyncJson.Serialize(action).ShouldContain("\"errorData\":null");
        SyncJson.Serialize(transition).ShouldContain("\"errorData\":null");
        SyncJson.ParseServer(SyncJson.Serialize(mutation)).ShouldBeOfType<MutationResponse>().ErrorData.ShouldBe(ConvexValue.Null);
    }

    [Fact]
    public void a_mutation_success_carries_result_and_ts_and_no_error_data()
    {
        var response = MutationResponse.Succeeded(0, "k57", 2, ["[LOG] 'mutation ran'"]);

        SyncJson.Serialize(response).ShouldBe(
            """{"type":"MutationResponse","requestId":0,"success":true,"result":"k57","ts":"AgAAAAAAAAA=","logLines":["[LOG] 'mutation ran'"]}""");
    }

    [Fact]
    public void an_action_response_has_no_ts()
    {
        var success = ActionResponse.Succeeded(1, 1.5, []);
        var failure = ActionResponse.Failed(1, "nope", null, []);

        SyncJson.Serialize(success).ShouldBe("""{"type":"ActionResponse","requestId":1,"success":true,"result":1.5,"logLines":[]}""");
        SyncJson.Serialize(failure).ShouldBe("""{"type":"ActionResponse","requestId":1,"success":false,"result":"nope","logLines":[]}""");
    }

    [Fact]
    public void a_ping_serializes_to_its_type_alone()
    {
        SyncJson.Serialize(Ping.Instance).ShouldBe("""{"type":"Ping"}""");
        SyncJson.ParseServer("""{"type":"Ping"}""").ShouldBeSameAs(Ping.Instance);
    }

    [Fact]
    public void auth_error_fatal_error_and_chunk_are_written_with_their_fields()
    {
        SyncJson.Serialize(new AuthError("TokenExpired", 2, false))
            .ShouldBe("""{"type":"AuthError","error":"TokenExpired","baseVersion":2,"authUpdateAttempted":false}""");
        SyncJson.Serialize(new FatalError("bad"))
            .ShouldBe("""{"type":"FatalError","error":"bad"}""");
        SyncJson.Serialize(new TransitionChunk("{\"a\"", 0, 3, "319"))
            .ShouldBe("""{"type":"TransitionChunk","chunk":"{\"a\"","partNumber":0,"totalParts":3,"transitionId":"319"}""");
    }

    [Fact]
    public void write_uses_the_callers_writer()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            SyncJson.Write(writer, new FatalError("x"));

        System.Text.Encoding.UTF8.GetString(stream.ToArray()).ShouldBe("""{"type":"FatalError","error":"x"}""");
    }
}
