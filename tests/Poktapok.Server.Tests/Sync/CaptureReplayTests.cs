using System.Text.Json;
using Poktapok.Protocol.Sync;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Sync;

/// <summary>
/// Replays what the official client really sent (the captured frames in testdata/captures, recorded against a
/// mock server) to the real server, connection by connection, and checks the server's answers keep the
/// protocol's promises: versions chain, every mutation and action is answered once, every successful mutation
/// is followed by a Transition reaching its commit, every query set change is reflected, and a token the
/// server cannot verify gets AuthError. The captured app's functions do not exist here, so each frame keeps
/// its ids and versions but calls a demo function instead (queries read a counter, mutations and actions
/// increment it): what is checked is the conversation, not the values.
/// </summary>
public sealed class CaptureReplayTests : DatabaseTest
{
    public static TheoryData<string> Captures() =>
        new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "testdata", "captures"), "*.jsonl")
            .Where(f => File.ReadLines(f).Any(l => l.Contains("\"C->S\"", StringComparison.Ordinal)))
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Captures))]
    public async Task the_server_keeps_the_protocols_promises_for_a_captured_client_conversation(string capture)
    {
        await using var server = await TestServer.StartAsync(Database);
        var connections = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "testdata", "captures", capture + ".jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.TryGetProperty("dir", out var dir) && dir.GetString() == "C->S")
            .GroupBy(e => e.GetProperty("conn").GetInt32())
            .OrderBy(g => g.Key);

        foreach (var connection in connections)
        {
            await ReplayAsync(server, connection.Select(e => WithDemoFunctions(e.GetProperty("msg").GetRawText())).ToList(),
                $"{capture} connection {connection.Key}");
        }
    }

    private static string WithDemoFunctions(string frame)
    {
        var message = System.Text.Json.Nodes.JsonNode.Parse(frame)!.AsObject();
        var counter = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["name"] = "replay" });
        switch (message["type"]!.GetValue<string>())
        {
            case "Mutation":
                message["udfPath"] = "demo:increment";
                message["args"] = counter;
                break;
            case "Action":
                message["udfPath"] = "demo:incrementTwice";
                message["args"] = counter;
                break;
            case "ModifyQuerySet":
                foreach (var add in message["modifications"]!.AsArray().Where(m => m!["type"]!.GetValue<string>() == "Add"))
                {
                    add!["udfPath"] = "demo:get";
                    add["args"] = counter.DeepClone();
                }

                break;
        }

        return message.ToJsonString();
    }

    private static async Task ReplayAsync(TestServer server, List<string> frames, string what)
    {
        await using var client = await SyncClient.ConnectAsync(server.SyncUrl(), sendConnect: false);
        var mutations = new HashSet<int>();
        var actions = new HashSet<int>();
        var lastQuerySet = 0;
        var refusedToken = false;
        foreach (var frame in frames)
        {
            switch (SyncJson.ParseClient(frame))
            {
                case Mutation m:
                    mutations.Add(m.RequestId);
                    break;
                case ActionRequest a:
                    actions.Add(a.RequestId);
                    break;
                case ModifyQuerySet q:
                    lastQuerySet = q.NewVersion;
                    break;
                case Authenticate { TokenType: AuthTokenType.User }:
                    refusedToken = true;
                    break;
            }

            await client.SendRawAsync(frame);
            if (refusedToken)
            {
                break; // the server answers AuthError and closes; the real client reconnects
            }
        }

        var answered = new Dictionary<int, MutationResponse>();
        var actionAnswers = new HashSet<int>();
        ulong? awaiting = null;
        var sawAuthError = false;
        while (await client.ReceiveTextAsync(TimeSpan.FromSeconds(refusedToken ? 5 : 1.5)) is { } text)
        {
            var message = SyncJson.ParseServer(text);
            switch (message)
            {
                case Transition transition:
                    transition.StartVersion.ShouldBe(client.Version, $"{what}: a Transition must start where the last one ended");
                    client.Version = transition.EndVersion;
                    if (awaiting is { } ts && transition.EndVersion.Ts >= ts)
                    {
                        awaiting = null;
                    }

                    break;
                case MutationResponse response:
                    answered.ContainsKey(response.RequestId).ShouldBeFalse($"{what}: mutation {response.RequestId} answered twice");
                    answered[response.RequestId] = response;
                    if (response.Success)
                    {
                        awaiting = Math.Max(awaiting ?? 0, response.Ts!.Value);
                    }

                    break;
                case ActionResponse action:
                    actionAnswers.Add(action.RequestId).ShouldBeTrue($"{what}: action {action.RequestId} answered twice");
                    break;
                case AuthError error:
                    refusedToken.ShouldBeTrue($"{what}: unexpected AuthError {error.Error}");
                    error.AuthUpdateAttempted.ShouldBeTrue();
                    sawAuthError = true;
                    break;
                case Ping:
                    break;
                default:
                    throw new ShouldAssertException($"{what}: unexpected {text}");
            }
        }

        awaiting.ShouldBeNull($"{what}: a successful mutation must be followed by a Transition reaching its timestamp");
        answered.Values.ShouldAllBe(r => r.Success, $"{what}: the demo mutations succeed");
        sawAuthError.ShouldBe(refusedToken, $"{what}: a token without a provider is refused with AuthError");
        if (!refusedToken)
        {
            answered.Keys.ShouldBe(mutations, ignoreOrder: true, $"{what}: every mutation is answered");
            actionAnswers.ShouldBe(actions, ignoreOrder: true, $"{what}: every action is answered");
            client.Version.QuerySet.ShouldBe(lastQuerySet, $"{what}: the last query set change is reflected");
        }
    }
}
