using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Membership;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using static Poktapok.App.Functions.Users;

namespace Poktapok.App.Functions;

/// <summary>
/// Applications to join the club (FUNCTIONS.md §3.8): an <c>incomplete</c> account applies once
/// (<see cref="Submit"/>, the onboarding flow of <see cref="Onboarding"/>), sees its application
/// (<see cref="Mine"/>), and admins list, count, read and review them (<see cref="Review"/>, whose effects are
/// <see cref="ApplicationReview"/>, shared with <c>admin:approveUser</c>/<c>admin:rejectUser</c>).
/// </summary>
public static partial class Applications
{
    /// <summary>The largest page <see cref="AdminList"/> serves; a larger <c>numItems</c> is served as this many.</summary>
    public const int MaxPageSize = 100;

    /// <summary>How far back <see cref="AdminStats"/>' <c>recentCount</c> looks.</summary>
    public static readonly TimeSpan RecentWindow = TimeSpan.FromDays(7);

    // ---------------------------------------------------------------- argument and result types

    /// <summary>
    /// The arguments of <see cref="Submit"/>. The social links go to the profile (absent: unchanged; null or
    /// <c>""</c>: cleared); GitHub and Twitter are also kept on the application.
    /// </summary>
    public sealed record SubmitArgs(
        string Goal,
        string MotivationText,
        Guid? ProgramId = null,
        Optional<string?> GithubUsername = default,
        Optional<string?> TwitterUsername = default,
        Optional<string?> TelegramUsername = default,
        Optional<string?> LinkedinUrl = default);

    /// <summary>The result of <see cref="Submit"/> and <see cref="Review"/>.</summary>
    public sealed record ApplicationResult(Application Application);

    /// <summary>A program named in an application: <c>{_id, name}</c>.</summary>
    public sealed record ProgramRef([IdOf("programs")] Guid _id, string Name);

    /// <summary>The result of <see cref="Mine"/>: <c>Application &amp; {program}</c>.</summary>
    public sealed record MyApplication(
        [IdOf("applications")] Guid _id,
        DateTimeOffset _creationTime,
        Guid UserId,
        string MotivationText,
        Guid? ProgramId,
        string? Goal,
        string? GithubUsername,
        string? TwitterUsername,
        ApplicationStatus Status,
        Guid? ReviewedByUserId,
        DateTimeOffset? ReviewedAt,
        string? ReviewNotes,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        JsonObject Metadata,
        ProgramRef? Program);

    /// <summary>The arguments of <see cref="AdminList"/>.</summary>
    public sealed record AdminListArgs(PaginationOptions PaginationOpts, ApplicationStatus? Status = null, Guid? ProgramId = null);

    /// <summary>The applicant in <see cref="AdminList"/>: <c>UserCard &amp; {email, accountStatus}</c>.</summary>
    public sealed record Applicant([IdOf("users")] Guid _id, string? Username, string? DisplayName, string? AvatarUrl, string? Email, AccountStatus AccountStatus);

    /// <summary>Where the applicant is, from the profile: <c>{_id, city, country}</c>.</summary>
    public sealed record ApplicantLocation([IdOf("profiles")] Guid _id, string? City, string? Country);

    /// <summary>One row of <see cref="AdminList"/>.</summary>
    public sealed record AdminListEntry(Application Application, Applicant? User, ApplicantLocation? Profile, ProgramRef? Program);

    /// <summary>Applications by status.</summary>
    public sealed record StatusCounts(int Pending, int Approved, int Rejected);

    /// <summary>The result of <see cref="AdminStats"/>.</summary>
    public sealed record AdminStatsResult(int Total, int RecentCount, StatusCounts ByStatus);

    /// <summary>The result of <see cref="AdminGet"/>.</summary>
    public sealed record AdminDetail(
        Application Application,
        UserAdmin User,
        Profile? Profile,
        TrainingProgram? Program,
        UserCard? Reviewer,
        UserCard? InvitedBy);

    /// <summary>A review decision. The three approvals are one (A2: legacy had no "guest" status).</summary>
    public enum Decision
    {
        /// <summary>Approve: the account becomes active.</summary>
        Approve,

        /// <summary>The legacy spelling of <see cref="Approve"/>.</summary>
        ApproveGuest,

        /// <summary>The legacy spelling of <see cref="Approve"/>.</summary>
        ApproveMember,

        /// <summary>Reject: the account is suspended.</summary>
        Reject,
    }

    // ---------------------------------------------------------------- the applicant's functions

