using System.Text.Json;
using System.Text.Json.Nodes;

namespace Poktapok.Protocol.Tests.Sync;

/// <summary>
/// The frames captured between the official client and the mock server, kept in the repository under
/// <c>testdata/captures/*.jsonl</c> and copied beside the test binaries.
/// </summary>
internal static class Captures
{
    /// <summary>Stands in for the frames when the folder is missing, so the theory fails instead of having no data.</summary>
    public const string MissingFolder = "(captures folder missing)";

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "testdata", "captures");

    /// <summary>Fails the calling test with a clear message when the captures are not where they should be.</summary>
    public static void RequireFolder()
    {
        if (!Directory.Exists(Folder))
            Assert.Fail($"The protocol captures are missing: expected *.jsonl files in {Folder}.");
    }

    public static TheoryData<string, int, string> ClientToServer() => Frames(dir => dir == "C->S");

    // "S->C (chunk)" lines are TransitionChunk frames (§3.7); they are server messages too.
    public static TheoryData<string, int, string> ServerToClient() => Frames(dir => dir.StartsWith("S->C", StringComparison.Ordinal));

    private static TheoryData<string, int, string> Frames(Func<string, bool> wanted)
    {
        var data = new TheoryData<string, int, string>();
        if (!Directory.Exists(Folder))
        {
            data.Add(MissingFolder, 0, "");
            return data;
        }

        foreach (var file in Directory.GetFiles(Folder, "*.jsonl").Order(StringComparer.Ordinal))
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (line.Length == 0)
                    continue;
                var node = JsonNode.Parse(line)!.AsObject();
                if (node["dir"] is JsonValue dir && dir.GetValueKind() == JsonValueKind.String && wanted(dir.GetValue<string>()))
                    data.Add(Path.GetFileName(file), lineNumber, node["msg"]!.ToJsonString());
            }
        }

        return data;
    }
}
