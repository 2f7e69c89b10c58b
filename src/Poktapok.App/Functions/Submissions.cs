using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;
using Poktapok.Engine.Functions;
using static Poktapok.App.Functions.Users;

namespace Poktapok.App.Functions;

/// <summary>
/// Submissions to PULPA activities (FUNCTIONS.md §3.6): members submit evidence, read their own submissions, and
/// admins review them. Every move of a submission goes through <see cref="SubmissionLifecycle"/>, and the counters
/// it moves (the activity's <c>currentSubmissionsCount</c>, the user's <c>profiles.totalPulpaEarned</c> and
/// <c>activitiesCompleted</c>) change in the same transaction as the submission (C13, C15). Nobody reviews their own
/// submission, and the submitter is always the caller (no user id is taken from the arguments, S16).
/// The reviewing mutations are in <c>Submissions.Review.cs</c>.
/// </summary>
public static partial class Submissions
{
    /// <summary>At most this many evidence files per submission.</summary>
    public const int MaxEvidenceFiles = 3;

    private const string ScoreKey = "score";

    // ---------------------------------------------------------------- argument and result types

    /// <summary>
    /// One evidence file of <see cref="SubmitArgs"/>: either a URL or an uploaded file (<c>storageId</c>, from
    /// <c>files:generateUploadUrl</c>; attached to the submission, its size and type taken from the upload), with a
    /// name (≤ 255), size in bytes (&gt; 0) and MIME type (≤ 100).
    /// </summary>
    public sealed record EvidenceFileArgs(string Filename, int Size, string Type, string? Url = null, Guid? StorageId = null);

    /// <summary>The arguments of <see cref="Submit"/>: at least one of URL, text and evidence files.</summary>
    public sealed record SubmitArgs(Guid ActivityId, string? SubmissionUrl = null, string? SubmissionText = null,
        List<EvidenceFileArgs>? EvidenceFiles = null);

    /// <summary>The result of <see cref="Submit"/>.</summary>
    public sealed record SubmitResult([IdOf("activity_submissions")] Guid _id, Guid ActivityId, SubmissionStatus Status, DateTimeOffset SubmittedAt);

    /// <summary>The orders of <see cref="AdminList"/>.</summary>
    public enum AdminSort
    {
        /// <summary>Newest first (the default).</summary>
        SubmittedAtDesc,

        /// <summary>Oldest first: the review queue.</summary>
        SubmittedAtAsc,

        /// <summary>Largest reward first (a submission without one counts as 0).</summary>
        RewardAmountDesc,
    }

    /// <summary>The arguments of <see cref="ListMine"/>.</summary>
    public sealed record ListMineArgs(PaginationOptions PaginationOpts, SubmissionStatus? Status = null);

    /// <summary>The arguments of <see cref="AdminList"/>.</summary>
    public sealed record AdminListArgs(
        PaginationOptions PaginationOpts,
        SubmissionStatus? Status = null,
        Guid? ActivityId = null,
        Guid? UserId = null,
        AdminSort Sort = AdminSort.SubmittedAtDesc);

    /// <summary>What a submission view says of its activity.</summary>
    public sealed record ActivitySummary([IdOf("activities")] Guid _id, string Title, ActivityType ActivityType, decimal RewardPulpaAmount)
    {
        internal static ActivitySummary Of(Activity activity) =>
            new(activity.Id, activity.Title, activity.ActivityType, activity.RewardPulpaAmount);
    }

    /// <summary>An evidence file as functions return it (sizes are numbers).</summary>
    public sealed record EvidenceFileView(string? Url, string? Filename, int? Size, string? Type)
    {
        internal static EvidenceFileView Of(EvidenceFile file) =>
            new(file.Url, file.Filename, file.Size is { } size ? (int)Math.Min(size, int.MaxValue) : null, file.Type);
    }

