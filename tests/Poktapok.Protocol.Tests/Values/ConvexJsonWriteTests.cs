using System.Buffers;
using System.Text;
using System.Text.Json;
using Poktapok.Protocol.Values;

namespace Poktapok.Protocol.Tests.Values;

public sealed class ConvexJsonWriteTests
{
    [Theory]
    [InlineData("null", "null", "null")]
    [InlineData("true", "true", "true")]
    [InlineData("false", "false", "false")]
    [InlineData("float 0", "0", "0")]
    [InlineData("float 1.5", "1.5", "1.5")]
    [InlineData("float 3", "3", "3")]
    [InlineData("float -2.25", "-2.25", "-2.25")]
    [InlineData("float 0.1", "0.1", "0.1")]
    [InlineData("float 1e300", "1E+300", "1E+300")]
    [InlineData("float max", "1.7976931348623157E+308", "1.7976931348623157E+308")]
    [InlineData("float epsilon", "5E-324", "5E-324")]
    [InlineData("float -0", """{"$float":"AAAAAAAAAIA="}""", "0")]
    [InlineData("NaN", """{"$float":"AAAAAAAA+H8="}""", "\"NaN\"")]
    [InlineData("Infinity", """{"$float":"AAAAAAAA8H8="}""", "\"Infinity\"")]
    [InlineData("-Infinity", """{"$float":"AAAAAAAA8P8="}""", "\"-Infinity\"")]
    [InlineData("int64 0", """{"$integer":"AAAAAAAAAAA="}""", "\"0\"")]
    [InlineData("int64 5", """{"$integer":"BQAAAAAAAAA="}""", "\"5\"")]
    [InlineData("int64 -1", """{"$integer":"//////////8="}""", "\"-1\"")]
    [InlineData("int64 33", """{"$integer":"IQAAAAAAAAA="}""", "\"33\"")]
    [InlineData("int64 max", """{"$integer":"/////////38="}""", "\"9223372036854775807\"")]
    [InlineData("int64 min", """{"$integer":"AAAAAAAAAIA="}""", "\"-9223372036854775808\"")]
    [InlineData("string", "\"héllo \\\"quoted\\\"\\n\"", "\"héllo \\\"quoted\\\"\\n\"")]
    [InlineData("empty string", "\"\"", "\"\"")]
    [InlineData("bytes", """{"$bytes":"AAEC+/8="}""", "\"AAEC+/8=\"")]
    [InlineData("empty bytes", """{"$bytes":""}""", "\"\"")]
    [InlineData("array", """[1.5,"a",null,[true]]""", """[1.5,"a",null,[true]]""")]
    [InlineData("empty array", "[]", "[]")]
    [InlineData("object", """{"name":"Ada","born":1815,"id":{"$integer":"BQAAAAAAAAA="}}""", """{"name":"Ada","born":1815,"id":"5"}""")]
    [InlineData("empty object", "{}", "{}")]
    [InlineData("object with an empty key", """{"":1}""", """{"":1}""")]
    [InlineData("nested", """{"a":[{"b":{"$bytes":"AQ=="}},[]],"c":{"d":null,"e":{"$float":"AAAAAAAA+H8="}}}""", """{"a":[{"b":"AQ=="},[]],"c":{"d":null,"e":"NaN"}}""")]
    public void each_value_is_written_in_both_formats(string sample, string encoded, string clean)
    {
        var value = Samples.Get(sample);

        ConvexJson.Serialize(value, ConvexJsonFormat.ConvexEncoded).ShouldBe(encoded);
        ConvexJson.Serialize(value, ConvexJsonFormat.Json).ShouldBe(clean);
    }

