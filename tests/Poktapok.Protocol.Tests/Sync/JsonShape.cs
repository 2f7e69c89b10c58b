using System.Text.Json.Nodes;

namespace Poktapok.Protocol.Tests.Sync;

/// <summary>
/// Compares two messages as parsed JSON, ignoring property order. A null-valued field counts as missing only where
/// PROTOCOL.md says the two mean the same: optional client fields (§2 "accept missing, null and present") and the
/// Transition's <c>clientClockSkew</c>/<c>serverTs</c> (§2.2 "optional … number|null"). Anywhere else, such as
/// <c>errorData</c> (P9) or values inside args, null and missing stay different.
/// </summary>
internal static class JsonShape
{
    private static readonly HashSet<string> s_clientOptional =
        ["lastCloseReason", "maxObservedTimestamp", "clientTs", "journal", "componentPath", "value", "impersonating"];

    private static readonly HashSet<string> s_serverOptional = ["clientClockSkew", "serverTs"];

    public static void ShouldEqualClientMessage(string actual, string expected, string where) =>
        Compare(actual, expected, where, s_clientOptional, modificationsToo: true);

    public static void ShouldEqualServerMessage(string actual, string expected, string where) =>
        Compare(actual, expected, where, s_serverOptional, modificationsToo: false);

    private static void Compare(string actual, string expected, string where, HashSet<string> optional, bool modificationsToo)
    {
        var left = Normalize(JsonNode.Parse(actual)!, optional, modificationsToo);
        var right = Normalize(JsonNode.Parse(expected)!, optional, modificationsToo);
        JsonNode.DeepEquals(left, right).ShouldBeTrue($"{where} re-serialized:\n{actual}\noriginal:\n{expected}");
    }

    /// <summary>Drops null optional fields from the message object and, for client messages, from its modifications.</summary>
    private static JsonNode Normalize(JsonNode message, HashSet<string> optional, bool modificationsToo)
    {
        var root = message.AsObject();
        DropNulls(root, optional);
        if (modificationsToo && root["modifications"] is JsonArray modifications)
        {
            foreach (var modification in modifications)
                DropNulls(modification!.AsObject(), optional);
        }

        return root;
    }

    private static void DropNulls(JsonObject node, HashSet<string> optional)
    {
        foreach (var name in node.Where(p => p.Value is null && optional.Contains(p.Key)).Select(p => p.Key).ToList())
            node.Remove(name);
    }
}
