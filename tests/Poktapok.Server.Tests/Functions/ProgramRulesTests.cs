using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;

namespace Poktapok.Server.Tests.Functions;

/// <summary>The pure rules of programs, enrollments and sessions: seats, promotion eligibility, the meeting URL.</summary>
public sealed class ProgramRulesTests
{
    [Theory]
    [InlineData(EnrollmentStatus.Enrolled, true)]
    [InlineData(EnrollmentStatus.Completed, true)]
    [InlineData(EnrollmentStatus.Dropped, false)]
    public void enrolled_and_completed_enrollments_hold_a_seat(EnrollmentStatus status, bool holds) =>
        EnrollmentSeatRule.HoldsSeat(status).ShouldBe(holds);

    [Theory]
    [InlineData(null, 1000, true)]
    [InlineData(3, 2, true)]
    [InlineData(3, 3, false)]
    [InlineData(3, 4, false)]
    public void a_seat_fits_while_the_held_seats_are_below_the_capacity(int? capacity, int held, bool fits) =>
        EnrollmentSeatRule.HasRoom(capacity, held).ShouldBe(fits);

    [Fact]
    public void eligibility_needs_five_attendances_three_approvals_and_a_score_of_seventy()
    {
        var (ready, none) = PromotionEligibilityRule.Evaluate(5, 3, 70);
        ready.ShouldBeTrue();
        none.ShouldBeEmpty();
        var (eligible, reasons) = PromotionEligibilityRule.Evaluate(2, 1, 65.44);
        eligible.ShouldBeFalse();
        reasons.ShouldBe(["Need 3 more attended sessions", "Need 2 more approved submissions", "Quality score 65.4% is below 70%"]);
    }

    [Theory]
    [InlineData(true, null, false, null, true)]
    [InlineData(false, AccountStatus.Active, false, EnrollmentStatus.Enrolled, true)]
    [InlineData(false, AccountStatus.Active, false, EnrollmentStatus.Completed, true)]
    [InlineData(false, AccountStatus.Active, false, EnrollmentStatus.Dropped, false)]
    [InlineData(false, AccountStatus.Active, false, null, false)]
    [InlineData(false, AccountStatus.Pending, false, EnrollmentStatus.Enrolled, false)]
    [InlineData(false, AccountStatus.Suspended, true, null, false)]
    [InlineData(false, AccountStatus.Active, true, null, true)]
    [InlineData(false, null, true, null, false)]
    public void the_meeting_url_rule(bool admin, AccountStatus? status, bool standalone, EnrollmentStatus? enrollment, bool sees) =>
        MeetingUrlRule.CanSee(admin, status, standalone, enrollment).ShouldBe(sees);
}
