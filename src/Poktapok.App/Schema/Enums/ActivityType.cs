namespace Poktapok.App.Schema.Enums;

/// <summary>The kind of a PULPA activity; stored and sent by its wire names.</summary>
public enum ActivityType
{
    GithubCommit,
    XPost,
    Photo,
    Video,
    BlogPost,
    WorkshopCompletion,
    BuildInPublic,
    CodeReview,
    Custom,
}
