using Poktapok.Protocol.Sync;

namespace Poktapok.Protocol.Tests.Sync;

public sealed class SyncJsonCaptureTests
{
    public static TheoryData<string, int, string> ClientFrames => Captures.ClientToServer();

    public static TheoryData<string, int, string> ServerFrames => Captures.ServerToClient();

    [Theory]
    [MemberData(nameof(ClientFrames))]
    public void every_captured_client_frame_parses_and_reserializes_to_the_same_json(string file, int line, string json)
    {
        Captures.RequireFolder();

        var message = SyncJson.ParseClient(json);

        JsonShape.ShouldEqualClientMessage(SyncJson.Serialize(message), json, $"{file}:{line}");
    }

    [Theory]
    [MemberData(nameof(ClientFrames))]
    public void every_captured_client_frame_parses_from_utf8_bytes_to_the_same_message_type(string file, int line, string json)
    {
        Captures.RequireFolder();

        var fromText = SyncJson.ParseClient(json);
        var fromBytes = SyncJson.ParseClient(System.Text.Encoding.UTF8.GetBytes(json));

        SyncJson.Serialize(fromBytes).ShouldBe(SyncJson.Serialize(fromText), $"{file}:{line}");
    }

    [Theory]
    [MemberData(nameof(ServerFrames))]
    public void every_captured_server_frame_parses_and_reserializes_to_the_same_json(string file, int line, string json)
    {
        Captures.RequireFolder();

        var message = SyncJson.ParseServer(json);

        JsonShape.ShouldEqualServerMessage(SyncJson.Serialize(message), json, $"{file}:{line}");
    }

    [Theory]
    [InlineData("""{"type":"MutationResponse","result":"x","errorData":null}""", """{"type":"MutationResponse","result":"x"}""")]
    [InlineData("""{"type":"Transition","journal":null}""", """{"type":"Transition"}""")]
    [InlineData("""{"type":"Transition","value":{"a":null}}""", """{"type":"Transition","value":{}}""")]
    [InlineData("""{"type":"Transition","serverTs":1}""", """{"type":"Transition","serverTs":2}""")]
    public void the_server_comparison_tells_apart_what_the_protocol_does(string actual, string expected)
    {
        Should.Throw<ShouldAssertException>(() => JsonShape.ShouldEqualServerMessage(actual, expected, "sample"));
    }

    [Fact]
    public void the_client_comparison_treats_null_and_missing_optional_fields_alike_but_not_null_values_in_args()
    {
        JsonShape.ShouldEqualClientMessage(
            """{"type":"ModifyQuerySet","modifications":[{"type":"Add","journal":null}]}""",
            """{"modifications":[{"type":"Add"}],"type":"ModifyQuerySet"}""",
            "sample");
        Should.Throw<ShouldAssertException>(() => JsonShape.ShouldEqualClientMessage(
            """{"type":"Mutation","args":[{"a":null}]}""", """{"type":"Mutation","args":[{}]}""", "sample"));
    }

    [Fact]
    public void the_captures_hold_frames_in_both_directions()
    {
        Captures.RequireFolder();

        ClientFrames.Count.ShouldBeGreaterThan(50);
        ServerFrames.Count.ShouldBeGreaterThan(40);
    }
}
