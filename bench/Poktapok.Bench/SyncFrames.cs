using System.Text.Json;

namespace Poktapok.Bench;

/// <summary>What the benchmark reads from server frames, without building the message records.</summary>
internal static class SyncFrames
{
    private static ReadOnlySpan<byte> TransitionStart => """{"type":"Transition","""u8;

    /// <summary>
    /// Reads a Transition that updates a query whose result is a number: the value of its first QueryUpdated
    /// and the frame's <c>serverTs</c> (nanoseconds since the epoch when the server started sending the round).
    /// </summary>
    public static bool TryReadUpdatedNumber(ReadOnlySpan<byte> frame, out double value, out long serverTs)
    {
        value = 0;
        serverTs = 0;
        if (!frame.StartsWith(TransitionStart))
        {
            return false;
        }

        var found = false;
        var reader = new Utf8JsonReader(frame);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            // Depth 1: the message's own fields; depth 3: the fields of one modification.
            if (!found && reader.CurrentDepth == 3 && reader.ValueTextEquals("value"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number)
                {
                    value = reader.GetDouble();
                    found = true;
                }
            }
            else if (reader.CurrentDepth == 1 && reader.ValueTextEquals("serverTs"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number)
                {
                    serverTs = reader.GetInt64();
                }
            }
        }

        return found;
    }
}