    /// <summary>
    /// A submission document and its activity (<c>Submission &amp; {activity}</c>). <c>metadata</c> (request data,
    /// the review score) is present for admins only.
    /// </summary>
    public sealed record SubmissionView(
        [IdOf("activity_submissions")] Guid _id,
        DateTimeOffset _creationTime,
        Guid ActivityId,
        Guid UserId,
        string? SubmissionUrl,
        List<EvidenceFileView> EvidenceFiles,
        string? SubmissionText,
        SubmissionStatus Status,
        Guid? ReviewedByUserId,
        string? ReviewNotes,
        DateTimeOffset? ReviewedAt,
        decimal? RewardPulpaAmount,
        DateTimeOffset SubmittedAt,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        Optional<JsonObject> Metadata,
        ActivitySummary Activity)
    {
        internal static SubmissionView Of(ActivitySubmission s, ActivitySummary activity, bool forAdmin) =>
            new(s.Id, s.CreatedAt, s.ActivityId, s.UserId, s.SubmissionUrl, [.. s.EvidenceFiles.Select(EvidenceFileView.Of)],
                s.SubmissionText, s.Status, s.ReviewedByUserId, s.ReviewNotes, s.ReviewedAt, s.RewardPulpaAmount, s.SubmittedAt, s.CreatedAt,
                s.UpdatedAt, forAdmin ? new Optional<JsonObject>(s.Metadata) : default, activity);
    }

    /// <summary>The submitter as the admin queue shows them: <c>UserCard &amp; {email, appWallet}</c>.</summary>
    public sealed record Submitter([IdOf("users")] Guid _id, string? Username, string? DisplayName, string? AvatarUrl, string? Email, string? AppWallet);

    /// <summary>One row of <see cref="AdminList"/>.</summary>
    public sealed record QueueEntry(SubmissionView Submission, ActivitySummary Activity, Submitter User);

    /// <summary>The result of <see cref="AdminStats"/>; <c>approvedToday</c> counts reviews since 00:00 UTC.</summary>
    public sealed record SubmissionStats(int Pending, int UnderReview, int RevisionRequested, int ApprovedToday);

    // ---------------------------------------------------------------- submit

    /// <summary>
    /// Submits evidence for an activity (member) as the caller; returns <c>{_id, activityId, status: "pending",
    /// submittedAt}</c>. Content rules first (<c>INVALID_ARGUMENT</c>: a URL that is not absolute http(s) ≤ 500, a
    /// text over 1000, more than 3 files or a bad file, none of the three given), then in one transaction, in this
    /// order: <c>NOT_FOUND</c> (no activity, or deleted) → <c>FAILED_PRECONDITION ACTIVITY_NOT_ACTIVE</c> →
    /// <c>ACTIVITY_NOT_STARTED</c> → <c>ACTIVITY_EXPIRED</c> → <c>CONFLICT ALREADY_SUBMITTED</c> (the caller's live
    /// submissions reach <c>maxSubmissionsPerUser</c>) → <c>FAILED_PRECONDITION SLOTS_FULL</c> (live submissions
    /// reach <c>totalAvailableSlots</c>) → <c>INVALID_ARGUMENT URL_REQUIRED | SCREENSHOT_REQUIRED | TEXT_REQUIRED</c>.
    /// Stores the activity's reward as the submission's, the files as a JSON array, and adds the slot to the
    /// activity's <c>currentSubmissionsCount</c> in the same transaction, so concurrent submitters never overbook.
    /// </summary>
    [Mutation]
    public static async Task<SubmitResult> Submit(MutationContext ctx, SubmitArgs args)
    {
        var me = await Require.MemberAsync(ctx);
        var errors = new FieldErrors();
        var url = CheckUrl(errors, "submissionUrl", args.SubmissionUrl);
        var text = errors.OptionalText("submissionText", args.SubmissionText, 1000);
        var files = CheckFiles(errors, args.EvidenceFiles ?? []);
        if (url is null && text is null && files.Count == 0)
        {
            const string problem = "give at least one of submissionUrl, submissionText and evidenceFiles";
            errors.Add("submissionUrl", problem);
            errors.Add("submissionText", problem);
            errors.Add("evidenceFiles", problem);
        }

        errors.ThrowIfAny();

        var activity = await ctx.Db.Activities.SingleOrDefaultAsync(a => a.Id == args.ActivityId) ?? throw Activities.ActivityNotFound();
        var live = SubmissionLifecycle.LiveStatuses;
        var liveOfActivity = await ctx.Db.ActivitySubmissions.Where(s => s.ActivityId == activity.Id && live.Contains(s.Status))
            .GroupBy(s => s.UserId == me.Id).Select(g => new { Mine = g.Key, Count = g.Count() }).ToListAsync();
        var liveOfUser = liveOfActivity.Where(c => c.Mine).Sum(c => c.Count);
        var now = Instant(ctx.Now);
        ThrowIfRefused(SubmitRule.Check(activity, now, liveOfUser, liveOfActivity.Sum(c => c.Count)), activity, liveOfUser);
        ThrowIfMissing(SubmitRule.Evidence(activity.EvidenceRequirements, url, files.Count, text));

        var submissionId = Guid.CreateVersion7();
        await AttachEvidenceAsync(ctx, args.EvidenceFiles ?? [], files, submissionId);
        var submission = new ActivitySubmission
        {
            Id = submissionId,
            ActivityId = activity.Id,
            UserId = me.Id,
            SubmissionUrl = url,
            SubmissionText = text,
            EvidenceFiles = files,
            Status = SubmissionStatus.Pending,
            RewardPulpaAmount = activity.RewardPulpaAmount,
            SubmittedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
            // Request data ({ipAddress, userAgent}, C6) is not known to functions yet: the runtime does not pass it.
            Metadata = [],
        };
        ctx.Db.ActivitySubmissions.Add(submission);
        var changes = SubmissionLifecycle.Effects(null, submission.Status, null, submission.RewardPulpaAmount, otherEarnedForActivity: false);
        activity.CurrentSubmissionsCount += changes.Slots;
        return new SubmitResult(submission.Id, activity.Id, submission.Status, submission.SubmittedAt);
    }

