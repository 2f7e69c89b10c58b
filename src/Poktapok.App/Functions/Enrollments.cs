using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using static Poktapok.App.Functions.Users;

namespace Poktapok.App.Functions;

/// <summary>
/// Program enrollments (FUNCTIONS.md §3.11): a member's own enrollments, the admins' program rosters, enrolling,
/// changing and removing enrollments, and promotion with its eligibility (LEGACY.md §4.1, scoped to the program).
/// A program's capacity (<see cref="TrainingProgram.MaxEnrollments"/>) is checked here, by <see cref="EnsureSeatAsync"/>,
/// inside the mutation's transaction, so concurrent enrollments never overshoot it.
/// </summary>
public static partial class Enrollments
{
    /// <summary>The largest page the roster serves; a larger <c>numItems</c> is served as this many.</summary>
    public const int MaxPageSize = 100;

    /// <summary>The most enrollments <see cref="Mine"/> returns.</summary>
    public const int MaxMine = 100;

    // ---------------------------------------------------------------- argument and result types

    /// <summary>The arguments of <see cref="ListForProgram"/>.</summary>
    public sealed record ListForProgramArgs(PaginationOptions PaginationOpts, Guid ProgramId, EnrollmentStatus? Status = null);

    /// <summary>The arguments of <see cref="Create"/>.</summary>
    public sealed record CreateArgs(Guid ProgramId, Guid UserId, EnrollmentStatus Status = EnrollmentStatus.Enrolled,
        DateTimeOffset? EnrolledAt = null, DateTimeOffset? CompletedAt = null);

    /// <summary>The arguments of <see cref="Update"/>: absent = unchanged; <c>completedAt: null</c> clears it.</summary>
    public sealed record UpdateArgs(Guid EnrollmentId, Optional<EnrollmentStatus> Status = default, Optional<DateTimeOffset?> CompletedAt = default);

    /// <summary>The program part of <see cref="Mine"/>.</summary>
    public sealed record EnrolledProgram([IdOf("programs")] Guid _id, string Name, ProgramType ProgramType, bool IsActive);

    /// <summary><c>Enrollment &amp; {program}</c>.</summary>
    public sealed record MyEnrollment(
        [IdOf("program_enrollments")] Guid _id,
        DateTimeOffset _creationTime,
        Guid UserId,
        Guid ProgramId,
        Guid? ApplicationId,
        EnrollmentStatus Status,
        DateTimeOffset EnrolledAt,
        DateTimeOffset? CompletedAt,
        DateTimeOffset? PromotedAt,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        JsonObject Metadata,
        EnrolledProgram Program);

    /// <summary>The result of <see cref="Mine"/>.</summary>
    public sealed record MyEnrollments(List<MyEnrollment> Enrollments);

    /// <summary>The user part of a roster row: <c>UserCard &amp; {email}</c>.</summary>
    public sealed record RosterUser([IdOf("users")] Guid _id, string? Username, string? DisplayName, string? AvatarUrl, string? Email);

    /// <summary><c>Enrollment &amp; {user}</c>.</summary>
    public sealed record RosterEntry(
        [IdOf("program_enrollments")] Guid _id,
        DateTimeOffset _creationTime,
        Guid UserId,
        Guid ProgramId,
        Guid? ApplicationId,
        EnrollmentStatus Status,
        DateTimeOffset EnrolledAt,
        DateTimeOffset? CompletedAt,
        DateTimeOffset? PromotedAt,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        JsonObject Metadata,
        RosterUser? User);

    /// <summary>The result of <see cref="Create"/>, <see cref="Update"/> and <see cref="Remove"/>: <c>{enrollment}</c>.</summary>
    public sealed record EnrollmentResult(ProgramEnrollment Enrollment);

    /// <summary>The numbers <see cref="Eligibility"/> judges, with the thresholds.</summary>
    public sealed record Criteria(int AttendanceCount, int AttendanceRequired, int SubmissionCount, int SubmissionRequired, double QualityScore,
        double QualityRequired);

    /// <summary>The result of <see cref="Eligibility"/>.</summary>
    public sealed record EligibilityResult(bool IsEligible, Criteria Criteria, List<string> Reasons);

