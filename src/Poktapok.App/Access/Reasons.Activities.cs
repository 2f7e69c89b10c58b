namespace Poktapok.App.Access;

// The reasons of the activities, submissions and PULPA modules (FUNCTIONS.md §3.5–3.7).
public static partial class Reasons
{
    /// <summary>A submission to an activity whose status is not <c>active</c> (<c>FAILED_PRECONDITION</c>).</summary>
    public const string ActivityNotActive = "ACTIVITY_NOT_ACTIVE";

    /// <summary>A submission before the activity's <c>startsAt</c> (<c>FAILED_PRECONDITION</c>).</summary>
    public const string ActivityNotStarted = "ACTIVITY_NOT_STARTED";

    /// <summary>A submission at or after the activity's <c>expiresAt</c> (<c>FAILED_PRECONDITION</c>).</summary>
    public const string ActivityExpired = "ACTIVITY_EXPIRED";

    /// <summary>A submission beyond the activity's per-user limit (<c>CONFLICT</c>).</summary>
    public const string AlreadySubmitted = "ALREADY_SUBMITTED";

    /// <summary>The activity requires a submission URL and none was given (<c>INVALID_ARGUMENT</c>).</summary>
    public const string UrlRequired = "URL_REQUIRED";

    /// <summary>The activity requires a screenshot (an evidence file) and none was given (<c>INVALID_ARGUMENT</c>).</summary>
    public const string ScreenshotRequired = "SCREENSHOT_REQUIRED";

    /// <summary>The activity requires a text and none was given (<c>INVALID_ARGUMENT</c>).</summary>
    public const string TextRequired = "TEXT_REQUIRED";

    /// <summary>A submission already has a distribution that is not failed or cancelled (<c>CONFLICT</c>).</summary>
    public const string DistributionExists = "DISTRIBUTION_EXISTS";
}
