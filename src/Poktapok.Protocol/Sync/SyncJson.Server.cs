using System.Text.Json;
using Poktapok.Protocol.Values;

namespace Poktapok.Protocol.Sync;

public static partial class SyncJson
{
    private static void WriteServer(Utf8JsonWriter writer, ServerMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("type", message.Type);
        switch (message)
        {
            case Transition transition:
                WriteStateVersion(writer, "startVersion", transition.StartVersion);
                WriteStateVersion(writer, "endVersion", transition.EndVersion);
                writer.WriteStartArray("modifications");
                foreach (var modification in transition.Modifications)
                    WriteStateModification(writer, modification);
                writer.WriteEndArray();
                // Written as null when unknown, as the real backend does (captured in §3.6's expectAuth session).
                WriteNullableNumber(writer, "clientClockSkew", transition.ClientClockSkew);
                WriteNullableNumber(writer, "serverTs", transition.ServerTs);
                break;
            case TransitionChunk chunk:
                writer.WriteString("chunk", chunk.Chunk);
                writer.WriteNumber("partNumber", chunk.PartNumber);
                writer.WriteNumber("totalParts", chunk.TotalParts);
                writer.WriteString("transitionId", chunk.TransitionId);
                break;
            case MutationResponse response:
                writer.WriteNumber("requestId", response.RequestId);
                writer.WriteBoolean("success", response.Success);
                WriteOutcome(writer, response.Success, response.Result, response.ErrorMessage);
                if (response.Success)
                    writer.WriteString("ts", ConvexTimestamp.Encode(response.Ts ?? throw MissingOnSuccess("Ts")));
                else
                    writer.WriteNull("ts");
                WriteStrings(writer, "logLines", response.LogLines);
                WriteErrorData(writer, response.Success, response.ErrorData);
                break;
            case ActionResponse response:
                writer.WriteNumber("requestId", response.RequestId);
                writer.WriteBoolean("success", response.Success);
                WriteOutcome(writer, response.Success, response.Result, response.ErrorMessage);
                WriteStrings(writer, "logLines", response.LogLines);
                WriteErrorData(writer, response.Success, response.ErrorData);
                break;
            case AuthError error:
                writer.WriteString("error", error.Error);
                writer.WriteNumber("baseVersion", error.BaseVersion);
                writer.WriteBoolean("authUpdateAttempted", error.AuthUpdateAttempted);
                break;
            case FatalError error:
                writer.WriteString("error", error.Error);
                break;
            case Ping:
                break;
            default:
                throw new ArgumentException($"Unknown server message type {message.GetType().Name}.", nameof(message));
        }

        writer.WriteEndObject();
    }

