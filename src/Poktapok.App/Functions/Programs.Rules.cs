using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;

namespace Poktapok.App.Functions;

public static partial class Programs
{
    private static IQueryable<Guid> DirectActivityIds(QueryContext ctx, Guid programId) =>
        ctx.Db.ProgramActivities.Where(l => l.ProgramId == programId).Select(l => l.ActivityId);

    private static IQueryable<Guid> ViaSessionActivityIds(QueryContext ctx, Guid programId) =>
        ctx.Db.SessionActivities.Where(l => ctx.Db.Sessions.Any(s => s.Id == l.SessionId && s.ProgramId == programId)).Select(l => l.ActivityId);

    private static async Task<ProgramActivity> LinkAsync(MutationContext ctx, Guid programId, Guid activityId) =>
        await ctx.Db.ProgramActivities.SingleOrDefaultAsync(l => l.ProgramId == programId && l.ActivityId == activityId)
        ?? throw AppErrors.NotFound("The activity is not linked to this program.");

    private static double? ScoreOf(JsonObject metadata) =>
        metadata["score"] is JsonValue value && value.TryGetValue<double>(out var score) && double.IsFinite(score) ? score : null;

    private static string CheckName(FieldErrors errors, string value)
    {
        var name = value.Trim();
        if (name.Length is 0 or > 100)
        {
            errors.Add("name", "must be 1 to 100 characters");
        }

        return name;
    }

    private static string CheckDescription(FieldErrors errors, string value)
    {
        var description = value.Trim();
        if (description.Length is 0 or > MaxDescription)
        {
            errors.Add("description", $"must be 1 to {MaxDescription} characters");
        }

        return description;
    }

    private static int? CheckCapacity(FieldErrors errors, int? value)
    {
        if (value is < 1)
        {
            errors.Add("maxEnrollments", "must be at least 1");
        }

        return value;
    }

    private static void CheckDates(FieldErrors errors, TrainingProgram program, bool checkCohort)
    {
        if (checkCohort && program.ProgramType == ProgramType.Cohort && (program.StartDate is null || program.EndDate is null))
        {
            errors.Add("programType", "Cohort programs must have start and end dates");
        }

        if (program is { StartDate: { } start, EndDate: { } end } && end <= start)
        {
            errors.Add("endDate", "End date must be after start date");
        }
    }
}
