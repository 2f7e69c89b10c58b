using System.Globalization;

namespace Poktapok.App.Schema;

/// <summary>
/// Promotion eligibility (LEGACY.md §4.1): at least <see cref="AttendanceRequired"/> sessions attended
/// (<c>present</c>), <see cref="SubmissionRequired"/> approved submissions and a quality score (mean review score,
/// 0..100) of <see cref="QualityRequired"/>. The counts are scoped to the enrollment's program by the caller
/// (fix A7); the reasons keep the legacy texts, and the result is always an object (fix C4).
/// </summary>
public static class PromotionEligibilityRule
{
    public const int AttendanceRequired = 5;
    public const int SubmissionRequired = 3;
    public const double QualityRequired = 70;

    /// <summary>The verdict and the legacy reason texts for what is missing.</summary>
    public static (bool IsEligible, List<string> Reasons) Evaluate(int attendanceCount, int submissionCount, double qualityScore)
    {
        var reasons = new List<string>();
        if (attendanceCount < AttendanceRequired)
        {
            reasons.Add($"Need {AttendanceRequired - attendanceCount} more attended sessions");
        }

        if (submissionCount < SubmissionRequired)
        {
            reasons.Add($"Need {SubmissionRequired - submissionCount} more approved submissions");
        }

        if (qualityScore < QualityRequired)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"Quality score {qualityScore:0.0}% is below {QualityRequired}%"));
        }

        return (reasons.Count == 0, reasons);
    }
}
