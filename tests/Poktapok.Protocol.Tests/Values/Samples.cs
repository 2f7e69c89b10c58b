using Poktapok.Protocol.Values;

namespace Poktapok.Protocol.Tests.Values;

/// <summary>
/// Named values for table tests: InlineData cannot hold a ConvexValue, and a name keeps each row readable in the
/// test report.
/// </summary>
internal static class Samples
{
    private static readonly Dictionary<string, ConvexValue> s_values = new()
    {
        ["null"] = ConvexValue.Null,
        ["true"] = true,
        ["false"] = false,
        ["float 0"] = 0.0,
        ["float 1.5"] = 1.5,
        ["float 3"] = 3.0,
        ["float -2.25"] = -2.25,
        ["float 0.1"] = 0.1,
        ["float 1e300"] = 1e300,
        ["float max"] = double.MaxValue,
        ["float epsilon"] = double.Epsilon,
        ["float -0"] = -0.0,
        ["NaN"] = double.NaN,
        ["Infinity"] = double.PositiveInfinity,
        ["-Infinity"] = double.NegativeInfinity,
        ["int64 0"] = 0L,
        ["int64 5"] = 5L,
        ["int64 -1"] = -1L,
        ["int64 33"] = 33L,
        ["int64 max"] = long.MaxValue,
        ["int64 min"] = long.MinValue,
        ["string"] = "héllo \"quoted\"\n",
        ["empty string"] = "",
        ["bytes"] = new byte[] { 0, 1, 2, 0xfb, 0xff },
        ["empty bytes"] = Array.Empty<byte>(),
        ["array"] = new ConvexArray([1.5, "a", ConvexValue.Null, new ConvexArray([true])]),
        ["empty array"] = ConvexArray.Empty,
        ["object"] = ConvexObject.Of(("name", "Ada"), ("born", 1815), ("id", 5L)),
        ["empty object"] = ConvexObject.Empty,
        ["object with an empty key"] = ConvexObject.Of(("", 1)),
        ["nested"] = ConvexObject.Of(
            ("a", new ConvexArray([ConvexObject.Of(("b", new byte[] { 1 })), ConvexArray.Empty])),
            ("c", ConvexObject.Of(("d", ConvexValue.Null), ("e", double.NaN)))),
    };

    public static ConvexValue Get(string name) => s_values[name];

    public static TheoryData<string> Names => [.. s_values.Keys];
}