    /// <summary>The result of <see cref="Promote"/>.</summary>
    public sealed record PromoteResult(ProgramEnrollment Enrollment, UserAdmin User);

    // ---------------------------------------------------------------- queries

    /// <summary>The caller's enrollments, newest first, each with its program (signedIn); at most <see cref="MaxMine"/>.</summary>
    [Query]
    public static async Task<MyEnrollments> Mine(QueryContext ctx)
    {
        var me = await Require.SignedInAsync(ctx);
        var rows = await ctx.Db.ProgramEnrollments.Where(e => e.UserId == me.Id)
            .Join(ctx.Db.Programs, e => e.ProgramId, p => p.Id, (e, p) => new { e, p })
            .OrderByDescending(x => x.e.EnrolledAt).ThenByDescending(x => x.e.Id)
            .Take(MaxMine)
            .ToListAsync();
        return new MyEnrollments([.. rows.Select(x => new MyEnrollment(x.e.Id, x.e.CreatedAt, x.e.UserId, x.e.ProgramId, x.e.ApplicationId,
            x.e.Status, x.e.EnrolledAt, x.e.CompletedAt, x.e.PromotedAt, x.e.CreatedAt, x.e.UpdatedAt, x.e.Metadata,
            new EnrolledProgram(x.p.Id, x.p.Name, x.p.ProgramType, x.p.IsActive)))]);
    }

    /// <summary>
    /// A program's roster, a page at a time, newest enrollment first, optionally by status (admin); each row with
    /// the user's card and email (closed accounts included, so the roster is whole). <c>NOT_FOUND</c> for no such program.
    /// </summary>
    [Query]
    public static async Task<PaginationResult<RosterEntry>> ListForProgram(QueryContext ctx, ListForProgramArgs args)
    {
        await Require.AdminAsync(ctx);
        await Programs.ProgramAsync(ctx, args.ProgramId);
        var enrollments = ctx.Db.ProgramEnrollments.Where(e => e.ProgramId == args.ProgramId);
        if (args.Status is { } status)
        {
            enrollments = enrollments.Where(e => e.Status == status);
        }

        var options = args.PaginationOpts.NumItems > MaxPageSize ? args.PaginationOpts with { NumItems = MaxPageSize } : args.PaginationOpts;
        var page = await enrollments.PaginateAsync(ctx, options, e => e.EnrolledAt, descending: true);
        var ids = page.Page.Select(e => e.UserId).Distinct().ToList();
        var users = await ctx.Db.Users.IgnoreQueryFilters().Where(u => ids.Contains(u.Id))
            .Select(u => new RosterUser(u.Id, u.Username, u.DisplayName, u.AvatarUrl, u.Email))
            .ToDictionaryAsync(u => u._id);
        return page.Map(e => new RosterEntry(e.Id, e.CreatedAt, e.UserId, e.ProgramId, e.ApplicationId, e.Status, e.EnrolledAt, e.CompletedAt,
            e.PromotedAt, e.CreatedAt, e.UpdatedAt, e.Metadata, users.GetValueOrDefault(e.UserId)));
    }

    /// <summary>
    /// Whether the enrollment's user may be promoted (admin): attendance (present), approved submissions and the
    /// quality score, all scoped to the enrollment's program (fix A7), against 5, 3 and 70, with the legacy reason
    /// texts. Always the object (fix C4). <c>NOT_FOUND</c> for no such enrollment.
    /// </summary>
    [Query]
    public static async Task<EligibilityResult> Eligibility(QueryContext ctx, Guid enrollmentId)
    {
        await Require.AdminAsync(ctx);
        var enrollment = await EnrollmentAsync(ctx, enrollmentId);
        return await EligibilityOfAsync(ctx, enrollment);
    }

    // ---------------------------------------------------------------- mutations

