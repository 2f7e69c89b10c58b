using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;
using Poktapok.Protocol.Values;

namespace Poktapok.App.Data.Snapshots;

/// <summary>
/// Turns a row into its snapshot document and back. The document is the one the API returns for the row
/// (<see cref="ValueMapper"/>: <c>_id</c>, <c>_creationTime</c>, camelCase fields, ids and decimals as strings,
/// enums by wire name), made lossless in two places: instants are Unix milliseconds written with their exact
/// microseconds (a double cannot hold them far from 1970), and JSON columns are the stored JSON with object keys
/// sorted (PostgreSQL's <c>jsonb</c> reorders keys, SQLite keeps them), so both providers write the same bytes.
/// </summary>
internal sealed class SnapshotDocuments(ValueMapper values)
{
    private const long UnixEpochTicks = 621_355_968_000_000_000;

    // ---------------------------------------------------------------- row → document

    public void Write(Utf8JsonWriter writer, SnapshotTable table, object row)
    {
        writer.WriteStartObject();
        writer.WriteString("_id", ((Guid)table.Entity.FindPrimaryKey()!.Properties[0].PropertyInfo!.GetValue(row)!).ToString("D"));
        if (table.CreationTime?.Info.GetValue(row) is DateTimeOffset created)
        {
            writer.WritePropertyName("_creationTime");
            writer.WriteRawValue(Milliseconds(created));
        }

        foreach (var field in table.Fields)
        {
            writer.WritePropertyName(field.Name);
            var value = field.Info.GetValue(row);
            if (value is null)
            {
                writer.WriteNullValue();
                continue;
            }

            switch (field.Kind)
            {
                case FieldKind.Instant:
                    writer.WriteRawValue(Milliseconds((DateTimeOffset)value));
                    break;
                case FieldKind.Json:
                    WriteSorted(writer, JsonNode.Parse(JsonSerializer.Serialize(value, field.Type, JsonColumns.Options)));
                    break;
                default:
                    ConvexJson.Write(writer, values.ToConvex(value), ConvexJsonFormat.Json);
                    break;
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Unix milliseconds with the microseconds as up to three decimals, exactly (no double in between).</summary>
    public static string Milliseconds(DateTimeOffset instant)
    {
        var micros = (instant.UtcTicks - UnixEpochTicks) / 10;
        var magnitude = Math.Abs(micros);
        var text = (micros < 0 ? "-" : "") + (magnitude / 1000).ToString(CultureInfo.InvariantCulture);
        var fraction = magnitude % 1000;
        return fraction == 0 ? text : text + "." + fraction.ToString("000", CultureInfo.InvariantCulture).TrimEnd('0');
    }

    private static void WriteSorted(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, item) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteSorted(writer, item);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteSorted(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    // ---------------------------------------------------------------- document → row

    /// <summary>Reads one document as a row of <paramref name="table"/>; a problem is a <see cref="FormatException"/> naming the field.</summary>
    public object Read(SnapshotTable table, JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("a document must be a JSON object");
        }

        var row = Activator.CreateInstance(table.ClrType)!;
        var known = new HashSet<string>(table.Fields.Select(f => f.Name), StringComparer.Ordinal) { "_id", "_creationTime" };
        foreach (var property in document.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                throw new FormatException($"{property.Name}: is not a field of {table.Name}");
            }
        }

        if (!document.TryGetProperty("_id", out var id) || id.ValueKind != JsonValueKind.String || !Guid.TryParse(id.GetString(), out var guid))
        {
            throw new FormatException("_id: must be an id string");
        }

        table.Entity.FindPrimaryKey()!.Properties[0].PropertyInfo!.SetValue(row, guid);
        foreach (var field in table.Fields)
        {
            field.Info.SetValue(row, ReadField(field, document));
        }

        return row;
    }

    private object? ReadField(SnapshotField field, JsonElement document)
    {
        if (!document.TryGetProperty(field.Name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return field.Property.IsNullable ? null : throw new FormatException($"{field.Name}: is required");
        }

        try
        {
            return field.Kind switch
            {
                FieldKind.Instant => ReadInstant(element),
                FieldKind.Json => ReadJson(field, element),
                // int64 is written as a decimal string (JSON numbers cannot hold every int64 exactly).
                _ when element.ValueKind == JsonValueKind.String && (Nullable.GetUnderlyingType(field.Type) ?? field.Type) == typeof(long) =>
                    long.TryParse(element.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                        ? integer
                        : throw new FormatException("must be a whole number"),
                _ => values.FromConvex(ConvexJson.Read(element, "." + field.Name), field.Type, field.Name),
            };
        }
        catch (Exception e) when (e is ArgumentShapeException or ArgumentContentException or ConvexValueException or JsonException)
        {
            throw new FormatException(e.Message.StartsWith(field.Name, StringComparison.Ordinal) ? e.Message : $"{field.Name}: {e.Message}", e);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{field.Name}: {e.Message}", e);
        }
    }

    private static DateTimeOffset ReadInstant(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Number
            || !decimal.TryParse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds))
        {
            throw new FormatException("must be Unix milliseconds");
        }

        var micros = milliseconds * 1000;
        if (decimal.Truncate(micros) != micros)
        {
            throw new FormatException("must be whole microseconds (at most three decimals of milliseconds)");
        }

        var ticks = UnixEpochTicks + micros * 10;
        return ticks is < 0 or > 3_155_378_975_999_999_999
            ? throw new FormatException("must be between the years 1 and 9999")
            : new DateTimeOffset((long)ticks, TimeSpan.Zero);
    }

    private static object? ReadJson(SnapshotField field, JsonElement element)
    {
        if (field.Type == typeof(JsonObject))
        {
            return JsonNode.Parse(element.GetRawText()) as JsonObject ?? throw new FormatException("must be a JSON object");
        }

        return JsonSerializer.Deserialize(element.GetRawText(), field.Type, JsonColumns.Options);
    }
}
