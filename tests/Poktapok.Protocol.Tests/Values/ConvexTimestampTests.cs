using Poktapok.Protocol.Values;

namespace Poktapok.Protocol.Tests.Values;

public sealed class ConvexTimestampTests
{
    [Theory]
    [InlineData(0UL, "AAAAAAAAAAA=")]
    [InlineData(1UL, "AQAAAAAAAAA=")]
    [InlineData(1_700_000_000_123_456_789UL, "Fc2FPf6clxc=")]
    [InlineData(ulong.MaxValue, "//////////8=")]
    public void timestamps_are_padded_base64_of_eight_little_endian_bytes(ulong value, string encoded)
    {
        ConvexTimestamp.Encode(value).ShouldBe(encoded);
        ConvexTimestamp.TryDecode(encoded, out var decoded).ShouldBeTrue();
        decoded.ShouldBe(value);
    }

    [Theory]
    [InlineData(2UL)]
    [InlineData(255UL)]
    [InlineData(256UL)]
    [InlineData(1UL << 63)]
    [InlineData(ulong.MaxValue - 1)]
    public void timestamps_round_trip(ulong value)
    {
        ConvexTimestamp.TryDecode(ConvexTimestamp.Encode(value), out var decoded).ShouldBeTrue();

        decoded.ShouldBe(value);
    }

    [Fact]
    public void url_safe_characters_are_read_as_the_client_reads_them()
    {
        ConvexTimestamp.TryDecode("__________8=", out var decoded).ShouldBeTrue();

        decoded.ShouldBe(ulong.MaxValue);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AAAAAAAAAAA")]
    [InlineData("AAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAA*=")]
    [InlineData(" AAAAAAAAAA=")]
    public void anything_but_padded_base64_of_eight_bytes_is_refused(string? text)
    {
        ConvexTimestamp.TryDecode(text, out var decoded).ShouldBeFalse();

        decoded.ShouldBe(0UL);
    }
}