    /// <summary>
    /// Enrolls a user in a program (admin): <c>{enrollment}</c>. <c>completed</c> without <c>completedAt</c> gets
    /// now. <c>NOT_FOUND</c> for a missing program or user (closed accounts count as missing); <c>CONFLICT
    /// ENROLLMENT_EXISTS</c> when the user has an enrollment in the program (any status); <c>FAILED_PRECONDITION
    /// SLOTS_FULL</c> when the status takes a seat and the program's capacity is reached.
    /// </summary>
    [Mutation]
    public static async Task<EnrollmentResult> Create(MutationContext ctx, CreateArgs args)
    {
        await Require.AdminAsync(ctx);
        var program = await Programs.ProgramAsync(ctx, args.ProgramId);
        if (!await ctx.Db.Users.AnyAsync(u => u.Id == args.UserId))
        {
            throw AppErrors.NotFound("No such user.");
        }

        if (await ctx.Db.ProgramEnrollments.AnyAsync(e => e.ProgramId == args.ProgramId && e.UserId == args.UserId))
        {
            throw AppErrors.Conflict(Reasons.EnrollmentExists, "The user is enrolled in this program already.");
        }

        if (EnrollmentSeatRule.HoldsSeat(args.Status))
        {
            await EnsureSeatAsync(ctx, program, null);
        }

        var now = Instant(ctx.Now);
        var enrollment = new ProgramEnrollment
        {
            ProgramId = args.ProgramId,
            UserId = args.UserId,
            Status = args.Status,
            EnrolledAt = args.EnrolledAt is { } at ? Instant(at) : now,
            CompletedAt = args.CompletedAt is { } done ? Instant(done) : args.Status == EnrollmentStatus.Completed ? now : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        ctx.Db.ProgramEnrollments.Add(enrollment);
        return new EnrollmentResult(enrollment);
    }

    /// <summary>
    /// Changes an enrollment's status and completion time (admin): <c>{enrollment}</c>, <c>updatedAt</c> set. Status
    /// <c>completed</c> without <c>completedAt</c> sets it to now (legacy rule). <c>NOT_FOUND</c> for no such
    /// enrollment; <c>FAILED_PRECONDITION SLOTS_FULL</c> when a <c>dropped</c> enrollment comes back and the program
    /// is full.
    /// </summary>
    [Mutation]
    public static async Task<EnrollmentResult> Update(MutationContext ctx, UpdateArgs args)
    {
        await Require.AdminAsync(ctx);
        var enrollment = await EnrollmentAsync(ctx, args.EnrollmentId);
        var now = Instant(ctx.Now);
        if (args.Status.HasValue && EnrollmentSeatRule.HoldsSeat(args.Status.Value) && !EnrollmentSeatRule.HoldsSeat(enrollment.Status))
        {
            await EnsureSeatAsync(ctx, await Programs.ProgramAsync(ctx, enrollment.ProgramId), enrollment.Id);
        }

        enrollment.Status = args.Status.Or(enrollment.Status);
        if (args.CompletedAt.HasValue)
        {
            enrollment.CompletedAt = args.CompletedAt.Value is { } done ? Instant(done) : null;
        }
        else if (args.Status.HasValue && args.Status.Value == EnrollmentStatus.Completed)
        {
            enrollment.CompletedAt = now;
        }

        enrollment.UpdatedAt = now;
        return new EnrollmentResult(enrollment);
    }

    /// <summary>Deletes an enrollment for good (admin): <c>{enrollment}</c> as it was; its seat is free. <c>NOT_FOUND</c> for no such enrollment.</summary>
    [Mutation]
    public static async Task<EnrollmentResult> Remove(MutationContext ctx, Guid enrollmentId)
    {
        await Require.AdminAsync(ctx);
        var enrollment = await EnrollmentAsync(ctx, enrollmentId);
        ctx.Db.ProgramEnrollments.Remove(enrollment);
        return new EnrollmentResult(enrollment);
    }

    /// <summary>
    /// Promotes the enrollment's user (admin): sets <c>promotedAt</c> and merges <c>{promotedAt, promotedBy,
    /// promotionNotes, override}</c> into the enrollment's metadata; returns <c>{enrollment, user}</c>. The user must be
    /// <c>active</c> (<c>FAILED_PRECONDITION INVALID_STATUS_FOR_PROMOTION</c>, <c>details.currentStatus</c>) and eligible
    /// unless <c>override: true</c> (<c>FAILED_PRECONDITION NOT_ELIGIBLE</c>, <c>details.reasons</c>; fix A3).
    /// <c>NOT_FOUND</c> for no such enrollment, or a closed account; notes over 1000 characters are <c>INVALID_ARGUMENT</c>.
    /// </summary>
    [Mutation]
    public static async Task<PromoteResult> Promote(MutationContext ctx, Guid enrollmentId, string? promotionNotes = null, bool @override = false)
    {
        var staff = await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        var notes = errors.OptionalText("promotionNotes", promotionNotes, 1000);
        errors.ThrowIfAny();
        var enrollment = await EnrollmentAsync(ctx, enrollmentId);
        var user = await ctx.Db.Users.SingleOrDefaultAsync(u => u.Id == enrollment.UserId) ?? throw AppErrors.NotFound("No such user.");
        if (user.AccountStatus != AccountStatus.Active)
        {
            throw AppErrors.FailedPrecondition(Reasons.InvalidStatusForPromotion, "Only active members can be promoted.",
                new { currentStatus = user.AccountStatus });
        }

        if (!@override && await EligibilityOfAsync(ctx, enrollment) is { IsEligible: false } verdict)
        {
            throw AppErrors.FailedPrecondition(Reasons.NotEligible, "The member is not eligible for promotion.", new { reasons = verdict.Reasons });
        }

        var now = Instant(ctx.Now);
        enrollment.PromotedAt = now;
        enrollment.UpdatedAt = now;
        var metadata = (JsonObject)enrollment.Metadata.DeepClone();
        metadata["promotedAt"] = now.ToUnixTimeMilliseconds();
        metadata["promotedBy"] = staff.User?.Id.ToString();
        metadata["promotionNotes"] = notes;
        metadata["override"] = @override;
        enrollment.Metadata = metadata;
        return new PromoteResult(enrollment, UserAdmin.Of(user));
    }

    // ---------------------------------------------------------------- rules

    /// <summary>
    /// Refuses a new seat in <paramref name="program"/> when its capacity is reached (<see cref="EnrollmentSeatRule"/>):
    /// <c>FAILED_PRECONDITION SLOTS_FULL</c> with <c>details: {maxEnrollments}</c>. Counts the seats held in this
    /// transaction, so concurrent callers are serialized by it. <paramref name="except"/> is an enrollment not to count.
    /// </summary>
    internal static async Task EnsureSeatAsync(MutationContext ctx, TrainingProgram program, Guid? except)
    {
        if (program.MaxEnrollments is not { } capacity)
        {
            return;
        }

        var held = await ctx.Db.ProgramEnrollments.CountAsync(e => e.ProgramId == program.Id && e.Id != except
            && (e.Status == EnrollmentStatus.Enrolled || e.Status == EnrollmentStatus.Completed));
        if (!EnrollmentSeatRule.HasRoom(capacity, held))
        {
            throw AppErrors.FailedPrecondition(Reasons.SlotsFull, "The program is full.", new { maxEnrollments = capacity });
        }
    }

    private static async Task<EligibilityResult> EligibilityOfAsync(QueryContext ctx, ProgramEnrollment enrollment)
    {
        var stats = await Programs.ScopedStatsAsync(ctx, enrollment.UserId, enrollment.ProgramId);
        var (eligible, reasons) = PromotionEligibilityRule.Evaluate(stats.Attendance.Present, stats.Submissions.Approved, stats.QualityScore);
        return new EligibilityResult(eligible, new Criteria(stats.Attendance.Present, PromotionEligibilityRule.AttendanceRequired,
            stats.Submissions.Approved, PromotionEligibilityRule.SubmissionRequired, stats.QualityScore,
            PromotionEligibilityRule.QualityRequired), reasons);
    }

    private static async Task<ProgramEnrollment> EnrollmentAsync(QueryContext ctx, Guid enrollmentId) =>
        await ctx.Db.ProgramEnrollments.SingleOrDefaultAsync(e => e.Id == enrollmentId) ?? throw AppErrors.NotFound("No such enrollment.");
}
