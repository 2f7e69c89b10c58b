using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore.Metadata;
using Poktapok.Engine.Data;

namespace Poktapok.Legacy;

/// <summary>
/// The canonical form of an entity's values, and a 64-bit hash of it: every mapped property of the model, by
/// name, with instants as UTC microseconds, decimals without trailing zeros, closed sets by wire name and JSON
/// with sorted keys. Two rows hash the same exactly when they hold the same data, whichever database they were
/// read from; <c>verify</c> compares them row by row and per table.
/// </summary>
public sealed class Canonical(IModel model)
{
    private readonly Dictionary<Type, (string Name, PropertyInfo Property)[]> _properties = [];

    /// <summary>The canonical text of <paramref name="entity"/> (for diagnostics; <see cref="Hash"/> is what is compared).</summary>
    public string Text(object entity)
    {
        var sb = new StringBuilder();
        foreach (var (name, property) in PropertiesOf(entity.GetType()))
        {
            sb.Append(name).Append('=');
            Append(sb, property.GetValue(entity));
            sb.Append('\u001f');
        }

        return sb.ToString();
    }

    /// <summary>A 64-bit hash of <see cref="Text"/>.</summary>
    public ulong Hash(object entity)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(Text(entity)), digest);
        return BitConverter.ToUInt64(digest[..8]);
    }

    private (string, PropertyInfo)[] PropertiesOf(Type type)
    {
        lock (_properties)
        {
            if (!_properties.TryGetValue(type, out var list))
            {
                var entityType = model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");
                _properties[type] = list = entityType.GetProperties()
                    .Where(p => p.PropertyInfo is not null)
                    .OrderBy(p => p.Name, StringComparer.Ordinal)
                    .Select(p => (p.Name, p.PropertyInfo!))
                    .ToArray();
            }

            return list;
        }
    }

    private static void Append(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null:
                sb.Append("\u2205");
                break;
            case string s:
                sb.Append('"').Append(s).Append('"');
                break;
            case Guid g:
                sb.Append(g.ToString("D"));
                break;
            case DateTimeOffset t:
                sb.Append((t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
                break;
            case decimal d:
                sb.Append(d.ToString("0.############################", CultureInfo.InvariantCulture));
                break;
            case float f:
                sb.Append(f.ToString("R", CultureInfo.InvariantCulture));
                break;
            case double f:
                sb.Append(f.ToString("R", CultureInfo.InvariantCulture));
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case int or long:
                sb.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case Enum e:
                sb.Append(ClosedSet.NameOf(e));
                break;
            case JsonNode node:
                WriteJson(sb, node);
                break;
            case System.Collections.IEnumerable list when value.GetType().IsGenericType
                                                         && value.GetType().GetGenericArguments()[0] is { IsEnum: true }:
                sb.Append('[');
                foreach (Enum item in list)
                {
                    sb.Append(ClosedSet.NameOf(item)).Append(',');
                }

                sb.Append(']');
                break;
            default:
                WriteJson(sb, JsonNode.Parse(JsonColumns.Serialize(value)));
                break;
        }
    }

    // JSON with object keys in ordinal order (jsonb reorders keys; text columns keep them as written).
    private static void WriteJson(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject o:
                sb.Append('{');
                foreach (var (key, child) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    sb.Append(JsonSerializer.Serialize(key)).Append(':');
                    WriteJson(sb, child);
                    sb.Append(',');
                }

                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('[');
                foreach (var child in a)
                {
                    WriteJson(sb, child);
                    sb.Append(',');
                }

                sb.Append(']');
                break;
            default:
                sb.Append(node.ToJsonString());
                break;
        }
    }
}
