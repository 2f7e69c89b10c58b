using Poktapok.App.Schema.Enums;

namespace Poktapok.App.Data;

/// <summary>How an activity is tied to programs (the legacy <c>activity_relationships_view</c>, LEGACY.md §1.4).</summary>
public enum RelationshipType
{
    /// <summary>Linked to a program directly and to a session.</summary>
    Both,

    /// <summary>Linked to a program directly only.</summary>
    Program,

    /// <summary>Linked to a session that belongs to a program.</summary>
    SessionTransitive,

    /// <summary>Linked to a standalone session.</summary>
    Session,

    /// <summary>Linked to nothing.</summary>
    Standalone,
}

/// <summary>One row of <see cref="ActivityRelationships.Query"/>.</summary>
public sealed record ActivityRelationship(
    Guid ActivityId,
    string ActivityTitle,
    ActivityType ActivityType,
    Difficulty Difficulty,
    decimal RewardPulpaAmount,
    ActivityStatus Status,
    Guid? DirectProgramId,
    string? DirectProgramName,
    bool? IsProgramRequired,
    int? ProgramOrderIndex,
    Guid? SessionId,
    string? SessionTitle,
    DateTimeOffset? SessionDate,
    int? SessionOrderIndex,
    Guid? TransitiveProgramId,
    string? TransitiveProgramName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public Guid? EffectiveProgramId => DirectProgramId ?? TransitiveProgramId;

    public string? EffectiveProgramName => DirectProgramName ?? TransitiveProgramName;

    public RelationshipType RelationshipType =>
        DirectProgramId is not null && SessionId is not null ? RelationshipType.Both
        : DirectProgramId is not null ? RelationshipType.Program
        : TransitiveProgramId is not null ? RelationshipType.SessionTransitive
        : SessionId is not null ? RelationshipType.Session
        : RelationshipType.Standalone;
}

/// <summary>
/// The legacy view as a query: one row per (activity × program link × session link) of the activities that
/// are not deleted, with left joins, so an activity linked to two programs and three sessions gives six rows.
/// </summary>
public static class ActivityRelationships
{
    public static IQueryable<ActivityRelationship> Query(AppDb db) =>
        from a in db.Activities
        from pa in db.ProgramActivities.Where(pa => pa.ActivityId == a.Id).DefaultIfEmpty()
        from p1 in db.Programs.Where(p => p.Id == pa!.ProgramId).DefaultIfEmpty()
        from sa in db.SessionActivities.Where(sa => sa.ActivityId == a.Id).DefaultIfEmpty()
        from s in db.Sessions.Where(s => s.Id == sa!.SessionId).DefaultIfEmpty()
        from p2 in db.Programs.Where(p => p.Id == s!.ProgramId).DefaultIfEmpty()
        select new ActivityRelationship(
            a.Id, a.Title, a.ActivityType, a.Difficulty, a.RewardPulpaAmount, a.Status,
            (Guid?)pa!.ProgramId, p1!.Name, (bool?)pa.IsRequired, pa.OrderIndex,
            (Guid?)sa!.SessionId, s!.Title, (DateTimeOffset?)s.SessionDate, sa.OrderIndex,
            s.ProgramId, p2!.Name,
            a.CreatedAt, a.UpdatedAt);
}
