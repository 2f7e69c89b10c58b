using System.Text.Json.Nodes;
using Poktapok.Engine.Data;

namespace Poktapok.Engine.Tests.Data;

public sealed class ConverterTests
{
    [Fact]
    public void instants_are_stored_as_unix_microseconds()
    {
        var converter = new UnixMicrosConverter();
        var instant = new DateTimeOffset(2026, 2, 6, 12, 0, 0, TimeSpan.FromHours(-6)).AddTicks(1234560);

        var stored = (long)converter.ConvertToProvider(instant)!;

        stored.ShouldBe(instant.ToUnixTimeMilliseconds() * 1000 + 456);
        var back = (DateTimeOffset)converter.ConvertFromProvider(stored)!;
        back.ShouldBe(instant);
        back.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void instants_before_1970_survive()
    {
        var converter = new UnixMicrosConverter();
        var instant = new DateTimeOffset(1969, 7, 20, 20, 17, 40, TimeSpan.Zero);

        converter.ConvertFromProvider(converter.ConvertToProvider(instant)).ShouldBe(instant);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.00000001")]
    [InlineData("9999999999.99999999")]
    [InlineData("-42.5")]
    public void eight_place_decimals_are_stored_exactly(string value)
    {
        var converter = new ScaledDecimalConverter();
        var amount = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

        converter.ConvertFromProvider(converter.ConvertToProvider(amount)).ShouldBe(amount);
    }

    [Fact]
    public void json_values_compare_by_content()
    {
        var comparer = new JsonValueComparer<JsonObject>();
        var a = new JsonObject { ["x"] = 1 };
        var snapshot = comparer.Snapshot(a);

        a["x"] = 2;

        comparer.Equals(a, snapshot).ShouldBeFalse("a change inside the object must be seen");
        comparer.Equals(snapshot, new JsonObject { ["x"] = 1 }).ShouldBeTrue();
    }

    [Fact]
    public void name_based_ids_are_stable_version_5_uuids()
    {
        var id = DeterministicGuid.Create("skills/rust");

        id.ShouldBe(DeterministicGuid.Create("skills/rust"));
        id.ShouldNotBe(DeterministicGuid.Create("skills/go"));
        id.Version.ShouldBe(5);
        (id.Variant & 0b1100).ShouldBe(0b1000);
    }
}
