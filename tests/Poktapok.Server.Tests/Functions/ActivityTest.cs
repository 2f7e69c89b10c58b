using Microsoft.EntityFrameworkCore;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary>What the activities, submissions and PULPA tests share: activities, submissions and profiles as rows.</summary>
public abstract class ActivityTest : AccountTest
{
    protected static object Page(int numItems = 20, string? cursor = null) => new { numItems, cursor };

    /// <summary>Saves an <c>active</c> activity (created by a fresh admin unless <paramref name="creator"/> is given).</summary>
    protected async Task<Activity> SaveActivity(Action<Activity>? change = null, Guid? creator = null)
    {
        var activity = Rows.MinimalActivity(creator ?? (await SaveUser(role: UserRole.Admin)).Id);
        activity.Title = Rows.Unique("Activity ");
        activity.Status = ActivityStatus.Active;
        change?.Invoke(activity);
        return await Save(activity);
    }

    /// <summary>Saves a submission as a row (no counters move: use the functions for that).</summary>
    protected Task<ActivitySubmission> SaveSubmission(Guid activityId, Guid userId, SubmissionStatus status = SubmissionStatus.Pending,
        decimal reward = 10m, Action<ActivitySubmission>? change = null) =>
        Save(With(Rows.MinimalSubmission(activityId, userId), s =>
        {
            s.Status = status;
            s.RewardPulpaAmount = reward;
            s.SubmissionText = "Here is what I did.";
            change?.Invoke(s);
        }));

    protected async Task<Activity> ReloadActivity(Guid id)
    {
        await using var db = Database.Open();
        return await db.Activities.IgnoreQueryFilters().SingleAsync(a => a.Id == id);
    }

    protected async Task<ActivitySubmission> ReloadSubmission(Guid id)
    {
        await using var db = Database.Open();
        return await db.ActivitySubmissions.SingleAsync(s => s.Id == id);
    }

    protected async Task<Profile?> ProfileOf(Guid userId)
    {
        await using var db = Database.Open();
        return await db.Profiles.IgnoreQueryFilters().SingleOrDefaultAsync(p => p.UserId == userId);
    }

    /// <summary>Submits as <paramref name="member"/> with a text, through the function.</summary>
    protected static async Task<Guid> Submit(TestServer s, User member, Guid activityId) =>
        Guid.Parse(Str((await Call(s, As(member), "submissions:submit", new { activityId, submissionText = "Done it." })).Ok()!["_id"]));
}
