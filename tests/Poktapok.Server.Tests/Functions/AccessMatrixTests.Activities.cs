using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

// The activities, submissions and PULPA rows (FUNCTIONS.md §3.5–3.7, §5). Functions that record their admin in a
// non-null column (activities:create, pulpa:recordDistribution) refuse the operator, who has no users row.
public sealed partial class AccessMatrixTests
{
    // Columns:                 Anonymous, NoRow,    Incomplete, Pending,   Active, Suspended, Banned, Moderator, Admin, Closed, Operator
    private static readonly string[] s_memberMutation = [Unauth, NoAccount, NotActive, NotActive, Ok, Suspended, Banned, Ok, Ok, Closed, Unauth];
    private static readonly string[] s_signedInAdminMutation =
        [Unauth, NoAccount, NotActive, NotActive, AdmRequired, Suspended, Banned, AdmRequired, Ok, Closed, AdmRequired];

    // The main part's rows are not used here: static initialisers of different parts run in no defined order.
    private static readonly string[] s_adminOnlyQuery = [Unauth, NoAccount, NotActive, NotActive, AdmRequired, NotActive, Banned, AdmRequired, Ok, Closed, Ok];
    private static readonly string[] s_adminOnlyMutation = [Unauth, NoAccount, NotActive, NotActive, AdmRequired, Suspended, Banned, AdmRequired, Ok, Closed, Ok];

    private static readonly object s_page = new { paginationOpts = new { numItems = 5, cursor = (string?)null } };

    private static readonly MatrixRows s_activitiesRows = new()
    {
        ["activities:list"] = (_ => Task.FromResult(s_page), Public),
        ["activities:get"] = (async t => new { activityId = (await t.SaveMatrixActivity()).Id }, Public),
        ["activities:adminList"] = (_ => Task.FromResult(s_page), s_adminOnlyQuery),
        ["activities:adminStats"] = (_ => Task.FromResult<object>(new { }), s_adminOnlyQuery),
        ["activities:create"] = (_ => Task.FromResult<object>(new
            {
                title = "Write a thread",
                description = "Share what you learned this week.",
                activityType = "x_post",
                difficulty = "beginner",
                rewardPulpaAmount = "10",
                evidenceRequirements = new { urlRequired = false, screenshotRequired = false, textRequired = false },
            }),
            s_signedInAdminMutation),
        ["activities:update"] = (async t => new { activityId = (await t.SaveMatrixActivity()).Id, title = "Renamed activity" }, s_adminOnlyMutation),
        ["activities:remove"] = (async t => new { activityId = (await t.SaveMatrixActivity()).Id }, s_adminOnlyMutation),
        ["activities:closeExpired"] = (_ => Task.FromResult<object>(new { }), Internal),

        // A fresh open activity per cell, so that no caller meets a limit.
        ["submissions:submit"] = (async t => new { activityId = (await t.SaveMatrixActivity()).Id, submissionText = "Done it." }, s_memberMutation),
        ["submissions:listMine"] = (_ => Task.FromResult(s_page), SignedInQuery),
        // Someone else's submission: only admins and the operator see it.
        ["submissions:get"] = (async t => new { submissionId = (await t.SaveMatrixSubmission()).Id },
            [Unauth, NoAccount, NotFound, NotFound, NotFound, NotFound, Banned, NotFound, Ok, Closed, Ok]),
        ["submissions:adminList"] = (_ => Task.FromResult(s_page), s_adminOnlyQuery),
        ["submissions:adminStats"] = (_ => Task.FromResult<object>(new { }), s_adminOnlyQuery),
        ["submissions:approve"] = (async t => new { submissionId = (await t.SaveMatrixSubmission()).Id }, s_adminOnlyMutation),
        ["submissions:reject"] = (async t => new { submissionId = (await t.SaveMatrixSubmission()).Id, reviewNotes = "Not enough evidence." },
            s_adminOnlyMutation),
        ["submissions:requestRevision"] = (async t => new { submissionId = (await t.SaveMatrixSubmission()).Id, reviewNotes = "Add a link please." },
            s_adminOnlyMutation),

        ["pulpa:myEarnings"] = (_ => Task.FromResult<object>(new { }), SignedInQuery),
        ["pulpa:listDistributions"] = (_ => Task.FromResult(s_page), s_adminOnlyQuery),
        ["pulpa:recordDistribution"] = (async t => new
            {
                submissionId = (await t.SaveMatrixSubmission(SubmissionStatus.Approved)).Id,
                distributionMethod = "manual",
                recipientWallet = Rows.Wallet,
            },
            s_signedInAdminMutation),
        ["pulpa:updateDistribution"] = (async t => new { distributionId = (await t.SaveMatrixDistribution()).Id, status = "processing" },
            s_adminOnlyMutation),
        ["pulpa:recomputeProfileTotals"] = (_ => Task.FromResult<object>(new { }), Internal),
    };

    private async Task<Activity> SaveMatrixActivity()
    {
        var activity = Rows.MinimalActivity((await SaveUser(role: UserRole.Admin)).Id);
        activity.Status = ActivityStatus.Active;
        return await Save(activity);
    }

    private async Task<ActivitySubmission> SaveMatrixSubmission(SubmissionStatus status = SubmissionStatus.Pending)
    {
        var activity = await SaveMatrixActivity();
        var submission = Rows.MinimalSubmission(activity.Id, (await SaveUser()).Id);
        submission.Status = status;
        submission.RewardPulpaAmount = activity.RewardPulpaAmount;
        submission.SubmissionText = "Done it.";
        return await Save(submission);
    }

    private async Task<PulpaDistribution> SaveMatrixDistribution()
    {
        var submission = await SaveMatrixSubmission(SubmissionStatus.Approved);
        return await Save(new PulpaDistribution
        {
            SubmissionId = submission.Id,
            UserId = submission.UserId,
            ActivityId = submission.ActivityId,
            PulpaAmount = 10m,
            RecipientWallet = Rows.Wallet,
            DistributionMethod = DistributionMethod.Manual,
            DistributedByUserId = (await SaveUser(role: UserRole.Admin)).Id,
        });
    }
}
