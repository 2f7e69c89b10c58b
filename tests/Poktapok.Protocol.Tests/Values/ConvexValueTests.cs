using Poktapok.Protocol.Values;

namespace Poktapok.Protocol.Tests.Values;

public sealed class ConvexValueTests
{
    [Fact]
    public void implicit_conversions_pick_the_matching_case()
    {
        ConvexValue text = "hi";
        ConvexValue nothing = (string?)null;
        ConvexValue flag = true;
        ConvexValue number = 1.5;
        ConvexValue count = 3;
        ConvexValue big = 3L;
        ConvexValue bytes = new byte[] { 1, 2 };

        text.ShouldBe(new ConvexString("hi"));
        nothing.ShouldBeSameAs(ConvexNull.Instance);
        flag.ShouldBeSameAs(ConvexBoolean.True);
        number.ShouldBe(new ConvexFloat64(1.5));
        count.ShouldBe(new ConvexFloat64(3), "a C# int is a JavaScript number, not a bigint");
        big.ShouldBe(new ConvexInt64(3));
        bytes.ShouldBe(new ConvexBytes([1, 2]));
    }

    [Fact]
    public void values_built_the_same_way_are_equal_with_equal_hashes()
    {
        ConvexValue Build() => ConvexObject.Of(
            ("tags", new ConvexArray(["a", "b"])),
            ("blob", new byte[] { 9, 8, 7 }),
            ("nested", ConvexObject.Of(("n", 5L), ("x", double.NaN))));

        var a = Build();
        var b = Build();

        a.ShouldNotBeSameAs(b);
        a.Equals(b).ShouldBeTrue();
        (a == b).ShouldBeTrue();
        a.GetHashCode().ShouldBe(b.GetHashCode());
    }

    [Fact]
    public void a_difference_deep_inside_makes_values_unequal()
    {
        ConvexValue a = ConvexObject.Of(("list", new ConvexArray([1, ConvexObject.Of(("k", "v"))])));
        ConvexValue b = ConvexObject.Of(("list", new ConvexArray([1, ConvexObject.Of(("k", "w"))])));

        a.ShouldNotBe(b);
    }

    [Fact]
    public void object_equality_ignores_field_order()
    {
        var a = ConvexObject.Of(("x", 1), ("y", 2));
        var b = ConvexObject.Of(("y", 2), ("x", 1));

        a.ShouldBe(b);
        a.GetHashCode().ShouldBe(b.GetHashCode());
        a.ShouldNotBe(ConvexObject.Of(("x", 1), ("y", 2), ("z", 3)));
        a.ShouldNotBe(ConvexObject.Of(("x", 1), ("z", 2)));
    }

    [Fact]
    public void array_equality_follows_element_order()
    {
        new ConvexArray([1, 2]).ShouldNotBe(new ConvexArray([2, 1]));
        new ConvexArray([1, 2]).ShouldNotBe(new ConvexArray([1, 2, 3]));
    }

    [Fact]
    public void bytes_compare_by_content_and_keep_their_own_copy()
    {
        var source = new byte[] { 1, 2, 3 };
        var value = new ConvexBytes(source);

        source[0] = 99;

        value.Value.ToArray().ShouldBe(new byte[] { 1, 2, 3 });
        value.ShouldBe(new ConvexBytes([1, 2, 3]));
        value.ShouldNotBe(new ConvexBytes([1, 2]));
        value.GetHashCode().ShouldBe(new ConvexBytes([1, 2, 3]).GetHashCode());
    }

    [Fact]
    public void nan_equals_nan_and_minus_zero_is_not_zero()
    {
        var payloadNaN = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0001);

