using Microsoft.EntityFrameworkCore;
using Poktapok.App.Data;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Data;

/// <summary>Unique keys, foreign keys and their delete behaviour as LEGACY.md §1.3 gives them.</summary>
public sealed class KeysAndDeletesTests : DatabaseTest
{
    private sealed record Duplicate(Func<Rows, Task<(object First, object Second)>> Build, string[] Fields);

    private static readonly Dictionary<string, Duplicate> s_duplicates = new()
    {
        ["privy DID"] = new(_ =>
        {
            var a = Rows.MinimalUser();
            return Task.FromResult<(object, object)>((a, With(Rows.MinimalUser(), u => u.PrivyDid = a.PrivyDid)));
        }, ["privyDid"]),
        ["email"] = new(_ => Task.FromResult<(object, object)>(
            (With(Rows.MinimalUser(), u => u.Email = "ana@example.org"), With(Rows.MinimalUser(), u => u.Email = "ana@example.org"))), ["email"]),
        ["username"] = new(_ => Task.FromResult<(object, object)>(
            (With(Rows.MinimalUser(), u => u.Username = "ana"), With(Rows.MinimalUser(), u => u.Username = "ana"))), ["username"]),
        ["profile of the same user"] = new(async r =>
        {
            var user = await r.SavedUser();
            return (new Profile { UserId = user.Id }, new Profile { UserId = user.Id });
        }, ["userId"]),
        ["second application of a user"] = new(async r =>
        {
            var user = await r.SavedUser();
            return (Rows.MinimalApplication(user.Id), Rows.MinimalApplication(user.Id));
        }, ["userId"]),
        ["invite code"] = new(async r =>
        {
            var user = await r.SavedUser();
            var a = Rows.MinimalInvitation(user.Id);
            return (a, With(Rows.MinimalInvitation(user.Id), i => i.InviteCode = a.InviteCode));
        }, ["inviteCode"]),
        ["skill slug"] = new(_ => Task.FromResult<(object, object)>((Rows.NewSkill(), With(Rows.NewSkill(), s => s.Slug = "rust"))), ["slug"]),
        ["skill of a user twice"] = new(async r =>
        {
            var user = await r.SavedUser();
            return (new UserSkill { UserId = user.Id, SkillId = Rows.SeededSkillId }, new UserSkill { UserId = user.Id, SkillId = Rows.SeededSkillId });
        }, ["userId", "skillId"]),
        ["skill of a project twice"] = new(async r =>
        {
            var project = await r.Saved(Rows.MinimalProject((await r.SavedUser()).Id));
            return (new ProjectSkill { ProjectId = project.Id, SkillId = Rows.SeededSkillId }, new ProjectSkill { ProjectId = project.Id, SkillId = Rows.SeededSkillId });
        }, ["projectId", "skillId"]),
        ["enrollment twice"] = new(async r =>
        {
            var user = await r.SavedUser();
            var program = SeedData.Programs[1].Id;
            return (new ProgramEnrollment { UserId = user.Id, ProgramId = program }, new ProgramEnrollment { UserId = user.Id, ProgramId = program });
        }, ["userId", "programId"]),
        ["attendance twice"] = new(async r =>
        {
            var user = await r.SavedUser();
            var session = await r.Saved(Rows.MinimalSession());
            return (new Attendance { UserId = user.Id, SessionId = session.Id, MarkedBy = user.Id, Status = AttendanceStatus.Present },
                new Attendance { UserId = user.Id, SessionId = session.Id, MarkedBy = user.Id, Status = AttendanceStatus.Absent });
        }, ["userId", "sessionId"]),
        ["activity in a program twice"] = new(async r =>
        {
            var activity = await r.SavedActivity((await r.SavedUser()).Id);
            var program = SeedData.Programs[2].Id;
            return (new ProgramActivity { ProgramId = program, ActivityId = activity.Id }, new ProgramActivity { ProgramId = program, ActivityId = activity.Id });
        }, ["programId", "activityId"]),
        ["activity in a session twice"] = new(async r =>
        {
            var activity = await r.SavedActivity((await r.SavedUser()).Id);
            var session = await r.Saved(Rows.MinimalSession());
            return (new SessionActivity { SessionId = session.Id, ActivityId = activity.Id }, new SessionActivity { SessionId = session.Id, ActivityId = activity.Id });
        }, ["sessionId", "activityId"]),
    };

    public static TheoryData<string> Duplicates => [.. s_duplicates.Keys];

    [Theory]
    [MemberData(nameof(Duplicates))]
    public async Task a_duplicate_of_a_unique_key_is_refused_naming_the_fields(string name)
    {
        var duplicate = s_duplicates[name];
        await using var db = Database.Open();
        var (first, second) = await duplicate.Build(new Rows(db));
        db.Add(first);
        await db.SaveChangesAsync();
        db.Add(second);

        var error = await Should.ThrowAsync<DataValidationException>(() => db.SaveChangesAsync());

        error.Errors.ShouldAllBe(e => e.Code == FieldErrorCodes.Unique);
        error.Errors.Select(e => e.Field).ShouldBe(duplicate.Fields, ignoreOrder: true);
    }