    private static void WriteStateVersion(Utf8JsonWriter writer, string name, StateVersion version)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("querySet", version.QuerySet);
        writer.WriteNumber("identity", version.Identity);
        writer.WriteString("ts", ConvexTimestamp.Encode(version.Ts));
        writer.WriteEndObject();
    }

    private static void WriteStateModification(Utf8JsonWriter writer, Transition.Modification modification)
    {
        writer.WriteStartObject();
        writer.WriteString("type", modification.Type);
        writer.WriteNumber("queryId", modification.QueryId);
        switch (modification)
        {
            case Transition.QueryUpdated updated:
                WriteValue(writer, "value", updated.Value);
                WriteStrings(writer, "logLines", updated.LogLines);
                writer.WriteString("journal", updated.Journal);
                break;
            case Transition.QueryFailed failed:
                writer.WriteString("errorMessage", failed.ErrorMessage);
                WriteStrings(writer, "logLines", failed.LogLines);
                writer.WriteString("journal", failed.Journal);
                WriteErrorData(writer, success: false, failed.ErrorData);
                break;
            case Transition.QueryRemoved:
                break;
            default:
                throw new ArgumentException($"Unknown state modification type {modification.GetType().Name}.", nameof(modification));
        }

        writer.WriteEndObject();
    }

    /// <summary>The wire's <c>result</c>: the value on success, the error message string on failure.</summary>
    private static void WriteOutcome(Utf8JsonWriter writer, bool success, ConvexValue? result, string? errorMessage)
    {
        if (success)
            WriteValue(writer, "result", result ?? throw MissingOnSuccess("Result"));
        else
            writer.WriteString("result", errorMessage ?? throw new InvalidOperationException("A failed response needs an ErrorMessage."));
    }

    // Any errorData key, even null, makes the client raise ConvexError (pitfall P9), so C# null writes no key at all.
    private static void WriteErrorData(Utf8JsonWriter writer, bool success, ConvexValue? errorData)
    {
        if (!success && errorData is not null)
            WriteValue(writer, "errorData", errorData);
    }

    private static void WriteValue(Utf8JsonWriter writer, string name, ConvexValue value)
    {
        writer.WritePropertyName(name);
        ConvexJson.Write(writer, value, ConvexJsonFormat.ConvexEncoded);
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> strings)
    {
        writer.WriteStartArray(name);
        foreach (var text in strings)
            writer.WriteStringValue(text);
        writer.WriteEndArray();
    }

    private static void WriteNullableNumber(Utf8JsonWriter writer, string name, long? number)
    {
        if (number is { } value)
            writer.WriteNumber(name, value);
        else
            writer.WriteNull(name);
    }

    private static InvalidOperationException MissingOnSuccess(string property) =>
        new($"A successful response needs a {property}.");

    private static ServerMessage ReadServer(JsonElement root)
    {
        var type = ReadType(root, "");
        var fields = new Fields(root, type);
        return type switch
        {
            "Transition" => new Transition(
                ReadStateVersion(fields.RequiredObject("startVersion")),
                ReadStateVersion(fields.RequiredObject("endVersion")),
                fields.Objects("modifications").Select(m => ReadStateModification(m.Element, m.Path)).ToList(),
                fields.OptionalLong("clientClockSkew"),
                fields.OptionalLong("serverTs")),
            "TransitionChunk" => new TransitionChunk(
                fields.RequiredString("chunk"),
                fields.RequiredInt("partNumber"),
                fields.RequiredInt("totalParts"),
                fields.RequiredString("transitionId")),
            "MutationResponse" => fields.RequiredBool("success")
                ? MutationResponse.Succeeded(
                    fields.RequiredInt("requestId"),
                    fields.RequiredValue("result"),
                    fields.RequiredTimestamp("ts"),
                    fields.StringList("logLines"))
                : MutationResponse.Failed(
                    fields.RequiredInt("requestId"),
                    fields.RequiredString("result"),
                    fields.OptionalValue("errorData"),
                    fields.StringList("logLines")),
            "ActionResponse" => fields.RequiredBool("success")
                ? ActionResponse.Succeeded(
                    fields.RequiredInt("requestId"),
                    fields.RequiredValue("result"),
                    fields.StringList("logLines"))
                : ActionResponse.Failed(
                    fields.RequiredInt("requestId"),
                    fields.RequiredString("result"),
                    fields.OptionalValue("errorData"),
                    fields.StringList("logLines")),
            "AuthError" => new AuthError(
                fields.RequiredString("error"),
                fields.RequiredInt("baseVersion"),
                fields.RequiredBool("authUpdateAttempted")),
            "FatalError" => new FatalError(fields.RequiredString("error")),
            "Ping" => Ping.Instance,
            _ => throw new SyncProtocolException("type", $"unknown server message type \"{type}\""),
        };
    }

    private static StateVersion ReadStateVersion(Fields fields) =>
        new(fields.RequiredInt("querySet"), fields.RequiredInt("identity"), fields.RequiredTimestamp("ts"));

    private static Transition.Modification ReadStateModification(JsonElement element, string path)
    {
        var type = ReadType(element, path);
        var fields = new Fields(element, path);
        return type switch
        {
            // The client reads a missing value as null, so this does too.
            "QueryUpdated" => new Transition.QueryUpdated(
                fields.RequiredInt("queryId"),
                fields.OptionalValue("value") ?? ConvexValue.Null,
                fields.StringList("logLines"),
                fields.OptionalString("journal")),
            "QueryFailed" => new Transition.QueryFailed(
                fields.RequiredInt("queryId"),
                fields.RequiredString("errorMessage"),
                fields.StringList("logLines"),
                fields.OptionalString("journal"),
                fields.OptionalValue("errorData")),
            "QueryRemoved" => new Transition.QueryRemoved(fields.RequiredInt("queryId")),
            _ => throw new SyncProtocolException(path + ".type", $"unknown state modification type \"{type}\""),
        };
    }
}