    /// <summary>
    /// Applies to join (signedIn), in one transaction: the application (<c>pending</c>), the account to
    /// <c>pending</c>, and the profile's social links (a minimal public profile is created if there is none).
    /// Goal 1–280 and motivation 1–500 characters (trimmed); GitHub, Twitter, Telegram ≤ 100; LinkedIn an http(s)
    /// URL ≤ 500 or <c>""</c>. Refuses: an account that is not <c>incomplete</c> (<c>FAILED_PRECONDITION
    /// APPLICATION_ALREADY_SUBMITTED</c>, <c>details.currentStatus</c>); a missing or inactive program
    /// (<c>NOT_FOUND</c>); an account that has an application already (<c>CONFLICT DUPLICATE_APPLICATION</c>).
    /// </summary>
    [Mutation]
    public static async Task<ApplicationResult> Submit(MutationContext ctx, SubmitArgs args)
    {
        var me = await Require.SignedInAsync(ctx);
        var errors = new FieldErrors();
        var goal = RequiredText(errors, "goal", args.Goal, 280);
        var motivation = RequiredText(errors, "motivationText", args.MotivationText, 500);
        var github = Link(errors, "githubUsername", args.GithubUsername, 100);
        var twitter = Link(errors, "twitterUsername", args.TwitterUsername, 100);
        var telegram = Link(errors, "telegramUsername", args.TelegramUsername, 100);
        var linkedin = Link(errors, "linkedinUrl", args.LinkedinUrl, 500);
        if (linkedin is { HasValue: true, Value: { } url } && !IsHttpUrl(url))
        {
            errors.Add("linkedinUrl", "must be an http(s) URL");
        }

        errors.ThrowIfAny();

        Onboarding.CheckMayApply(me);
        if (args.ProgramId is { } programId && !await ctx.Db.Programs.AnyAsync(p => p.Id == programId && p.IsActive))
        {
            throw AppErrors.NotFound("No such program, or it is not accepting applications.");
        }

        if (await ctx.Db.Applications.AnyAsync(a => a.UserId == me.Id))
        {
            throw AppErrors.Conflict(Reasons.DuplicateApplication, "This account has an application already.");
        }

        var application = new Application
        {
            MotivationText = motivation,
            Goal = goal,
            ProgramId = args.ProgramId,
            GithubUsername = github.Or(null),
            TwitterUsername = twitter.Or(null),
        };
        await Onboarding.SubmitAsync(ctx, me, application, new Onboarding.Links(github, twitter, linkedin, telegram), Instant(ctx.Now));
        return new ApplicationResult(application);
    }

    /// <summary>The caller's application with its program's name (signedIn), or null when it has none.</summary>
    [Query]
    public static async Task<MyApplication?> Mine(QueryContext ctx)
    {
        var me = await Require.SignedInAsync(ctx);
        var a = await ctx.Db.Applications.SingleOrDefaultAsync(x => x.UserId == me.Id);
        if (a is null)
        {
            return null;
        }

        var program = a.ProgramId is { } programId
            ? await ctx.Db.Programs.Where(p => p.Id == programId).Select(p => new ProgramRef(p.Id, p.Name)).SingleOrDefaultAsync()
            : null;
        return new MyApplication(a.Id, a.CreatedAt, a.UserId, a.MotivationText, a.ProgramId, a.Goal, a.GithubUsername, a.TwitterUsername,
            a.Status, a.ReviewedByUserId, a.ReviewedAt, a.ReviewNotes, a.CreatedAt, a.UpdatedAt, a.Metadata, program);
    }

    // ---------------------------------------------------------------- admin functions

    /// <summary>
    /// Applications, newest first, a page at a time (admin), filtered by status and program; each with its
    /// applicant (closed accounts included), the applicant's city and country, and the program's name.
    /// </summary>
    [Query]
    public static async Task<PaginationResult<AdminListEntry>> AdminList(QueryContext ctx, AdminListArgs args)
    {
        await Require.AdminAsync(ctx);
        var applications = ctx.Db.Applications.AsQueryable();
        if (args.Status is { } status)
        {
            applications = applications.Where(a => a.Status == status);
        }

        if (args.ProgramId is { } programId)
        {
            applications = applications.Where(a => a.ProgramId == programId);
        }

        var page = await applications.PaginateAsync(ctx, Capped(args.PaginationOpts), a => a.CreatedAt, descending: true);

        var userIds = page.Page.Select(a => a.UserId).Distinct().ToList();
        var programIds = page.Page.Where(a => a.ProgramId != null).Select(a => a.ProgramId!.Value).Distinct().ToList();
        var users = await ctx.Db.Users.IgnoreQueryFilters().Where(u => userIds.Contains(u.Id))
            .Select(u => new Applicant(u.Id, u.Username, u.DisplayName, u.AvatarUrl, u.Email, u.AccountStatus))
            .ToDictionaryAsync(u => u._id);
        var profiles = await ctx.Db.Profiles.Where(p => userIds.Contains(p.UserId))
            .Select(p => new { p.UserId, Location = new ApplicantLocation(p.Id, p.City, p.Country) })
            .ToDictionaryAsync(p => p.UserId, p => p.Location);
        var programs = programIds.Count == 0
            ? []
            : await ctx.Db.Programs.Where(p => programIds.Contains(p.Id)).Select(p => new ProgramRef(p.Id, p.Name)).ToDictionaryAsync(p => p._id);
        return page.Map(a => new AdminListEntry(a, users.GetValueOrDefault(a.UserId), profiles.GetValueOrDefault(a.UserId),
            a.ProgramId is { } id ? programs.GetValueOrDefault(id) : null));
    }