    // ---------------------------------------------------------------- queries

    /// <summary>
    /// The caller's own submissions, a page at a time (signedIn; suspended accounts too: it is their own data),
    /// newest first, optionally of one status, each with its activity (deleted activities included: it is history).
    /// </summary>
    [Query]
    public static async Task<PaginationResult<SubmissionView>> ListMine(QueryContext ctx, ListMineArgs args)
    {
        var me = await Require.SignedInAsync(ctx);
        var mine = ctx.Db.ActivitySubmissions.Where(s => s.UserId == me.Id);
        if (args.Status is { } status)
        {
            mine = mine.Where(s => s.Status == status);
        }

        var page = await mine.PaginateAsync(ctx, Activities.Capped(args.PaginationOpts), s => s.SubmittedAt, descending: true);
        var activities = await ActivitiesOfAsync(ctx, page.Page);
        return page.Map(s => SubmissionView.Of(s, activities[s.ActivityId], forAdmin: false));
    }

    /// <summary>
    /// One submission with its activity (signedIn): the caller's own, or any for an active admin or the operator
    /// (who also see <c>metadata</c>). <c>NOT_FOUND</c> for anyone else, as for a missing one.
    /// </summary>
    [Query]
    public static async Task<SubmissionView> Get(QueryContext ctx, Guid submissionId)
    {
        var admin = ctx.Caller is { IsAdmin: true, Identity: null };
        var me = admin ? null : await Require.SignedInAsync(ctx);
        admin = admin || me is { Role: UserRole.Admin, AccountStatus: AccountStatus.Active };
        var submission = await ctx.Db.ActivitySubmissions.SingleOrDefaultAsync(s => s.Id == submissionId);
        if (submission is null || !(admin || submission.UserId == me?.Id))
        {
            throw SubmissionNotFound();
        }

        var activities = await ActivitiesOfAsync(ctx, [submission]);
        return SubmissionView.Of(submission, activities[submission.ActivityId], admin);
    }

