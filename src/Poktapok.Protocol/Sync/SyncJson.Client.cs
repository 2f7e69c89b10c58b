using System.Text.Json;
using Poktapok.Protocol.Values;

namespace Poktapok.Protocol.Sync;

public static partial class SyncJson
{
    private static ClientMessage ReadClient(JsonElement root)
    {
        var type = ReadType(root, "");
        var fields = new Fields(root, type);
        return type switch
        {
            "Connect" => new Connect(
                fields.RequiredString("sessionId"),
                fields.RequiredInt("connectionCount"),
                // Listed as string|null rather than optional, but a tolerant server loses nothing by reading missing as null.
                fields.OptionalString("lastCloseReason"),
                fields.OptionalTimestamp("maxObservedTimestamp"),
                fields.OptionalLong("clientTs")),
            "ModifyQuerySet" => new ModifyQuerySet(
                fields.RequiredInt("baseVersion"),
                fields.RequiredInt("newVersion"),
                fields.Objects("modifications").Select(m => ReadQuerySetModification(m.Element, m.Path)).ToList()),
            "Mutation" => new Mutation(
                fields.RequiredInt("requestId"),
                fields.RequiredString("udfPath"),
                fields.ValueList("args"),
                fields.OptionalString("componentPath")),
            "Action" => new ActionRequest(
                fields.RequiredInt("requestId"),
                fields.RequiredString("udfPath"),
                fields.ValueList("args"),
                fields.OptionalString("componentPath")),
            "Authenticate" => ReadAuthenticate(fields),
            "Event" => new Event(fields.RequiredString("eventType"), fields.OptionalRaw("event")),
            _ => throw new SyncProtocolException("type", $"unknown client message type \"{type}\""),
        };
    }

    private static ModifyQuerySet.Modification ReadQuerySetModification(JsonElement element, string path)
    {
        var type = ReadType(element, path);
        var fields = new Fields(element, path);
        return type switch
        {
            "Add" => new ModifyQuerySet.Add(
                fields.RequiredInt("queryId"),
                fields.RequiredString("udfPath"),
                fields.ValueList("args"),
                fields.OptionalString("journal"),
                fields.OptionalString("componentPath")),
            "Remove" => new ModifyQuerySet.Remove(fields.RequiredInt("queryId")),
            _ => throw new SyncProtocolException(path + ".type", $"unknown query set modification type \"{type}\""),
        };
    }

    private static Authenticate ReadAuthenticate(Fields fields)
    {
        var tokenType = fields.RequiredString("tokenType") switch
        {
            "Admin" => AuthTokenType.Admin,
            "User" => AuthTokenType.User,
            "None" => AuthTokenType.None,
            var other => throw new SyncProtocolException(fields.Field("tokenType"), $"expected \"Admin\", \"User\" or \"None\", got \"{other}\""),
        };
        var value = fields.OptionalString("value");
        if (value is null && tokenType != AuthTokenType.None)
            throw new SyncProtocolException(fields.Field("value"), $"required for tokenType \"{tokenType}\"");

        // The backend accepts the older name acting_as for the same object.
        var impersonating = fields.OptionalRaw("impersonating") ?? fields.OptionalRaw("acting_as");
        if (impersonating is { ValueKind: JsonValueKind.Null })
            impersonating = null;
        else if (impersonating is { } raw && raw.ValueKind != JsonValueKind.Object)
            throw new SyncProtocolException(fields.Field("impersonating"), $"expected an object, got {Kind(raw)}");
        return new Authenticate(tokenType, value, fields.RequiredInt("baseVersion"), impersonating);
    }

    private static void WriteClient(Utf8JsonWriter writer, ClientMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("type", message.Type);
        switch (message)
        {
            case Connect connect:
                writer.WriteString("sessionId", connect.SessionId);
                writer.WriteNumber("connectionCount", connect.ConnectionCount);
                // Required-but-nullable on the wire, so null is written rather than omitted.
                writer.WriteString("lastCloseReason", connect.LastCloseReason);
                if (connect.MaxObservedTimestamp is { } maxTs)
                    writer.WriteString("maxObservedTimestamp", ConvexTimestamp.Encode(maxTs));
                if (connect.ClientTs is { } clientTs)
                    writer.WriteNumber("clientTs", clientTs);
                break;
            case ModifyQuerySet modify:
                writer.WriteNumber("baseVersion", modify.BaseVersion);
                writer.WriteNumber("newVersion", modify.NewVersion);
                writer.WriteStartArray("modifications");
                foreach (var modification in modify.Modifications)
                    WriteQuerySetModification(writer, modification);
                writer.WriteEndArray();
                break;
            case Mutation mutation:
                WriteRequest(writer, mutation.RequestId, mutation.UdfPath, mutation.Args, mutation.ComponentPath);
                break;
            case ActionRequest action:
                WriteRequest(writer, action.RequestId, action.UdfPath, action.Args, action.ComponentPath);
                break;
            case Authenticate authenticate:
                writer.WriteString("tokenType", authenticate.TokenType.ToString());
                if (authenticate.Value is not null)
                    writer.WriteString("value", authenticate.Value);
                writer.WriteNumber("baseVersion", authenticate.BaseVersion);
                if (authenticate.Impersonating is { } impersonating)
                {
                    writer.WritePropertyName("impersonating");
                    impersonating.WriteTo(writer);
                }

                break;
            case Event telemetry:
                writer.WriteString("eventType", telemetry.EventType);
                if (telemetry.Payload is { } payload)
                {
                    writer.WritePropertyName("event");
                    payload.WriteTo(writer);
                }

                break;
            default:
                throw new ArgumentException($"Unknown client message type {message.GetType().Name}.", nameof(message));
        }

        writer.WriteEndObject();
    }

    private static void WriteQuerySetModification(Utf8JsonWriter writer, ModifyQuerySet.Modification modification)
    {
        writer.WriteStartObject();
        writer.WriteString("type", modification.Type);
        writer.WriteNumber("queryId", modification.QueryId);
        switch (modification)
        {
            case ModifyQuerySet.Add add:
                writer.WriteString("udfPath", add.UdfPath);
                WriteValues(writer, "args", add.Args);
                if (add.Journal is not null)
                    writer.WriteString("journal", add.Journal);
                if (add.ComponentPath is not null)
                    writer.WriteString("componentPath", add.ComponentPath);
                break;
            case ModifyQuerySet.Remove:
                break;
            default:
                throw new ArgumentException($"Unknown query set modification type {modification.GetType().Name}.", nameof(modification));
        }

        writer.WriteEndObject();
    }

    private static void WriteRequest(Utf8JsonWriter writer, int requestId, string udfPath, IReadOnlyList<ConvexValue> args, string? componentPath)
    {
        writer.WriteNumber("requestId", requestId);
        writer.WriteString("udfPath", udfPath);
        WriteValues(writer, "args", args);
        if (componentPath is not null)
            writer.WriteString("componentPath", componentPath);
    }

    private static void WriteValues(Utf8JsonWriter writer, string name, IReadOnlyList<ConvexValue> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
            ConvexJson.Write(writer, value, ConvexJsonFormat.ConvexEncoded);
        writer.WriteEndArray();
    }
}