    [Fact]
    public async Task a_reference_to_a_missing_row_is_refused()
    {
        await using var db = Database.Open();
        db.Add(new Profile { UserId = Guid.CreateVersion7() });

        var error = await Should.ThrowAsync<DataValidationException>(() => db.SaveChangesAsync());

        error.Errors.ShouldContain(e => e.Code == FieldErrorCodes.Reference);
    }

    [Fact]
    public async Task deleting_a_user_cascades_to_what_they_own_and_clears_what_they_touched()
    {
        Guid member, reviewer, otherProjectOwner;
        await using (var db = Database.Open())
        {
            var r = new Rows(db);
            member = (await r.SavedUser()).Id;
            reviewer = (await r.SavedUser()).Id;
            otherProjectOwner = (await r.SavedUser()).Id;
            var activity = await r.SavedActivity(reviewer);
            var project = await r.Saved(Rows.MinimalProject(member));
            await r.Saved(new Profile { UserId = member });
            await r.Saved(new ProjectSkill { ProjectId = project.Id, SkillId = Rows.SeededSkillId });
            await r.Saved(new UserSkill { UserId = member, SkillId = Rows.SeededSkillId });
            await r.Saved(Rows.MinimalInvitation(member));
            await r.Saved(With(Rows.MinimalInvitation(reviewer), i => i.RedeemerUserId = member));
            await r.Saved(With(Rows.MinimalSubmission(activity.Id, member), s => s.ReviewedByUserId = reviewer));
            await r.Saved(With(Rows.MinimalSubmission(activity.Id, otherProjectOwner), s => s.ReviewedByUserId = member));
            await r.Saved(With(Rows.MinimalApplication(otherProjectOwner), a => a.ReviewedByUserId = member));
            await r.Saved(new ProgramEnrollment { UserId = member, ProgramId = SeedData.Programs[0].Id });
        }

        await using (var db = Database.Open())
        {
            (await db.Users.Where(u => u.Id == member).ExecuteDeleteAsync()).ShouldBe(1);
        }

        await using var check = Database.Open();
        (await check.Profiles.IgnoreQueryFilters().CountAsync(p => p.UserId == member)).ShouldBe(0);
        (await check.Projects.IgnoreQueryFilters().CountAsync(p => p.UserId == member)).ShouldBe(0);
        (await check.ProjectSkills.CountAsync()).ShouldBe(0, "project_skills follow their project");
        (await check.UserSkills.CountAsync(s => s.UserId == member)).ShouldBe(0);
        (await check.Invitations.CountAsync(i => i.InviterUserId == member)).ShouldBe(0);
        (await check.Invitations.SingleAsync(i => i.InviterUserId == reviewer)).RedeemerUserId.ShouldBeNull();
        (await check.ActivitySubmissions.CountAsync(s => s.UserId == member)).ShouldBe(0);
        (await check.ActivitySubmissions.SingleAsync(s => s.UserId == otherProjectOwner)).ReviewedByUserId.ShouldBeNull();
        (await check.Applications.SingleAsync(a => a.UserId == otherProjectOwner)).ReviewedByUserId.ShouldBeNull();
        (await check.ProgramEnrollments.CountAsync(e => e.UserId == member)).ShouldBe(0);
    }

    [Fact]
    public async Task a_user_who_created_an_activity_or_has_an_application_cannot_be_deleted()
    {
        Guid creator, applicant;
        await using (var db = Database.Open())
        {
            var r = new Rows(db);
            creator = (await r.SavedUser()).Id;
            applicant = (await r.SavedUser()).Id;
            await r.SavedActivity(creator);
            await r.Saved(Rows.MinimalApplication(applicant));
        }

        foreach (var id in new[] { creator, applicant })
        {
            await using var db = Database.Open();
            db.Remove(await db.Users.SingleAsync(u => u.Id == id));

            var error = await Should.ThrowAsync<DataValidationException>(() => db.SaveChangesAsync());

            error.Errors.ShouldContain(e => e.Code == FieldErrorCodes.Reference);
        }

        await using var check = Database.Open();
        (await check.Users.CountAsync(u => u.Id == creator || u.Id == applicant)).ShouldBe(2);
    }