    /// <summary>
    /// How many applications there are (admin): in total, by status, and created in the last 7 days (counted
    /// from when the query runs; it runs again on every commit that changes applications). Two grouped
    /// <c>COUNT</c> statements over the status and creation-time indexes.
    /// </summary>
    [Query]
    public static async Task<AdminStatsResult> AdminStats(QueryContext ctx)
    {
        await Require.AdminAsync(ctx);
        var byStatus = await ctx.Db.Applications.GroupBy(a => a.Status).Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count);
        var since = ctx.Now - RecentWindow;
        var recent = await ctx.Db.Applications.CountAsync(a => a.CreatedAt >= since);
        int Of(ApplicationStatus s) => byStatus.GetValueOrDefault(s);
        return new AdminStatsResult(byStatus.Values.Sum(), recent,
            new StatusCounts(Of(ApplicationStatus.Pending), Of(ApplicationStatus.Approved), Of(ApplicationStatus.Rejected)));
    }

    /// <summary>
    /// One application in full (admin): motivation and metadata included, with the applicant (closed accounts
    /// too), profile, program, reviewer and the member whose invite code the applicant redeemed.
    /// <c>NOT_FOUND</c> for an unknown id.
    /// </summary>
    [Query]
    public static async Task<AdminDetail> AdminGet(QueryContext ctx, Guid applicationId)
    {
        await Require.AdminAsync(ctx);
        var application = await ctx.Db.Applications.SingleOrDefaultAsync(a => a.Id == applicationId) ?? throw NotFound();
        var invitedBy = Guid.TryParse(application.Metadata[Onboarding.InvitedByKey]?.GetValue<string>(), out var inviter) ? inviter : (Guid?)null;
        Guid?[] wanted = [application.UserId, application.ReviewedByUserId, invitedBy];
        var ids = wanted.OfType<Guid>().Distinct().ToList();
        var users = await ctx.Db.Users.IgnoreQueryFilters().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id);
        var profile = await ctx.Db.Profiles.SingleOrDefaultAsync(p => p.UserId == application.UserId);
        var program = application.ProgramId is { } programId ? await ctx.Db.Programs.SingleOrDefaultAsync(p => p.Id == programId) : null;
        UserCard? Card(Guid? id) => id is { } key && users.TryGetValue(key, out var u) ? UserCard.Of(u) : null;
        return new AdminDetail(application, UserAdmin.Of(users[application.UserId]), profile, program, Card(application.ReviewedByUserId),
            Card(invitedBy));
    }

    /// <summary>
    /// Reviews a <c>pending</c> application (admin), in one transaction, with the effects of
    /// <see cref="ApplicationReview"/>: any approval → application <c>approved</c>, account <c>active</c>, an
    /// <c>enrolled</c> enrollment in the application's program unless one exists (C16); <c>reject</c> → application
    /// <c>rejected</c>, account <c>suspended</c>. Returns the application as updated. Notes ≤ 1000 characters.
    /// Refuses: an unknown id (<c>NOT_FOUND</c>); an application that is not pending (<c>FAILED_PRECONDITION
    /// APPLICATION_ALREADY_REVIEWED</c>, <c>details.currentStatus</c>), so concurrent reviews settle it once.
    /// </summary>
    [Mutation]
    public static async Task<ApplicationResult> Review(MutationContext ctx, Guid applicationId, Decision decision, string? reviewNotes = null)
    {
        var staff = await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        var notes = errors.OptionalText("reviewNotes", reviewNotes, 1000);
        errors.ThrowIfAny();

        var application = await ctx.Db.Applications.SingleOrDefaultAsync(a => a.Id == applicationId) ?? throw NotFound();
        if (application.Status != ApplicationStatus.Pending)
        {
            throw AppErrors.FailedPrecondition(Reasons.ApplicationAlreadyReviewed, "This application has been reviewed already.",
                new { currentStatus = application.Status });
        }

        var user = await ctx.Db.Users.IgnoreQueryFilters().SingleAsync(u => u.Id == application.UserId);
        var now = Instant(ctx.Now);
        if (decision == Decision.Reject)
        {
            ApplicationReview.Reject(user, application, staff, notes, now, ApplicationReview.Rejection.Suspend);
        }
        else
        {
            await ApplicationReview.ApproveAsync(ctx, user, application, staff, notes, now);
        }

        return new ApplicationResult(application);
    }

    // ---------------------------------------------------------------- helpers

    private static ConvexError NotFound() => AppErrors.NotFound("No such application.");

    private static PaginationOptions Capped(PaginationOptions options) =>
        options.NumItems > MaxPageSize ? options with { NumItems = MaxPageSize } : options;

    private static string RequiredText(FieldErrors errors, string field, string value, int maxLength)
    {
        var text = value.Trim();
        if (text.Length is 0 || text.Length > maxLength)
        {
            errors.Add(field, $"must be 1 to {maxLength} characters");
        }

        return text;
    }

    // A nullable link: absent stays absent; trimmed, "" is null; at most maxLength characters.
    private static Optional<string?> Link(FieldErrors errors, string field, Optional<string?> value, int maxLength) =>
        value.HasValue ? new Optional<string?>(errors.OptionalText(field, value.Value, maxLength)) : default;

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                                                          && uri.Host.Length > 0;
}
