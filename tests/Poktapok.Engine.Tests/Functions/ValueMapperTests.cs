using System.Reflection;
using System.Text.Json.Nodes;
using Poktapok.Engine.Data;
using Poktapok.Engine.Functions;
using Poktapok.Protocol.Values;

namespace Poktapok.Engine.Tests.Functions;

public sealed class ValueMapperTests
{
    public enum Venue
    {
        [WireName("in-person")]
        InPerson,
        Virtual,
    }

    public sealed class Doc
    {
        public Guid Id { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public string? Title { get; set; }
    }

    public sealed record Point(double Lat, double Lng);

    public sealed record Update(string Name, Optional<string?> Bio, int Count = 3);

    private static readonly ValueMapper s_values = new(new Dictionary<Type, PropertyInfo?>
    {
        [typeof(Doc)] = typeof(Doc).GetProperty(nameof(Doc.CreatedAt)),
    });

    public static TheoryData<object?, string> Written => new()
    {
        { null, "null" },
        { true, "true" },
        { "text", "\"text\"" },
        { 42, "42" },
        { 1.5, "1.5" },
        { 5L, """{"$integer":"BQAAAAAAAAA="}""" },
        { 100m, "\"100.00000000\"" },
        { Venue.InPerson, "\"in-person\"" },
        { new byte[] { 1, 2 }, """{"$bytes":"AQI="}""" },
        { new[] { 1, 2 }, "[1,2]" },
        { new Point(1, 2), """{"lat":1,"lng":2}""" },
        { new Dictionary<string, int> { ["a"] = 1 }, """{"a":1}""" },
        { new { name = "x", nested = new { ok = true } }, """{"name":"x","nested":{"ok":true}}""" },
        { new JsonObject { ["k"] = new JsonArray(1, "two") }, """{"k":[1,"two"]}""" },
    };

    [Theory]
    [MemberData(nameof(Written))]
    public void csharp_values_become_convex_values(object? value, string json)
    {
        ConvexJson.Serialize(s_values.ToConvex(value), ConvexJsonFormat.ConvexEncoded).ShouldBe(json);
    }

    [Fact]
    public void a_document_gets_its_id_and_creation_time()
    {
        var id = Guid.Parse("0192f5a0-0000-7000-8000-000000000001");
        var created = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123).AddTicks(4560);

        var doc = (ConvexObject)s_values.ToConvex(new Doc { Id = id, CreatedAt = created, Title = null });

        doc["_id"].ShouldBe(new ConvexString(id.ToString()));
        doc["_creationTime"].ShouldBe(new ConvexFloat64(1_700_000_000_123.456));
        doc["createdAt"].ShouldBe(new ConvexFloat64(1_700_000_000_123.456));
        doc["title"].ShouldBe(ConvexValue.Null);
        doc.ContainsKey("id").ShouldBeFalse();
    }

    [Fact]
    public void records_are_read_with_defaults_and_optional_fields()
    {
        var given = (Update)s_values.FromConvex(ConvexObject.Of(("name", "a"), ("bio", ConvexValue.Null)), typeof(Update), "")!;
        var absent = (Update)s_values.FromConvex(ConvexObject.Of(("name", "a")), typeof(Update), "")!;

        given.Bio.HasValue.ShouldBeTrue();
        given.Bio.Value.ShouldBeNull();
        given.Count.ShouldBe(3);
        absent.Bio.HasValue.ShouldBeFalse();
    }

    [Theory]
    [InlineData(typeof(int), 1.5, "must be a whole number")]
    [InlineData(typeof(string), 1.0, "must be a string, not a number")]
    [InlineData(typeof(bool), "yes", "must be a boolean, not a string")]
    public void values_of_the_wrong_kind_are_refused_with_their_place(Type type, object value, string problem)
    {
        var error = Should.Throw<ArgumentShapeException>(() => s_values.FromConvex(s_values.ToConvex(value), type, ".field"));

        error.Path.ShouldBe(".field");
        error.Problem.ShouldContain(problem);
    }

    [Fact]
    public void closed_sets_accept_only_their_wire_names()
    {
        s_values.FromConvex(new ConvexString("in-person"), typeof(Venue), ".v").ShouldBe(Venue.InPerson);
        Should.Throw<ArgumentShapeException>(() => s_values.FromConvex(new ConvexString("InPerson"), typeof(Venue), ".v"))
            .Problem.ShouldContain("\"in-person\", \"virtual\"");
    }

    [Fact]
    public void unknown_and_missing_fields_are_refused()
    {
        Should.Throw<ArgumentShapeException>(() => s_values.FromConvex(ConvexObject.Of(("lat", 1.0)), typeof(Point), ""))
            .Path.ShouldBe(".lng");
        Should.Throw<ArgumentShapeException>(() => s_values.FromConvex(ConvexObject.Of(("lat", 1.0), ("lng", 2.0), ("alt", 3.0)), typeof(Point), ""))
            .Path.ShouldBe(".alt");
    }

    [Fact]
    public void a_malformed_id_is_a_content_error()
    {
        Should.Throw<ArgumentContentException>(() => s_values.FromConvex(new ConvexString("not-a-guid"), typeof(Guid), ".userId"))
            .Fields.Single().Key.ShouldBe("userId");
    }

    [Fact]
    public void values_without_a_convex_form_are_refused_not_recursed_into()
    {
        Should.Throw<NotSupportedException>(() => s_values.ToConvex(new { at = DateTime.UtcNow }));
        var cycle = new List<object>();
        cycle.Add(cycle);
        Should.Throw<NotSupportedException>(() => s_values.ToConvex(cycle));
    }

    [Fact]
    public void null_is_refused_for_a_field_that_is_not_nullable()
    {
        Should.Throw<ArgumentShapeException>(() => s_values.FromConvex(ConvexObject.Of(("name", ConvexValue.Null)), typeof(Update), ""))
            .Path.ShouldBe(".name");
    }

    [Theory]
    [InlineData(typeof(DateTime))]
    [InlineData(typeof(object))]
    [InlineData(typeof(ulong))]
    public void unsupported_argument_types_are_found_at_start_up(Type type)
    {
        Should.Throw<NotSupportedException>(() => s_values.CheckReadable(type));
    }
}