    /// <summary>
    /// The review queue and every other submission, a page at a time (admin): by status, activity and user; newest
    /// first, oldest first (<c>submitted_at_asc</c>) or largest reward first. Each row has the activity and the
    /// submitter (card, email, app wallet). Pages hold at most 100 rows, whatever <c>numItems</c> asks.
    /// </summary>
    [Query]
    public static async Task<PaginationResult<QueueEntry>> AdminList(QueryContext ctx, AdminListArgs args)
    {
        await Require.AdminAsync(ctx);
        var submissions = ctx.Db.ActivitySubmissions.AsQueryable();
        if (args.Status is { } status)
        {
            submissions = submissions.Where(s => s.Status == status);
        }

        if (args.ActivityId is { } activityId)
        {
            submissions = submissions.Where(s => s.ActivityId == activityId);
        }

        if (args.UserId is { } userId)
        {
            submissions = submissions.Where(s => s.UserId == userId);
        }

        var options = Activities.Capped(args.PaginationOpts);
        var page = args.Sort switch
        {
            AdminSort.SubmittedAtAsc => await submissions.PaginateAsync(ctx, options, s => s.SubmittedAt),
            AdminSort.RewardAmountDesc => await submissions.PaginateAsync(ctx, options, s => s.RewardPulpaAmount ?? 0m, descending: true),
            _ => await submissions.PaginateAsync(ctx, options, s => s.SubmittedAt, descending: true),
        };

        var activities = await ActivitiesOfAsync(ctx, page.Page);
        var userIds = page.Page.Select(s => s.UserId).Distinct().ToList();
        var users = await ctx.Db.Users.IgnoreQueryFilters().Where(u => userIds.Contains(u.Id))
            .Select(u => new Submitter(u.Id, u.Username, u.DisplayName, u.AvatarUrl, u.Email, u.AppWallet))
            .ToDictionaryAsync(u => u._id);
        return page.Map(s =>
        {
            var activity = activities[s.ActivityId];
            return new QueueEntry(SubmissionView.Of(s, activity, forAdmin: true), activity, users[s.UserId]);
        });
    }

