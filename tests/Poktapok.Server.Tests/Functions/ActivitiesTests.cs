using Poktapok.App;
using Poktapok.App.Functions;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary>
/// <c>activities:*</c> (FUNCTIONS.md §3.5, §5) on the provider under test through the function runtime, with the
/// legacy defects fixed: drafts readable publicly (S8), partial updates resetting fields (C7), the admin list and
/// stats covering only active activities (C12).
/// </summary>
public sealed class ActivitiesTests : ActivityTest
{
    private static Dictionary<string, object?> Valid(params (string Key, object? Value)[] changes)
    {
        var args = new Dictionary<string, object?>
        {
            ["title"] = "Write a thread",
            ["description"] = "Share what you learned this week.",
            ["activityType"] = "x_post",
            ["difficulty"] = "beginner",
            ["rewardPulpaAmount"] = "12.5",
            ["evidenceRequirements"] = new { urlRequired = true, screenshotRequired = false, textRequired = false },
        };
        foreach (var (key, value) in changes)
        {
            args[key] = value;
        }

        return args;
    }

    private static List<string> Titles(System.Text.Json.Nodes.JsonNode page) => [.. page["page"]!.AsArray().Select(a => Str(a!["title"]))];

    // ---------------------------------------------------------------- create, update, remove

