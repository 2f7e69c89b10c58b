using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Poktapok.Protocol.Values;

public static partial class ConvexJson
{
    // JavaScript's DataView writes NaN as the canonical quiet NaN; .NET's double.NaN has the sign bit set
    // (0xFFF8…), so every NaN is written with these bits to give the documented AAAAAAAA+H8=.
    private const long CanonicalNaNBits = 0x7FF8_0000_0000_0000;

    private static readonly JsonEncodedText s_bytesTag = JsonEncodedText.Encode("$bytes");
    private static readonly JsonEncodedText s_integerTag = JsonEncodedText.Encode("$integer");
    private static readonly JsonEncodedText s_floatTag = JsonEncodedText.Encode("$float");

    private static void WriteValue(Utf8JsonWriter writer, ConvexValue value, ConvexJsonFormat format, bool display, ValuePath path)
    {
        switch (value)
        {
            case ConvexNull:
                writer.WriteNullValue();
                break;
            case ConvexBoolean boolean:
                writer.WriteBooleanValue(boolean.Value);
                break;
            case ConvexString text:
                writer.WriteStringValue(CheckText(text.Value, display, path));
                break;
            case ConvexFloat64 number:
                WriteFloat64(writer, number, format);
                break;
            case ConvexInt64 integer when format == ConvexJsonFormat.Json:
                writer.WriteStringValue(integer.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case ConvexInt64 integer:
                Span<byte> integerBytes = stackalloc byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(integerBytes, integer.Value);
                WriteTagged(writer, s_integerTag, integerBytes);
                break;
            case ConvexBytes bytes when format == ConvexJsonFormat.Json:
                writer.WriteBase64StringValue(bytes.Value.Span);
                break;
            case ConvexBytes bytes:
                WriteTagged(writer, s_bytesTag, bytes.Value.Span);
                break;
            case ConvexArray array:
                writer.WriteStartArray();
                for (var i = 0; i < array.Count; i++)
                {
                    path.Push(i);
                    WriteValue(writer, array[i], format, display, path);
                    path.Pop();
                }

                writer.WriteEndArray();
                break;
            case ConvexObject obj:
                WriteObject(writer, obj, format, display, path);
                break;
            default:
                throw new ArgumentException($"{value.GetType()} is not one of the Convex value cases.", nameof(value));
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, ConvexObject obj, ConvexJsonFormat format, bool display, ValuePath path)
    {
        writer.WriteStartObject();
        foreach (var (key, item) in obj.Fields)
        {
            // Checked in both formats: the client throws on such a key, and a curl user reading "json" should see
            // the same documents an app would.
            if (!display && FieldNames.Check(key) is { } reason)
                throw path.Error(reason);
            writer.WritePropertyName(CheckText(key, display, path));
            path.Push(key);
            WriteValue(writer, item, format, display, path);
            path.Pop();
        }

        writer.WriteEndObject();
    }

    private static void WriteFloat64(Utf8JsonWriter writer, ConvexFloat64 number, ConvexJsonFormat format)
    {
        var value = number.Value;
        if (!number.IsSpecial)
        {
            // Utf8JsonWriter writes the shortest text that round-trips (1.5, 3, 1E+300), which JSON.parse reads back exactly.
            writer.WriteNumberValue(value);
        }
        else if (format == ConvexJsonFormat.Json)
        {
            if (double.IsNaN(value))
                writer.WriteStringValue("NaN");
            else if (double.IsPositiveInfinity(value))
                writer.WriteStringValue("Infinity");
            else if (double.IsNegativeInfinity(value))
                writer.WriteStringValue("-Infinity");
            else
                writer.WriteNumberValue(0);
        }
        else
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, double.IsNaN(value) ? CanonicalNaNBits : BitConverter.DoubleToInt64Bits(value));
            WriteTagged(writer, s_floatTag, bytes);
        }
    }

    private static void WriteTagged(Utf8JsonWriter writer, JsonEncodedText tag, ReadOnlySpan<byte> bytes)
    {
        writer.WriteStartObject();
        writer.WriteBase64String(tag, bytes);
        writer.WriteEndObject();
    }

    private static string CheckText(string text, bool display, ValuePath path)
    {
        var bad = IndexOfLoneSurrogate(text);
        if (bad < 0)
            return text;
        // Encoding.UTF8 replaces each lone surrogate with U+FFFD, which is what a log line should show.
        if (display)
            return Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
        throw path.Error($"text holds a lone surrogate U+{(int)text[bad]:X4} at {bad}, which UTF-8 JSON cannot carry");
    }

    private static int IndexOfLoneSurrogate(string text)
    {
        var i = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0)
            return -1;
        for (; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(text[i]))
                return i;
        }

        return -1;
    }
}
