namespace Poktapok.App.Schema.Enums;

/// <summary>The state of an activity submission; stored and sent by its wire names.</summary>
public enum SubmissionStatus
{
    Pending,
    UnderReview,
    Approved,
    Rejected,
    RevisionRequested,
    Distributed,
}
