using Poktapok.Protocol.Values;

namespace Poktapok.Protocol.Tests.Values;

public sealed class ConvexJsonRoundTripTests
{
    public static TheoryData<string> SampleNames => Samples.Names;

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void the_encoded_format_reads_back_as_the_same_value(string sample)
    {
        var value = Samples.Get(sample);

        var back = ConvexJson.Parse(ConvexJson.Serialize(value, ConvexJsonFormat.ConvexEncoded));

        back.ShouldBe(value);
        back.GetType().ShouldBe(value.GetType());
    }

    [Fact]
    public void minus_zero_and_nan_survive_the_encoded_format_bit_for_bit()
    {
        var minusZero = ConvexJson.Parse(ConvexJson.Serialize(-0.0, ConvexJsonFormat.ConvexEncoded));
        var nan = ConvexJson.Parse(ConvexJson.Serialize(double.NaN, ConvexJsonFormat.ConvexEncoded));

        minusZero.ShouldNotBe(new ConvexFloat64(0.0));
        double.IsNegative(((ConvexFloat64)minusZero).Value).ShouldBeTrue();
        double.IsNaN(((ConvexFloat64)nan).Value).ShouldBeTrue();
    }

    [Theory]
    [InlineData("int64 33", "33")]
    [InlineData("int64 min", "-9223372036854775808")]
    [InlineData("bytes", "AAEC+/8=")]
    [InlineData("NaN", "NaN")]
    [InlineData("Infinity", "Infinity")]
    [InlineData("-Infinity", "-Infinity")]
    public void the_clean_format_reads_back_int64_bytes_and_non_finite_numbers_as_strings(string sample, string text)
    {
        var back = ConvexJson.Parse(ConvexJson.Serialize(Samples.Get(sample), ConvexJsonFormat.Json));

        back.ShouldBe(new ConvexString(text));
    }

    [Fact]
    public void the_clean_format_reads_back_minus_zero_as_zero()
    {
        var back = ConvexJson.Parse(ConvexJson.Serialize(-0.0, ConvexJsonFormat.Json));

        back.ShouldBe(new ConvexFloat64(0.0));
        back.ShouldNotBe(new ConvexFloat64(-0.0));
    }
}