    /// <summary>
    /// The queue's numbers (admin): submissions <c>pending</c>, <c>under_review</c> and <c>revision_requested</c>, and
    /// those approved (distributed ones included) with a review time since 00:00 UTC of the query's day.
    /// </summary>
    [Query]
    public static async Task<SubmissionStats> AdminStats(QueryContext ctx)
    {
        await Require.AdminAsync(ctx);
        var counted = new[] { SubmissionStatus.Pending, SubmissionStatus.UnderReview, SubmissionStatus.RevisionRequested };
        var counts = await ctx.Db.ActivitySubmissions.Where(s => counted.Contains(s.Status))
            .GroupBy(s => s.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync();
        var midnight = new DateTimeOffset(ctx.Now.UtcDateTime.Date, TimeSpan.Zero);
        var earned = SubmissionLifecycle.EarnedStatuses;
        var approvedToday = await ctx.Db.ActivitySubmissions.CountAsync(s => earned.Contains(s.Status) && s.ReviewedAt >= midnight);
        int Count(SubmissionStatus status) => counts.Where(c => c.Status == status).Sum(c => c.Count);
        return new SubmissionStats(Count(SubmissionStatus.Pending), Count(SubmissionStatus.UnderReview),
            Count(SubmissionStatus.RevisionRequested), approvedToday);
    }

    // ---------------------------------------------------------------- helpers

    internal static ConvexError SubmissionNotFound() => AppErrors.NotFound("No such submission.");

    // The activities of a page of submissions, deleted ones included, in one statement.
    private static async Task<Dictionary<Guid, ActivitySummary>> ActivitiesOfAsync(QueryContext ctx, IReadOnlyCollection<ActivitySubmission> submissions)
    {
        var ids = submissions.Select(s => s.ActivityId).Distinct().ToList();
        return ids.Count == 0
            ? []
            : await ctx.Db.Activities.IgnoreQueryFilters().Where(a => ids.Contains(a.Id))
                .Select(a => new ActivitySummary(a.Id, a.Title, a.ActivityType, a.RewardPulpaAmount))
                .ToDictionaryAsync(a => a._id);
    }

    private static void ThrowIfRefused(SubmitRule.Refusal refusal, Activity activity, int liveOfUser)
    {
        switch (refusal)
        {
            case SubmitRule.Refusal.NotActive:
                throw AppErrors.FailedPrecondition(Reasons.ActivityNotActive, "This activity is not open for submissions.",
                    new { status = activity.Status });
            case SubmitRule.Refusal.NotStarted:
                throw AppErrors.FailedPrecondition(Reasons.ActivityNotStarted, "This activity has not started yet.",
                    new { startsAt = activity.StartsAt });
            case SubmitRule.Refusal.Expired:
                throw AppErrors.FailedPrecondition(Reasons.ActivityExpired, "This activity has expired.", new { expiresAt = activity.ExpiresAt });
            case SubmitRule.Refusal.LimitReached:
                throw AppErrors.Conflict(Reasons.AlreadySubmitted, "You have submitted to this activity as often as it allows.",
                    new { limit = activity.MaxSubmissionsPerUser, current = liveOfUser });
            case SubmitRule.Refusal.SlotsFull:
                throw AppErrors.FailedPrecondition(Reasons.SlotsFull, "This activity has no free slots.",
                    new { totalAvailableSlots = activity.TotalAvailableSlots });
        }
    }

    private static void ThrowIfMissing(SubmitRule.MissingEvidence missing)
    {
        var (reason, field, message) = missing switch
        {
            SubmitRule.MissingEvidence.Url => (Reasons.UrlRequired, "submissionUrl", "This activity requires a submission URL."),
            SubmitRule.MissingEvidence.Screenshot => (Reasons.ScreenshotRequired, "evidenceFiles", "This activity requires a screenshot."),
            SubmitRule.MissingEvidence.Text => (Reasons.TextRequired, "submissionText", "This activity requires a text."),
            _ => (null, null, null),
        };
        if (reason is not null)
        {
            throw AppErrors.Error(AppErrorCodes.InvalidArgument, message!, reason,
                new { fields = new Dictionary<string, string> { [field!] = "is required by this activity" } });
        }
    }

    private static string? CheckUrl(FieldErrors errors, string field, string? value)
    {
        var url = FieldErrors.Clean(value);
        if (url is not null && !IsHttpUrl(url))
        {
            errors.Add(field, "must be an absolute http(s) URL of at most 500 characters");
        }

        return url;
    }

    private static bool IsHttpUrl(string url) =>
        url.Length <= 500
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Host.Length > 0;

    // Uploaded evidence (a storageId) is attached to the submission under the file rules of Files (INVALID_FILE);
    // the stored URL, size and sniffed type replace what the client said.
    private static async Task AttachEvidenceAsync(MutationContext ctx, List<EvidenceFileArgs> given, List<EvidenceFile> files, Guid submissionId)
    {
        for (var i = 0; i < given.Count; i++)
        {
            if (given[i].StorageId is not { } storageId)
            {
                continue;
            }

            var url = await Files.AttachAsync(ctx, storageId, FileUse.SubmissionEvidence, submissionId, $"evidenceFiles[{i}].storageId");
            var stored = (await ctx.Storage.GetAsync(storageId))!;
            files[i] = files[i] with { Url = url, Size = stored.Size, Type = stored.ContentType, StorageId = storageId.ToString() };
        }
    }

    private static List<EvidenceFile> CheckFiles(FieldErrors errors, List<EvidenceFileArgs> files)
    {
        if (files.Count > MaxEvidenceFiles)
        {
            errors.Add("evidenceFiles", $"must have at most {MaxEvidenceFiles} files");
        }

        var cleaned = new List<EvidenceFile>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var url = CheckUrl(errors, $"evidenceFiles[{i}].url", file.Url);
            if ((url is null) == (file.StorageId is null))
            {
                errors.Add($"evidenceFiles[{i}].url", "give either a url or a storageId");
            }

            var name = file.Filename.Trim();
            if (name.Length is 0 or > 255)
            {
                errors.Add($"evidenceFiles[{i}].filename", "must be 1 to 255 characters");
            }

            if (file.Size < 1)
            {
                errors.Add($"evidenceFiles[{i}].size", "must be greater than 0");
            }

            var type = file.Type.Trim();
            if (type.Length is 0 or > 100)
            {
                errors.Add($"evidenceFiles[{i}].type", "must be 1 to 100 characters");
            }

            cleaned.Add(new EvidenceFile(url ?? "", name, file.Size, type));
        }

        return cleaned;
    }

    // Notes of a rejection or revision request: required, 10..1000 characters.
    private static string RequiredNotes(FieldErrors errors, string value)
    {
        var notes = value.Trim();
        if (notes.Length is < 10 or > 1000)
        {
            errors.Add("reviewNotes", "must be 10 to 1000 characters");
        }

        return notes;
    }

    private static int? CheckScore(FieldErrors errors, int? score)
    {
        if (score is < 0 or > 100)
        {
            errors.Add("score", "must be 0 to 100");
        }

        return score;
    }
}
