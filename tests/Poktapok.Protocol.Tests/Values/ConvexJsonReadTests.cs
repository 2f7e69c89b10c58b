using System.Text;
using System.Text.Json;
using Poktapok.Protocol.Values;

namespace Poktapok.Protocol.Tests.Values;

public sealed class ConvexJsonReadTests
{
    [Theory]
    [InlineData("null", "null")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("float 1.5", "1.5")]
    [InlineData("float 3", "3")]
    [InlineData("float 3", "3.0")]
    [InlineData("float 3", "3e0")]
    [InlineData("float 1e300", "1e300")]
    [InlineData("float -0", """{"$float":"AAAAAAAAAIA="}""")]
    [InlineData("NaN", """{"$float":"AAAAAAAA+H8="}""")]
    [InlineData("Infinity", """{"$float":"AAAAAAAA8H8="}""")]
    [InlineData("-Infinity", """{"$float":"AAAAAAAA8P8="}""")]
    [InlineData("int64 5", """{"$integer":"BQAAAAAAAAA="}""")]
    [InlineData("int64 -1", """{"$integer":"//////////8="}""")]
    [InlineData("int64 max", """{"$integer":"/////////38="}""")]
    [InlineData("int64 min", """{"$integer":"AAAAAAAAAIA="}""")]
    [InlineData("string", "\"h\\u00e9llo \\\"quoted\\\"\\n\"")]
    [InlineData("bytes", """{"$bytes":"AAEC+/8="}""")]
    [InlineData("empty bytes", """{"$bytes":""}""")]
    [InlineData("array", """[1.5, "a", null, [true]]""")]
    [InlineData("object", """{"name":"Ada","born":1815,"id":{"$integer":"BQAAAAAAAAA="}}""")]
    [InlineData("object", """{"id":{"$integer":"BQAAAAAAAAA="},"born":1815,"name":"Ada"}""")]
    [InlineData("empty object", "{}")]
    [InlineData("object with an empty key", """{"":1}""")]
    [InlineData("nested", """{"c":{"e":{"$float":"AAAAAAAA+H8="},"d":null},"a":[{"b":{"$bytes":"AQ=="}},[]]}""")]
    public void encoded_json_reads_as_the_value(string sample, string json)
    {
        ConvexJson.Parse(json).ShouldBe(Samples.Get(sample));
    }

