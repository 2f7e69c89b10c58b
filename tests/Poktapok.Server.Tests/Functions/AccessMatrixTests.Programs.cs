using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

// programs, enrollments, sessions and attendance (FUNCTIONS.md §3.10–§3.13).
public sealed partial class AccessMatrixTests
{
    // Columns:                 Anonymous, NoRow,    Incomplete, Pending,   Active,   Suspended, Banned, Moderator, Admin,    Closed, Operator
    // A signedIn query about the caller's own enrollment: no caller of the matrix is enrolled.
    private static readonly string[] s_signedInQueryNotEnrolled = [Unauth, NoAccount, NotFound, NotFound, NotFound, NotFound, Banned, NotFound, NotFound, Closed, Unauth];

    private static readonly MatrixRows s_programRows = new()
    {
        ["programs:listActive"] = (_ => Task.FromResult<object>(new { }), Public),
        ["programs:get"] = (async t => new { programId = (await t.SaveProgram()).Id }, Public),
        ["programs:myDashboard"] = (async t => new { programId = (await t.SaveProgram()).Id }, s_signedInQueryNotEnrolled),
        ["programs:adminList"] = (_ => Task.FromResult<object>(new { }), s_adminQuery),
        ["programs:adminGet"] = (async t => new { programId = (await t.SaveProgram()).Id }, s_adminQuery),
        ["programs:create"] = (_ => Task.FromResult<object>(new { name = "Open 2", description = "Anyone.", programType = "evergreen" }),
            s_adminMutation),
        ["programs:update"] = (async t => new { programId = (await t.SaveProgram()).Id, name = "Renamed" }, s_adminMutation),
        ["programs:archive"] = (async t => new { programId = (await t.SaveProgram()).Id }, s_adminMutation),
        ["programs:listActivities"] = (async t => new { programId = (await t.SaveProgram()).Id }, s_adminQuery),
        ["programs:linkActivity"] = (async t => new { programId = (await t.SaveProgram()).Id, activityId = (await t.SaveActivity()).Id },
            s_adminMutation),
        ["programs:updateActivityLink"] = (async t =>
            {
                var link = await t.SaveProgramLink();
                return new { programId = link.ProgramId, activityId = link.ActivityId, isRequired = true };
            },
            s_adminMutation),
        ["programs:unlinkActivity"] = (async t =>
            {
                var link = await t.SaveProgramLink();
                return new { programId = link.ProgramId, activityId = link.ActivityId };
            },
            s_adminMutation),

        ["enrollments:mine"] = (_ => Task.FromResult<object>(new { }), SignedInQuery),
        ["enrollments:listForProgram"] = (async t => new { programId = (await t.SaveProgram()).Id, paginationOpts = new { numItems = 5, cursor = (string?)null } },
            s_adminQuery),
        ["enrollments:create"] = (async t => new { programId = (await t.SaveProgram()).Id, userId = (await t.SaveUser()).Id }, s_adminMutation),
        ["enrollments:update"] = (async t => new { enrollmentId = (await t.SaveEnrollment()).Id, status = "completed" }, s_adminMutation),
        ["enrollments:remove"] = (async t => new { enrollmentId = (await t.SaveEnrollment()).Id }, s_adminMutation),
        ["enrollments:eligibility"] = (async t => new { enrollmentId = (await t.SaveEnrollment()).Id }, s_adminQuery),
        ["enrollments:promote"] = (async t => new { enrollmentId = (await t.SaveEnrollment()).Id, @override = true }, s_adminMutation),

        ["sessions:list"] = (_ => Task.FromResult<object>(new { paginationOpts = new { numItems = 5, cursor = (string?)null } }), Public),
        ["sessions:get"] = (async t => new { sessionId = (await t.SaveSession()).Id }, Public),
        ["sessions:listForProgram"] = (async t => new { programId = (await t.SaveProgram()).Id }, SignedInQuery),
        ["sessions:adminList"] = (_ => Task.FromResult<object>(new { paginationOpts = new { numItems = 5, cursor = (string?)null } }), s_adminQuery),
        ["sessions:adminGet"] = (async t => new { sessionId = (await t.SaveSession()).Id }, s_adminQuery),
        ["sessions:create"] = (_ => Task.FromResult<object>(new { title = "Demo day", sessionType = "virtual", sessionDate = 1.8e12 }), s_adminMutation),
        ["sessions:update"] = (async t => new { sessionId = (await t.SaveSession()).Id, title = "Renamed" }, s_adminMutation),
        ["sessions:remove"] = (async t => new { sessionId = (await t.SaveSession()).Id }, s_adminMutation),
        ["sessions:listActivities"] = (async t => new { sessionId = (await t.SaveSession()).Id }, s_adminQuery),
        ["sessions:linkActivity"] = (async t => new { sessionId = (await t.SaveSession()).Id, activityId = (await t.SaveActivity()).Id },
            s_adminMutation),
        ["sessions:unlinkActivity"] = (async t =>
            {
                var session = await t.SaveSession();
                var activity = await t.SaveActivity();
                await t.Save(new SessionActivity { SessionId = session.Id, ActivityId = activity.Id });
                return new { sessionId = session.Id, activityId = activity.Id };
            },
            s_adminMutation),

        ["attendance:mark"] = (async t => new { sessionId = (await t.SaveSession()).Id, userIds = new[] { (await t.SaveUser()).Id }, status = "present" },
            s_adminMutation),
        ["attendance:markBulk"] = (async t => new
            {
                sessionId = (await t.SaveSession()).Id, records = new[] { new { userId = (await t.SaveUser()).Id, status = "absent" } },
            },
            s_adminMutation),
        ["attendance:forSession"] = (async t => new { sessionId = (await t.SaveSession()).Id }, s_adminQuery),
        ["attendance:mine"] = (_ => Task.FromResult<object>(new { paginationOpts = new { numItems = 5, cursor = (string?)null } }), SignedInQuery),
    };

    private Task<TrainingProgram> SaveProgram() => Save(Rows.MinimalProgram());

    private Task<Session> SaveSession() => Save(Rows.MinimalSession());

    private async Task<Activity> SaveActivity() =>
        await Save(With(Rows.MinimalActivity((await SaveUser(role: UserRole.Admin)).Id), a => a.Status = ActivityStatus.Active));

    private async Task<ProgramActivity> SaveProgramLink() =>
        await Save(new ProgramActivity { ProgramId = (await SaveProgram()).Id, ActivityId = (await SaveActivity()).Id });

    private async Task<ProgramEnrollment> SaveEnrollment() =>
        await Save(new ProgramEnrollment { ProgramId = (await SaveProgram()).Id, UserId = (await SaveUser()).Id });
}