    [Fact]
    public Task create_fills_the_defaults_and_returns_the_activity() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);

        var created = (await Call(s, As(admin), "activities:create", Valid(("title", "  Write a thread  "), ("category", " ")))).Ok()!;

        Str(created["title"]).ShouldBe("Write a thread");
        created["category"].ShouldBeNull();
        Str(created["rewardPulpaAmount"]).ShouldBe("12.50000000");
        Str(created["status"]).ShouldBe("draft");
        Str(created["verificationType"]).ShouldBe("manual");
        Str(created["activityType"]).ShouldBe("x_post");
        created["evidenceRequirements"]!.ToJsonString().ShouldBe("""{"urlRequired":true,"screenshotRequired":false,"textRequired":false}""");
        created["maxSubmissionsPerUser"].ShouldBeNull();
        created["totalAvailableSlots"].ShouldBeNull();
        created["currentSubmissionsCount"]!.GetValue<double>().ShouldBe(0);
        Str(created["createdByUserId"]).ShouldBe(admin.Id.ToString());
        var row = await ReloadActivity(Guid.Parse(Str(created["_id"])));
        row.RewardPulpaAmount.ShouldBe(12.5m);
        row.EvidenceRequirements.UrlRequired.ShouldBeTrue();
    });

    [Fact]
    public Task create_reports_every_broken_field_at_once() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var now = DateTimeOffset.UtcNow;

        (await Call(s, As(admin), "activities:create", Valid(
            ("title", "abcd"), ("description", "too short"), ("instructions", new string('i', 5001)), ("category", new string('c', 101)),
            ("rewardPulpaAmount", "0"), ("maxSubmissionsPerUser", 0), ("totalAvailableSlots", -1),
            ("startsAt", now.AddDays(2)), ("expiresAt", now.AddDays(1)))))
            .FailsOnFields("title", "description", "instructions", "category", "rewardPulpaAmount", "maxSubmissionsPerUser", "totalAvailableSlots",
                "expiresAt");
        (await Call(s, As(admin), "activities:create", Valid(("rewardPulpaAmount", "1.123456789")))).FailsOnFields("rewardPulpaAmount");
        (await Call(s, As(admin), "activities:create", Valid(("rewardPulpaAmount", "12345678901")))).FailsOnFields("rewardPulpaAmount");
        // A number is not a decimal string: amounts never travel as floats.
        (await Call(s, As(admin), "activities:create", Valid(("rewardPulpaAmount", 12.5)))).Message!.ShouldContain("ArgumentValidationError");
        (await Call(s, As(admin), "activities:create", Valid(("activityType", "tweet")))).Message!.ShouldContain("ArgumentValidationError");
    });

    [Fact]
    public Task update_changes_only_the_fields_given_and_null_clears() => WithServer(async s =>
    {
        // C7: a legacy PATCH without status/verification_type reset them to draft/manual.
        var admin = await SaveUser(role: UserRole.Admin);
        var activity = await SaveActivity(a =>
        {
            a.VerificationType = VerificationType.Hybrid;
            a.MaxSubmissionsPerUser = 3;
            a.TotalAvailableSlots = 10;
            a.Category = "social";
            a.ExpiresAt = Rows.At.AddDays(30);
        });

        var updated = (await Call(s, As(admin), "activities:update", new
        {
            activityId = activity.Id, title = "A better title", totalAvailableSlots = (int?)null, category = (string?)null, rewardPulpaAmount = "3.25",
        })).Ok()!;

        Str(updated["title"]).ShouldBe("A better title");
        Str(updated["status"]).ShouldBe("active");
        Str(updated["verificationType"]).ShouldBe("hybrid");
        updated["maxSubmissionsPerUser"]!.GetValue<double>().ShouldBe(3);
        updated["totalAvailableSlots"].ShouldBeNull();
        updated["category"].ShouldBeNull();
        Str(updated["rewardPulpaAmount"]).ShouldBe("3.25000000");
        var row = await ReloadActivity(activity.Id);
        row.ExpiresAt.ShouldBe(Rows.At.AddDays(30));
        row.Description.ShouldBe(activity.Description);

        // The date rule is judged on the activity as it would be; content errors come before NOT_FOUND.
        (await Call(s, As(admin), "activities:update", new { activityId = activity.Id, startsAt = Rows.At.AddDays(31) })).FailsOnFields("expiresAt");
        (await Call(s, As(admin), "activities:update", new { activityId = Guid.NewGuid(), title = "x" })).FailsOnFields("title");
        (await Call(s, As(admin), "activities:update", new { activityId = Guid.NewGuid(), title = "Long enough" })).Fails("NOT_FOUND");
        (await Call(s, As(admin), "activities:update", new { activityId = activity.Id, currentSubmissionsCount = 5 }))
            .Message!.ShouldContain("ArgumentValidationError");
    });

    [Fact]
    public Task remove_soft_deletes_so_the_activity_leaves_every_public_read() => WithServer(async s =>
    {
        var admin = await SaveUser(role: UserRole.Admin);
        var activity = await SaveActivity();

        (await Call(s, As(admin), "activities:remove", new { activityId = activity.Id })).Ok()!.ToJsonString()
            .ShouldBe($$"""{"activityId":"{{activity.Id}}"}""");

        (await ReloadActivity(activity.Id)).DeletedAt.ShouldNotBeNull();
        (await Call(s, Caller.Anonymous, "activities:get", new { activityId = activity.Id })).Fails("NOT_FOUND");
        Titles((await Call(s, Caller.Anonymous, "activities:list", new { paginationOpts = Page() })).Ok()!).ShouldNotContain(activity.Title);
        Titles((await Call(s, As(admin), "activities:adminList", new { paginationOpts = Page() })).Ok()!).ShouldNotContain(activity.Title);
        Titles((await Call(s, As(admin), "activities:adminList", new { paginationOpts = Page(), includeDeleted = true })).Ok()!).ShouldContain(activity.Title);
        (await Call(s, As(admin), "activities:remove", new { activityId = activity.Id })).Fails("NOT_FOUND");
        (await Call(s, As(await SaveUser()), "submissions:submit", new { activityId = activity.Id, submissionText = "x" })).Fails("NOT_FOUND");
    });

    // ---------------------------------------------------------------- public reads

    [Fact]
    public Task public_reads_never_show_drafts_or_cancelled_activities() => WithServer(async s =>
    {
        // S8: legacy served ?status=draft and drafts by id to anyone.
        var admin = await SaveUser(role: UserRole.Admin);
        var draft = await SaveActivity(a => a.Status = ActivityStatus.Draft);
        var cancelled = await SaveActivity(a => a.Status = ActivityStatus.Cancelled);
        var paused = await SaveActivity(a => a.Status = ActivityStatus.Paused);
        var open = await SaveActivity();

        Titles((await Call(s, Caller.Anonymous, "activities:list", new { paginationOpts = Page() })).Ok()!).ShouldBe([open.Title]);
        Titles((await Call(s, Caller.Anonymous, "activities:list", new { paginationOpts = Page(), status = "paused" })).Ok()!).ShouldBe([paused.Title]);
        (await Call(s, Caller.Anonymous, "activities:list", new { paginationOpts = Page(), status = "draft" })).Message!.ShouldContain("ArgumentValidationError");
        (await Call(s, As(admin), "activities:get", new { activityId = draft.Id })).Fails("NOT_FOUND");
        (await Call(s, Caller.Anonymous, "activities:get", new { activityId = cancelled.Id })).Fails("NOT_FOUND");
        (await Call(s, Caller.Anonymous, "activities:get", new { activityId = paused.Id })).Ok();
    });

    [Fact]
    public Task list_filters_by_type_category_difficulty_and_title_newest_first() => WithServer(async s =>
    {
        var oldest = await SaveActivity(a =>
        {
            a.Title = "Ship a Commit";
            a.ActivityType = ActivityType.GithubCommit;
            a.Category = "code";
            a.Difficulty = Difficulty.Advanced;
            a.CreatedAt = Rows.At;
        });
        var middle = await SaveActivity(a =>
        {
            a.Title = "Commit to a blog post";
            a.ActivityType = ActivityType.BlogPost;
            a.Category = "writing";
            a.CreatedAt = Rows.At.AddMinutes(1);
        });
        var newest = await SaveActivity(a =>
        {
            a.Title = "Take a photo";
            a.ActivityType = ActivityType.Photo;
            a.Category = "code";
            a.CreatedAt = Rows.At.AddMinutes(2);
        });

        async Task<List<string>> List(object args) => Titles((await Call(s, Caller.Anonymous, "activities:list", args)).Ok()!);
        (await List(new { paginationOpts = Page() })).ShouldBe([newest.Title, middle.Title, oldest.Title]);
        (await List(new { paginationOpts = Page(), type = "github_commit" })).ShouldBe([oldest.Title]);
        (await List(new { paginationOpts = Page(), category = "code" })).ShouldBe([newest.Title, oldest.Title]);
        (await List(new { paginationOpts = Page(), difficulty = "advanced" })).ShouldBe([oldest.Title]);
        (await List(new { paginationOpts = Page(), search = "COMMIT" })).ShouldBe([middle.Title, oldest.Title]);
        (await Call(s, Caller.Anonymous, "activities:list", new { paginationOpts = Page(), search = "c" })).FailsOnFields("search");
        var first = (await Call(s, Caller.Anonymous, "activities:list", new { paginationOpts = Page(2) })).Ok()!;
        Titles(first).ShouldBe([newest.Title, middle.Title]);
        (await List(new { paginationOpts = Page(2, Str(first["continueCursor"])) })).ShouldBe([oldest.Title]);
    });

    [Fact]
    public Task get_tells_the_caller_about_their_submissions_and_the_slots_left() => WithServer(async s =>
    {
        var member = await SaveUser();
        var activity = await SaveActivity(a => a.TotalAvailableSlots = 5);
        await SaveSubmission(activity.Id, member.Id);
        await SaveSubmission(activity.Id, member.Id, SubmissionStatus.Rejected);
        await SaveSubmission(activity.Id, (await SaveUser()).Id, SubmissionStatus.Approved);

        var mine = (await Call(s, As(member), "activities:get", new { activityId = activity.Id })).Ok()!;
        mine["userHasSubmitted"]!.GetValue<bool>().ShouldBeTrue();
        mine["mySubmissionCount"]!.GetValue<double>().ShouldBe(1);
        mine["slotsLeft"]!.GetValue<double>().ShouldBe(3);
        Str(mine["activity"]!["_id"]).ShouldBe(activity.Id.ToString());

        var anonymous = (await Call(s, Caller.Anonymous, "activities:get", new { activityId = activity.Id })).Ok()!;
        anonymous["userHasSubmitted"]!.GetValue<bool>().ShouldBeFalse();
        anonymous["mySubmissionCount"]!.GetValue<double>().ShouldBe(0);
        (await Call(s, Caller.Anonymous, "activities:get", new { activityId = (await SaveActivity()).Id })).Ok()!["slotsLeft"].ShouldBeNull();
    });

    // ---------------------------------------------------------------- admin reads

    [Fact]
    public Task admin_list_and_stats_cover_every_status() => WithServer(async s =>
    {
        // C12: legacy defaulted the admin list to active and its stats counted only active activities.
        var admin = await SaveUser(role: UserRole.Admin);
        foreach (var status in new[] { ActivityStatus.Draft, ActivityStatus.Draft, ActivityStatus.Active, ActivityStatus.Paused, ActivityStatus.Completed,
                     ActivityStatus.Cancelled })
        {
            await SaveActivity(a => a.Status = status);
        }

        await SaveActivity(a => a.DeletedAt = Rows.At);

        (await Call(s, As(admin), "activities:adminList", new { paginationOpts = Page() })).Ok()!["page"]!.AsArray().Count.ShouldBe(6);
        (await Call(s, As(admin), "activities:adminList", new { paginationOpts = Page(), status = "draft" })).Ok()!["page"]!.AsArray().Count.ShouldBe(2);
        (await Call(s, As(admin), "activities:adminStats")).Ok()!.ToJsonString()
            .ShouldBe("""{"total":6,"draft":2,"active":1,"paused":1,"completed":1,"cancelled":1}""");
    });

    // ---------------------------------------------------------------- expiry

    [Fact]
    public Task close_expired_completes_only_active_activities_past_their_expiry() => WithServer(async s =>
    {
        var expired = await SaveActivity(a => a.ExpiresAt = DateTimeOffset.UtcNow.AddHours(-1));
        var open = await SaveActivity(a => a.ExpiresAt = DateTimeOffset.UtcNow.AddDays(1));
        var forever = await SaveActivity();
        var pausedExpired = await SaveActivity(a =>
        {
            a.Status = ActivityStatus.Paused;
            a.ExpiresAt = DateTimeOffset.UtcNow.AddHours(-1);
        });

        (await Call(s, As(await SaveUser(role: UserRole.Admin)), "activities:closeExpired")).Message!.ShouldStartWith("Could not find public function");
        (await Call(s, Caller.Admin, "activities:closeExpired")).Ok()!.ToJsonString().ShouldBe("""{"closed":1,"more":false}""");

        (await ReloadActivity(expired.Id)).Status.ShouldBe(ActivityStatus.Completed);
        (await ReloadActivity(open.Id)).Status.ShouldBe(ActivityStatus.Active);
        (await ReloadActivity(forever.Id)).Status.ShouldBe(ActivityStatus.Active);
        (await ReloadActivity(pausedExpired.Id)).Status.ShouldBe(ActivityStatus.Paused);
        (await Call(s, Caller.Admin, "activities:closeExpired")).Ok()!.ToJsonString().ShouldBe("""{"closed":0,"more":false}""");
    });

    [Fact]
    public void the_expiry_cron_runs_close_expired_every_hour()
    {
        var cron = Crons.Declare(new CronSettings()).Definitions.Single(c => c.Name == Crons.ActivityExpiry);
        cron.Function.Method.ShouldBe(typeof(Activities).GetMethod(nameof(Activities.CloseExpired)));
        cron.Schedule.Next(Rows.At).ShouldBe(Rows.At.AddHours(1));
    }
}
