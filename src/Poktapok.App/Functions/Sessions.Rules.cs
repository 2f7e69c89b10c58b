using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;
using Poktapok.Engine.Functions;

namespace Poktapok.App.Functions;

public static partial class Sessions
{
    private static ConvexError SessionNotFound() => AppErrors.NotFound("No such session.");

    private static PaginationOptions Capped(PaginationOptions options) =>
        options.NumItems > MaxPageSize ? options with { NumItems = MaxPageSize } : options;

    private static IQueryable<Session> Filtered(IQueryable<Session> sessions, Guid? programId, bool? standalone)
    {
        if (programId is { } program)
        {
            sessions = sessions.Where(s => s.ProgramId == program);
        }

        return standalone switch
        {
            true => sessions.Where(s => s.ProgramId == null),
            false => sessions.Where(s => s.ProgramId != null),
            null => sessions,
        };
    }

    // Whether the caller may see the meeting URL of a session in programId (null: standalone), by MeetingUrlRule.
    // Reads the caller, so the result is per identity.
    private static async Task<bool> CanSeeMeetingUrlAsync(QueryContext ctx, Guid? programId)
    {
        if (ctx.Caller is { IsAdmin: true, Identity: null })
        {
            return true;
        }

        var viewer = await Require.ViewerOrNullAsync(ctx);
        if (viewer is null)
        {
            return false;
        }

        EnrollmentStatus? enrollment = programId is { } program
            ? await ctx.Db.ProgramEnrollments.Where(e => e.ProgramId == program && e.UserId == viewer.Id)
                .Select(e => (EnrollmentStatus?)e.Status).SingleOrDefaultAsync()
            : null;
        return MeetingUrlRule.CanSee(viewer is { Role: UserRole.Admin, AccountStatus: AccountStatus.Active }, viewer.AccountStatus,
            programId is null, enrollment);
    }

    private static async Task<Dictionary<Guid, string>> ProgramNamesAsync(QueryContext ctx, IReadOnlyList<Session> sessions)
    {
        var ids = sessions.Select(s => s.ProgramId).OfType<Guid>().Distinct().ToList();
        return ids.Count == 0 ? [] : await ctx.Db.Programs.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name);
    }

    private static string CheckTitle(FieldErrors errors, string value)
    {
        var title = value.Trim();
        if (title.Length is 0 or > 200)
        {
            errors.Add("title", "must be 1 to 200 characters");
        }

        return title;
    }

    private static async Task<List<string>> CheckInstructorsAsync(QueryContext ctx, FieldErrors errors, List<Guid> instructors)
    {
        var ids = instructors.Distinct().ToList();
        if (ids.Count > 20)
        {
            errors.Add("instructors", "must have at most 20 users");
            return [];
        }

        if (ids.Count > 0 && await ctx.Db.Users.CountAsync(u => ids.Contains(u.Id)) != ids.Count)
        {
            errors.Add("instructors", "must be ids of existing users");
        }

        return [.. ids.Select(id => id.ToString())];
    }

    private static List<SessionMaterial> CheckMaterials(FieldErrors errors, List<SessionMaterial> materials)
    {
        if (materials.Count > 50)
        {
            errors.Add("materials", "must have at most 50 materials");
            return [];
        }

        var cleaned = new List<SessionMaterial>(materials.Count);
        for (var i = 0; i < materials.Count; i++)
        {
            var title = materials[i].Title.Trim();
            if (title.Length is 0 or > 200)
            {
                errors.Add($"materials[{i}].title", "must be 1 to 200 characters");
            }

            var url = materials[i].Url.Trim();
            if (!(url.Length <= 500 && Uri.TryCreate(url, UriKind.Absolute, out var uri)
                  && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0))
            {
                errors.Add($"materials[{i}].url", "must be an absolute http(s) URL of at most 500 characters");
            }

            cleaned.Add(new SessionMaterial(title, url, errors.OptionalText($"materials[{i}].type", materials[i].Type, 50)));
        }

        return cleaned;
    }
}
