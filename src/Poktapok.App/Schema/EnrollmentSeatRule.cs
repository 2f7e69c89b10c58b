using Poktapok.App.Schema.Enums;

namespace Poktapok.App.Schema;

/// <summary>
/// The one rule for a program's capacity (<see cref="TrainingProgram.MaxEnrollments"/>): an enrollment that is
/// <c>enrolled</c> or <c>completed</c> holds a seat, a <c>dropped</c> one frees it; a new seat is refused when the
/// seats held already reach the capacity. Lowering the capacity never removes anyone; it only refuses new seats.
/// The count and the write happen in one serializable mutation, so concurrent enrollments never overshoot.
/// </summary>
public static class EnrollmentSeatRule
{
    /// <summary>Whether an enrollment in <paramref name="status"/> takes a seat.</summary>
    public static bool HoldsSeat(EnrollmentStatus status) => status is EnrollmentStatus.Enrolled or EnrollmentStatus.Completed;

    /// <summary>Whether one more seat fits when <paramref name="held"/> seats are taken of <paramref name="capacity"/> (null: no limit).</summary>
    public static bool HasRoom(int? capacity, int held) => capacity is not { } max || held < max;
}
