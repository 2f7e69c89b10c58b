using Poktapok.Protocol.Values;

namespace Poktapok.Protocol.Tests.Values;

public sealed class ConvexJsonFormatNamesTests
{
    [Theory]
    [InlineData("convex_encoded_json", ConvexJsonFormat.ConvexEncoded)]
    [InlineData("convex_json", ConvexJsonFormat.ConvexEncoded)]
    [InlineData("json", ConvexJsonFormat.Json)]
    [InlineData("convex_clean_json", ConvexJsonFormat.Json)]
    public void names_and_aliases_are_read(string name, ConvexJsonFormat expected)
    {
        ConvexJsonFormatNames.TryParse(name, out var format).ShouldBeTrue();

        format.ShouldBe(expected);
    }

    [Fact]
    public void a_missing_name_means_the_default()
    {
        ConvexJsonFormatNames.TryParse(null, out var format).ShouldBeTrue();
        ConvexJsonFormatNames.TryParse(null, ConvexJsonFormat.ConvexEncoded, out var olderClientFormat).ShouldBeTrue();

        format.ShouldBe(ConvexJsonFormat.Json);
        ConvexJsonFormatNames.Default.ShouldBe(ConvexJsonFormat.Json);
        olderClientFormat.ShouldBe(ConvexJsonFormat.ConvexEncoded);
    }

    [Theory]
    [InlineData("export_json")]
    [InlineData("JSON")]
    [InlineData("Json")]
    [InlineData("")]
    [InlineData(" json")]
    [InlineData("xml")]
    public void an_unknown_name_is_refused(string name)
    {
        ConvexJsonFormatNames.TryParse(name, out _).ShouldBeFalse();
        ConvexJsonFormatNames.TryParse(name, ConvexJsonFormat.ConvexEncoded, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData(ConvexJsonFormat.ConvexEncoded, "convex_encoded_json")]
    [InlineData(ConvexJsonFormat.Json, "json")]
    public void each_format_has_a_canonical_name_that_reads_back(ConvexJsonFormat format, string name)
    {
        ConvexJsonFormatNames.NameOf(format).ShouldBe(name);
        ConvexJsonFormatNames.TryParse(name, out var back).ShouldBeTrue();
        back.ShouldBe(format);
    }

    [Fact]
    public void an_undefined_format_has_no_name()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ConvexJsonFormatNames.NameOf((ConvexJsonFormat)9));
    }
}
