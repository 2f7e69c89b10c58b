using Poktapok.Engine.Data;

namespace Poktapok.Engine.Tests.Data;

public sealed class ClosedSetTests
{
    public enum Sample
    {
        Available,
        OpenToOffers,
        XPost,
        [WireName("work-related")]
        WorkRelated,
    }

    [Fact]
    public void members_are_named_in_snake_case_unless_a_wire_name_is_given()
    {
        ClosedSet<Sample>.Names.ShouldBe(["available", "open_to_offers", "x_post", "work-related"]);
    }

    [Theory]
    [InlineData(Sample.OpenToOffers, "open_to_offers")]
    [InlineData(Sample.WorkRelated, "work-related")]
    public void names_round_trip(Sample value, string name)
    {
        ClosedSet<Sample>.ToName(value).ShouldBe(name);
        ClosedSet<Sample>.Parse(name).ShouldBe(value);
    }

    [Theory]
    [InlineData("Available")]
    [InlineData("open-to-offers")]
    [InlineData("")]
    public void names_outside_the_set_are_refused(string name)
    {
        ClosedSet<Sample>.TryParse(name, out _).ShouldBeFalse();
        Should.Throw<FormatException>(() => ClosedSet<Sample>.Parse(name)).Message.ShouldContain("open_to_offers");
    }

    [Fact]
    public void an_undefined_value_has_no_name()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ClosedSet<Sample>.ToName((Sample)42));
    }

    [Theory]
    [InlineData("DisplayName", "displayName")]
    [InlineData("Id", "id")]
    [InlineData("already", "already")]
    public void property_names_become_camel_case_field_names(string property, string field)
    {
        ClosedSet.CamelCase(property).ShouldBe(field);
    }
}