    [Fact]
    public void every_nan_is_written_as_the_canonical_bytes_the_client_writes()
    {
        // double.NaN has the sign bit set in .NET; a payload NaN must not leak its bits either.
        var payloadNaN = BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_0001));

        ConvexJson.Serialize(double.NaN, ConvexJsonFormat.ConvexEncoded).ShouldBe("""{"$float":"AAAAAAAA+H8="}""");
        ConvexJson.Serialize(payloadNaN, ConvexJsonFormat.ConvexEncoded).ShouldBe("""{"$float":"AAAAAAAA+H8="}""");
    }

    [Fact]
    public void a_number_that_is_an_int_in_csharp_is_still_a_javascript_number()
    {
        ConvexJson.Serialize(42, ConvexJsonFormat.ConvexEncoded).ShouldBe("42");
        ConvexJson.Serialize(42L, ConvexJsonFormat.ConvexEncoded).ShouldBe("""{"$integer":"KgAAAAAAAAA="}""");
    }

    [Fact]
    public void fields_are_written_in_the_order_given()
    {
        ConvexValue value = ConvexObject.Of(("b", 1), ("a", 2), ("c", 3));

        ConvexJson.Serialize(value, ConvexJsonFormat.ConvexEncoded).ShouldBe("""{"b":1,"a":2,"c":3}""");
    }

    [Fact]
    public void write_composes_with_a_caller_owned_writer()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("status", "success");
            writer.WritePropertyName("value");
            ConvexJson.Write(writer, new ConvexArray([7L, double.NegativeInfinity]), ConvexJsonFormat.ConvexEncoded);
            writer.WriteEndObject();
        }

        // The caller's default encoder escapes '+' as \u002B; JSON readers see the same text.
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        var value = document.RootElement.GetProperty("value");
        value[0].GetProperty("$integer").GetString().ShouldBe("BwAAAAAAAAA=");
        value[1].GetProperty("$float").GetString().ShouldBe("AAAAAAAA8P8=");
        document.RootElement.GetProperty("status").GetString().ShouldBe("success");
    }

    [Theory]
    [InlineData("$schema", "starts with '$'")]
    [InlineData("$set", "starts with '$'")]
    [InlineData("$integer", "starts with '$'")]
    [InlineData("naïve", "U+00EF")]
    [InlineData("tab\there", "U+0009")]
    [InlineData("del\u007f", "U+007F")]
    public void a_key_the_client_rejects_is_never_written(string key, string reason)
    {
        ConvexValue value = ConvexObject.Of(("doc", ConvexObject.Of(("ok", 1), (key, 1))));

        foreach (var format in new[] { ConvexJsonFormat.ConvexEncoded, ConvexJsonFormat.Json })
        {
            var e = Should.Throw<ConvexValueException>(() => ConvexJson.Serialize(value, format));
            e.Path.ShouldBe(".doc");
            e.Reason.ShouldContain(reason);
            e.Message.ShouldStartWith("Invalid value at .doc: field name ");
        }
    }

    [Fact]
    public void a_key_over_1024_characters_is_never_written_but_1024_is()
    {
        ConvexValue tooLong = ConvexObject.Of((new string('k', 1025), 1));
        ConvexValue longest = ConvexObject.Of((new string('k', 1024), 1));

        Should.Throw<ConvexValueException>(() => ConvexJson.Serialize(tooLong, ConvexJsonFormat.ConvexEncoded))
            .Reason.ShouldContain("longer than 1024 characters");
        ConvexJson.Serialize(longest, ConvexJsonFormat.ConvexEncoded).Length.ShouldBe(1024 + 6);
    }

    [Fact]
    public void every_printable_ascii_character_is_allowed_in_a_key()
    {
        var key = new string(Enumerable.Range(32, 95).Select(c => (char)c).ToArray()).Replace("$", "") + "$";
        ConvexValue value = ConvexObject.Of((key, true));

        var json = ConvexJson.Serialize(value, ConvexJsonFormat.ConvexEncoded);

        ConvexJson.Parse(json).ShouldBe(value);
    }

    [Fact]
    public void a_string_with_a_lone_surrogate_is_refused_with_its_place()
    {
        ConvexValue value = new ConvexArray(["fine", "bad\ud800"]);

        var e = Should.Throw<ConvexValueException>(() => ConvexJson.Serialize(value, ConvexJsonFormat.Json));

        e.Message.ShouldBe("Invalid value at [1]: text holds a lone surrogate U+D800 at 3, which UTF-8 JSON cannot carry");
    }

    [Fact]
    public void a_surrogate_pair_is_written_and_read_back()
    {
        // System.Text.Json's encoders escape characters outside the BMP even in relaxed mode; JSON.parse reads the pair.
        var json = ConvexJson.Serialize("🍓", ConvexJsonFormat.ConvexEncoded);

        json.ShouldBe("\"\\uD83C\\uDF53\"");
        ConvexJson.Parse(json).ShouldBe(new ConvexString("🍓"));
    }

    [Fact]
    public void an_undefined_format_is_an_argument_error()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ConvexJson.Serialize(1.0, (ConvexJsonFormat)7));
    }

    [Fact]
    public void serialize_gives_utf8_json_without_escaping_base64_or_non_ascii()
    {
        var json = ConvexJson.Serialize(new ConvexArray([new byte[] { 0xfb, 0xff }, "día"]), ConvexJsonFormat.ConvexEncoded);

        json.ShouldBe("""[{"$bytes":"+/8="},"día"]""");
        Encoding.UTF8.GetByteCount(json).ShouldBe(json.Length + 1);
    }
}