    [Theory]
    [InlineData("5")]
    [InlineData("9007199254740993")]
    [InlineData("-0")]
    public void a_json_number_is_always_a_float64(string json)
    {
        ConvexJson.Parse(json).ShouldBeOfType<ConvexFloat64>().Value.ShouldBe(double.Parse(json, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void minus_zero_keeps_its_sign()
    {
        var value = ConvexJson.Parse("""{"$float":"AAAAAAAAAIA="}""").ShouldBeOfType<ConvexFloat64>().Value;

        double.IsNegative(value).ShouldBeTrue();
        value.ShouldBe(0.0);
    }

    [Fact]
    public void a_nan_with_other_bits_is_still_nan()
    {
        double.IsNaN(ConvexJson.Parse("""{"$float":"AAAAAAAA+P8="}""").ShouldBeOfType<ConvexFloat64>().Value).ShouldBeTrue();
    }

    [Theory]
    [InlineData("""{"$bytes":"-_-_"}""", new byte[] { 0xfb, 0xff, 0xbf })]
    [InlineData("""{"$bytes":"+/-_+/-_"}""", new byte[] { 0xfb, 0xff, 0xbf, 0xfb, 0xff, 0xbf })]
    [InlineData("""{"$bytes":"-w=="}""", new byte[] { 0xfb })]
    [InlineData("""{"$bytes":"AQ=="}""", new byte[] { 1 })]
    public void url_safe_base64_is_accepted_as_the_client_accepts_it(string json, byte[] expected)
    {
        ConvexJson.Parse(json).ShouldBe(new ConvexBytes(expected));
    }

    [Fact]
    public void url_safe_base64_is_accepted_for_integers()
    {
        ConvexJson.Parse("""{"$integer":"__________8="}""").ShouldBe(new ConvexInt64(-1));
    }

    [Theory]
    [InlineData("""{"$float":"AAAAAAAA+D8="}""", "", "$float holds 1.5, which must be sent as a plain JSON number")]
    [InlineData("""{"$float":"AAAAAAAAAAA="}""", "", "$float holds 0, which must be sent as a plain JSON number")]
    [InlineData("""{"n":{"$integer":"AAAAAAAAAA=="}}""", ".n", "$integer must decode to 8 bytes (got 7)")]
    [InlineData("""{"n":{"$integer":"AAAAAAAAAAAA"}}""", ".n", "$integer must decode to 8 bytes (got 9)")]
    [InlineData("""{"$float":"AAAAAAAA+A=="}""", "", "$float must decode to 8 bytes (got 7)")]
    [InlineData("""{"$integer":"BQAAAAAAAAA"}""", "", "$integer must hold padded base64, not \"BQAAAAAAAAA\"")]
    [InlineData("""{"$bytes":"AQ"}""", "", "$bytes must hold padded base64, not \"AQ\"")]
    [InlineData("""{"$bytes":"A*=="}""", "", "$bytes must hold padded base64, not \"A*==\"")]
    [InlineData("""{"$bytes":"AQ= "}""", "", "$bytes must hold padded base64, not \"AQ= \"")]
    [InlineData("""{"$bytes":"A=A="}""", "", "$bytes must hold padded base64, not \"A=A=\"")]
    [InlineData("""{"$bytes":5}""", "", "$bytes must hold a string, not Number")]
    [InlineData("""{"$integer":null}""", "", "$integer must hold a string, not Null")]
    [InlineData("""{"$set":[]}""", "", "$set: a Set is no longer supported as a Convex type")]
    [InlineData("""{"$map":[]}""", "", "$map: a Map is no longer supported as a Convex type")]
    [InlineData("""{"$schema":"x"}""", "", "field name \"$schema\" starts with '$', which is reserved")]
    [InlineData("""{"$commitTs":null}""", "", "field name \"$commitTs\" starts with '$', which is reserved")]
    [InlineData("""{"$integer":"BQAAAAAAAAA=","x":1}""", "", "field name \"$integer\" starts with '$', which is reserved")]
    [InlineData("""{"a":{"x":1,"$set":[]}}""", ".a", "field name \"$set\" starts with '$', which is reserved")]
    [InlineData("""{"naïve":1}""", "", "field name \"na\\u00efve\" has the character U+00EF at 2: field names may only hold non-control ASCII")]
    [InlineData("""{"a\u0007":1}""", "", "field name \"a\\u0007\" has the character U+0007 at 1: field names may only hold non-control ASCII")]
    [InlineData("""{"a":1,"a":2}""", "", "field name \"a\" appears more than once")]
    [InlineData("1e400", "", "the number 1e400 does not fit a float64")]
    [InlineData("\"\\ud800\"", "", "string holds an invalid UTF-16 escape (a lone surrogate)")]
    [InlineData("""[0,{"x":[{"$set":[]}]}]""", "[1].x[0]", "$set: a Set is no longer supported as a Convex type")]
    [InlineData("""{"a b":{"$integer":""}}""", "[\"a b\"]", "$integer must decode to 8 bytes (got 0)")]
    public void json_the_client_would_reject_is_refused_with_its_place(string json, string path, string reason)
    {
        var e = Should.Throw<ConvexValueException>(() => ConvexJson.Parse(json));

        e.Path.ShouldBe(path);
        e.Reason.ShouldBe(reason);
    }

    [Fact]
    public void a_key_over_1024_characters_is_refused_but_1024_is_accepted()
    {
        var ok = ConvexJson.Parse($$"""{"{{new string('k', 1024)}}":1}""").ShouldBeOfType<ConvexObject>();
        var e = Should.Throw<ConvexValueException>(() => ConvexJson.Parse($$"""{"{{new string('k', 1025)}}":1}"""));

        ok.Count.ShouldBe(1);
        e.Reason.ShouldBe($"field name \"{new string('k', 40)}\"… is longer than 1024 characters (1025)");
    }

    [Fact]
    public void the_message_names_the_place_under_the_callers_path()
    {
        using var document = JsonDocument.Parse("""{"path":"m:f","args":[{"n":{"$integer":"AAAAAAAAAA=="}}]}""");

        var e = Should.Throw<ConvexValueException>(() => ConvexJson.Read(document.RootElement.GetProperty("args"), ".args"));

        e.Message.ShouldBe("Invalid value at .args[0].n: $integer must decode to 8 bytes (got 7)");
    }

    [Fact]
    public void a_problem_at_the_top_level_says_so()
    {
        Should.Throw<ConvexValueException>(() => ConvexJson.Parse("""{"$set":[]}"""))
            .Message.ShouldBe("Invalid value at the top level: $set: a Set is no longer supported as a Convex type");
    }

    [Theory]
    [InlineData("""{"a":""")]
    [InlineData("""{"a":1} x""")]
    [InlineData("")]
    [InlineData("NaN")]
    public void text_that_is_not_json_is_refused(string json)
    {
        var e = Should.Throw<ConvexValueException>(() => ConvexJson.Parse(json));

        e.Reason.ShouldStartWith("not valid JSON");
        e.InnerException.ShouldBeAssignableTo<JsonException>();
    }

    [Fact]
    public void utf8_input_reads_like_text_input()
    {
        var json = """{"name":"día","n":{"$integer":"BQAAAAAAAAA="}}""";

        ConvexJson.Parse(Encoding.UTF8.GetBytes(json)).ShouldBe(ConvexJson.Parse(json));
        ConvexJson.Parse(Encoding.UTF8.GetBytes(json))
            .ShouldBe(ConvexObject.Of(("name", "día"), ("n", 5L)));
    }

    [Fact]
    public void utf8_input_may_start_with_a_byte_order_mark_and_end_with_whitespace()
    {
        byte[] utf8 = [.. Encoding.UTF8.Preamble, .. "[1] \n"u8];

        ConvexJson.Parse(utf8).ShouldBe(new ConvexArray([1.0]));
    }

    [Theory]
    [InlineData("[1] [2]")]
    [InlineData("[1")]
    [InlineData("{\"a\":1,}")]
    public void utf8_input_that_is_not_one_json_value_is_refused(string json)
    {
        Should.Throw<ConvexValueException>(() => ConvexJson.Parse(Encoding.UTF8.GetBytes(json)))
            .Reason.ShouldStartWith("not valid JSON");
    }

    [Fact]
    public void object_fields_keep_the_order_they_arrived_in()
    {
        var value = ConvexJson.Parse("""{"b":1,"a":2}""").ShouldBeOfType<ConvexObject>();

        value.Keys.ShouldBe(["b", "a"]);
        value["a"].ShouldBe(new ConvexFloat64(2));
    }
}
