using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Functions;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Data;

namespace Poktapok.App.Membership;

/// <summary>
/// The effects of reviewing an application (LEGACY.md §4.3, FUNCTIONS.md §3.8 and §3.16), in one place for the
/// three functions that review: <c>applications:review</c>, <c>admin:approveUser</c> and <c>admin:rejectUser</c>.
/// <list type="table">
/// <item><term>approve</term><description>application <c>approved</c> (reviewer, time, notes); account <c>active</c>;
/// an <c>enrolled</c> enrollment in the application's program unless the account has one there already (fix C16);
/// a program at capacity refuses the approval (<c>FAILED_PRECONDITION SLOTS_FULL</c>, the enrollment seat rule), so
/// nothing changes</description></item>
/// <item><term>reject</term><description>application <c>rejected</c> (reviewer, time, notes); the account is
/// <c>suspended</c> (<see cref="Rejection.Suspend"/>, <c>applications:review</c>, the legacy rule) or closed
/// (<see cref="Rejection.Close"/>, <c>admin:rejectUser</c>: <c>deletedAt</c>, the status stays)</description></item>
/// </list>
/// Every review is appended to the account's moderation log. The callers check the preconditions (a pending
/// application, a pending open account); these run inside the caller's transaction, so a review is all or nothing.
/// </summary>
public static class ApplicationReview
{
    /// <summary>What rejecting does to the account.</summary>
    public enum Rejection
    {
        /// <summary>The account becomes <c>suspended</c> (<c>applications:review</c>).</summary>
        Suspend,

        /// <summary>The account is closed: <c>deletedAt</c> is set and the status stays (<c>admin:rejectUser</c>, A4).</summary>
        Close,
    }

    /// <summary>The account's application while it waits for review, or null.</summary>
    public static Task<Application?> PendingApplicationOfAsync(MutationContext ctx, Guid userId) =>
        ctx.Db.Applications.SingleOrDefaultAsync(a => a.UserId == userId && a.Status == ApplicationStatus.Pending);

    /// <summary>
    /// Approves: the account becomes <c>active</c>; its <paramref name="application"/>, if any, is approved and enrols
    /// the account in its program. Throws <c>FAILED_PRECONDITION SLOTS_FULL</c> when that program has no seat left.
    /// </summary>
    public static async Task ApproveAsync(MutationContext ctx, User user, Application? application, Staff reviewer, string? notes,
        DateTimeOffset now)
    {
        var from = ClosedSet.NameOf(user.AccountStatus);
        user.AccountStatus = AccountStatus.Active;
        user.UpdatedAt = now;
        if (application is not null)
        {
            Settle(application, ApplicationStatus.Approved, reviewer, notes, now);
            if (application.ProgramId is { } programId
                && !await ctx.Db.ProgramEnrollments.AnyAsync(e => e.UserId == user.Id && e.ProgramId == programId))
            {
                if (await ctx.Db.Programs.FindAsync(programId) is { } program)
                {
                    await Enrollments.EnsureSeatAsync(ctx, program, except: null);
                }

                ctx.Db.ProgramEnrollments.Add(new ProgramEnrollment
                {
                    UserId = user.Id,
                    ProgramId = programId,
                    ApplicationId = application.Id,
                    Status = EnrollmentStatus.Enrolled,
                    EnrolledAt = now,
                    CreatedAt = now,
                    UpdatedAt = now,
                });
            }
        }

        Admin.AppendLog(user, reviewer, now, "approve", from, ClosedSet.NameOf(AccountStatus.Active), notes);
    }

    /// <summary>Rejects: the account is suspended or closed (<paramref name="rejection"/>); its <paramref name="application"/>, if any, is rejected.</summary>
    public static void Reject(User user, Application? application, Staff reviewer, string? notes, DateTimeOffset now, Rejection rejection)
    {
        user.UpdatedAt = now;
        if (rejection == Rejection.Close)
        {
            user.DeletedAt = now;
            Admin.AppendLog(user, reviewer, now, "reject", "open", "closed", notes);
        }
        else
        {
            var from = ClosedSet.NameOf(user.AccountStatus);
            user.AccountStatus = AccountStatus.Suspended;
            Admin.AppendLog(user, reviewer, now, "reject", from, ClosedSet.NameOf(AccountStatus.Suspended), notes);
        }

        if (application is not null)
        {
            Settle(application, ApplicationStatus.Rejected, reviewer, notes, now);
        }
    }

    private static void Settle(Application application, ApplicationStatus status, Staff reviewer, string? notes, DateTimeOffset now)
    {
        application.Status = status;
        application.ReviewedByUserId = reviewer.User?.Id;
        application.ReviewedAt = now;
        application.ReviewNotes = notes;
        application.UpdatedAt = now;
    }
}