        new ConvexFloat64(double.NaN).ShouldBe(new ConvexFloat64(payloadNaN));
        new ConvexFloat64(double.NaN).GetHashCode().ShouldBe(new ConvexFloat64(payloadNaN).GetHashCode());
        new ConvexFloat64(-0.0).ShouldNotBe(new ConvexFloat64(0.0));
        new ConvexFloat64(-0.0).ShouldBe(new ConvexFloat64(-0.0));
    }

    [Theory]
    [InlineData(double.NaN, true)]
    [InlineData(double.PositiveInfinity, true)]
    [InlineData(double.NegativeInfinity, true)]
    [InlineData(-0.0, true)]
    [InlineData(0.0, false)]
    [InlineData(-1.5, false)]
    [InlineData(double.Epsilon, false)]
    public void special_floats_are_the_ones_json_numbers_cannot_carry(double number, bool special)
    {
        new ConvexFloat64(number).IsSpecial.ShouldBe(special);
    }

    [Fact]
    public void different_cases_are_never_equal()
    {
        ConvexValue[] values = [ConvexValue.Null, false, 0.0, 0L, "0", "", new byte[] { 0 }, ConvexArray.Empty, ConvexObject.Empty];

        for (var i = 0; i < values.Length; i++)
        {
            for (var j = 0; j < values.Length; j++)
                values[i].Equals(values[j]).ShouldBe(i == j, $"{values[i].GetType().Name} vs {values[j].GetType().Name}");
        }
    }

    [Fact]
    public void object_fields_are_looked_up_by_key_and_kept_in_order()
    {
        var value = ConvexObject.Of(("b", 1), ("a", "x"));

        value.Count.ShouldBe(2);
        value["a"].ShouldBe(new ConvexString("x"));
        value.TryGetValue("b", out var b).ShouldBeTrue();
        b.ShouldBe(new ConvexFloat64(1));
        value.TryGetValue("c", out _).ShouldBeFalse();
        value.ContainsKey("A").ShouldBeFalse("keys are case-sensitive");
        Should.Throw<KeyNotFoundException>(() => value["c"]);
        value.Keys.ShouldBe(["b", "a"]);
        value.Fields.Select(f => f.Value).ShouldBe([new ConvexFloat64(1), new ConvexString("x")]);
    }

    [Fact]
    public void arrays_are_indexed_lists()
    {
        ConvexArray value = [1, "two", ConvexValue.Null];

        value.Count.ShouldBe(3);
        value[1].ShouldBe(new ConvexString("two"));
        value.ShouldBe(new ConvexArray([1.0, "two", ConvexNull.Instance]));
    }

    [Fact]
    public void an_object_can_be_built_from_key_value_pairs()
    {
        var pairs = new Dictionary<string, ConvexValue> { ["a"] = 1, ["b"] = "x" };

        new ConvexObject(pairs).ShouldBe(ConvexObject.Of(("a", 1), ("b", "x")));
    }

    [Fact]
    public void a_duplicate_key_is_refused_when_building_an_object()
    {
        Should.Throw<ArgumentException>(() => ConvexObject.Of(("a", 1), ("a", 2)))
            .Message.ShouldContain("'a' appears more than once");
        Should.Throw<ArgumentException>(() => new ConvexObject([new("a", 1), new("a", 2)]))
            .Message.ShouldContain("'a' appears more than once");
    }

    [Fact]
    public void null_is_refused_where_convex_null_is_meant()
    {
        Should.Throw<ArgumentException>(() => new ConvexArray([1, null!]));
        Should.Throw<ArgumentException>(() => ConvexObject.Of(("a", null!)));
        Should.Throw<ArgumentNullException>(() => new ConvexString(null!));
    }

    [Fact]
    public void shared_instances_are_shared()
    {
        ConvexValue.Null.ShouldBeSameAs(ConvexNull.Instance);
        ConvexBoolean.Of(false).ShouldBeSameAs(ConvexBoolean.False);
        new ConvexBoolean(true).ShouldBe(ConvexBoolean.True);
        ConvexArray.Create([]).ShouldBeSameAs(ConvexArray.Empty);
        ConvexObject.Of().ShouldBeSameAs(ConvexObject.Empty);
    }

    [Fact]
    public void to_string_shows_the_encoded_json_even_for_a_key_that_cannot_be_sent()
    {
        ConvexValue value = ConvexObject.Of(("$schema", 5L), ("s", "bad\ud800"));

        value.ToString().ShouldBe("""{"$schema":{"$integer":"BQAAAAAAAAA="},"s":"bad�"}""");
    }
}