    [Fact]
    public async Task deleting_a_program_cascades_to_its_links_and_unsets_events_and_attendance()
    {
        Guid program, session, eventId, attendanceId, enrollment;
        await using (var db = Database.Open())
        {
            var r = new Rows(db);
            var user = await r.SavedUser();
            program = (await r.Saved(Rows.MinimalProgram())).Id;
            var activity = await r.SavedActivity(user.Id);
            await r.Saved(new ProgramActivity { ProgramId = program, ActivityId = activity.Id });
            enrollment = (await r.Saved(new ProgramEnrollment { UserId = user.Id, ProgramId = program })).Id;
            session = (await r.Saved(Rows.MinimalSession(program))).Id;
            var standalone = await r.Saved(Rows.MinimalSession());
            eventId = (await r.Saved(With(Rows.MinimalEvent(), e => e.ProgramId = program))).Id;
            attendanceId = (await r.Saved(new Attendance
            {
                UserId = user.Id, SessionId = standalone.Id, ProgramId = program, MarkedBy = user.Id, Status = AttendanceStatus.Present,
            })).Id;
        }

        await using (var db = Database.Open())
        {
            (await db.Programs.Where(p => p.Id == program).ExecuteDeleteAsync()).ShouldBe(1);
        }

        await using var check = Database.Open();
        (await check.ProgramActivities.CountAsync(p => p.ProgramId == program)).ShouldBe(0);
        (await check.ProgramEnrollments.CountAsync(e => e.Id == enrollment)).ShouldBe(0);
        (await check.Sessions.CountAsync(s => s.Id == session)).ShouldBe(0);
        (await check.Events.SingleAsync(e => e.Id == eventId)).ProgramId.ShouldBeNull();
        (await check.Attendance.SingleAsync(a => a.Id == attendanceId)).ProgramId.ShouldBeNull();
    }

    [Fact]
    public async Task deleting_an_activity_or_a_session_cascades_to_their_rows()
    {
        Guid activity, session;
        await using (var db = Database.Open())
        {
            var r = new Rows(db);
            var user = await r.SavedUser();
            activity = (await r.SavedActivity(user.Id)).Id;
            session = (await r.Saved(Rows.MinimalSession())).Id;
            var submission = await r.Saved(Rows.MinimalSubmission(activity, user.Id));
            await r.Saved(new PulpaDistribution
            {
                SubmissionId = submission.Id, UserId = user.Id, ActivityId = activity, PulpaAmount = 1m, RecipientWallet = Rows.Wallet,
                DistributionMethod = DistributionMethod.Manual, DistributedByUserId = user.Id,
            });
            await r.Saved(new ProgramActivity { ProgramId = SeedData.Programs[0].Id, ActivityId = activity });
            await r.Saved(new SessionActivity { SessionId = session, ActivityId = activity });
            await r.Saved(new Attendance { UserId = user.Id, SessionId = session, MarkedBy = user.Id, Status = AttendanceStatus.Present });
        }

        await using (var db = Database.Open())
        {
            await db.Sessions.Where(s => s.Id == session).ExecuteDeleteAsync();
            (await db.SessionActivities.CountAsync()).ShouldBe(0);
            (await db.Attendance.CountAsync()).ShouldBe(0);

            await db.Activities.IgnoreQueryFilters().Where(a => a.Id == activity).ExecuteDeleteAsync();
            (await db.ActivitySubmissions.CountAsync()).ShouldBe(0);
            (await db.PulpaDistributions.CountAsync()).ShouldBe(0);
            (await db.ProgramActivities.CountAsync()).ShouldBe(0);
        }
    }

    [Fact]
    public async Task soft_deleted_rows_are_hidden_from_default_reads()
    {
        Guid user, project, activity;
        await using (var db = Database.Open())
        {
            var r = new Rows(db);
            var u = await r.Saved(With(Rows.MinimalUser(), x => x.DeletedAt = Rows.At));
            user = u.Id;
            var owner = await r.SavedUser();
            project = (await r.Saved(With(Rows.MinimalProject(owner.Id), p => p.DeletedAt = Rows.At))).Id;
            activity = (await r.Saved(With(Rows.MinimalActivity(owner.Id), a => a.DeletedAt = Rows.At))).Id;
            await r.Saved(new Profile { UserId = owner.Id, DeletedAt = Rows.At });
        }

        await using var check = Database.Open();
        (await check.Users.AnyAsync(u => u.Id == user)).ShouldBeFalse();
        (await check.Projects.AnyAsync(p => p.Id == project)).ShouldBeFalse();
        (await check.Activities.AnyAsync(a => a.Id == activity)).ShouldBeFalse();
        (await check.Profiles.CountAsync()).ShouldBe(0);

        (await check.Users.IgnoreQueryFilters().AnyAsync(u => u.Id == user)).ShouldBeTrue("asking for deleted rows still finds them");
        (await check.Projects.IgnoreQueryFilters().AnyAsync(p => p.Id == project)).ShouldBeTrue();
        (await check.Activities.IgnoreQueryFilters().AnyAsync(a => a.Id == activity)).ShouldBeTrue();
    }

    [Fact]
    public async Task updated_at_moves_on_every_change_and_created_at_stays()
    {
        var clock = new ManualClock(Rows.At);
        Guid id;
        await using (var db = Database.Open(clock))
        {
            id = (await new Rows(db).SavedUser()).Id;
        }

        clock.Now = Rows.At.AddHours(1);
        await using (var db = Database.Open(clock))
        {
            var user = await db.Users.SingleAsync(u => u.Id == id);
            user.DisplayName = "Renamed";
            await db.SaveChangesAsync();
        }

        await using var check = Database.Open();
        var saved = await check.Users.SingleAsync(u => u.Id == id);
        saved.CreatedAt.ShouldBe(Rows.At);
        saved.LastLoginAt.ShouldBe(Rows.At);
        saved.UpdatedAt.ShouldBe(Rows.At.AddHours(1));
    }
}
