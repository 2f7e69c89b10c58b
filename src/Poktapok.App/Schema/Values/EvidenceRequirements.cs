using System.Text.Json.Serialization;

namespace Poktapok.App.Schema.Values;

/// <summary>
/// What a submission to an activity must include (<c>activities.evidence_requirements</c>). Stored with the
/// legacy snake_case keys so that imported rows and new rows look the same in the database.
/// </summary>
public sealed record EvidenceRequirements(
    [property: JsonPropertyName("url_required")] bool UrlRequired = false,
    [property: JsonPropertyName("screenshot_required")] bool ScreenshotRequired = false,
    [property: JsonPropertyName("text_required")] bool TextRequired = false)
{
    public static EvidenceRequirements None { get; } = new();
}
