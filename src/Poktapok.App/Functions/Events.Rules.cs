using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;
using Poktapok.Engine.Functions;

namespace Poktapok.App.Functions;

public static partial class Events
{
    private static ConvexError EventNotFound() => AppErrors.NotFound("No such event.");

    // Serves more than MaxPageSize as MaxPageSize (FUNCTIONS.md §1: numItems is capped, not refused).
    private static PaginationOptions Capped(PaginationOptions options) =>
        options.NumItems > MaxPageSize ? options with { NumItems = MaxPageSize } : options;

    private static bool Descending(ListStatus status) => status is not (ListStatus.Upcoming or ListStatus.Live);

    private static AdminListStatus ToAdminStatus(ListStatus status) => status switch
    {
        ListStatus.Upcoming => AdminListStatus.Upcoming,
        ListStatus.Live => AdminListStatus.Live,
        ListStatus.Past => AdminListStatus.Past,
        _ => AdminListStatus.All,
    };

    // Filters that the indexes serve: (is_published, start_date), status, program_id.
    private static IQueryable<Event> Filtered(IQueryable<Event> events, AdminListStatus status, bool? featured, Guid? programId)
    {
        if (status != AdminListStatus.All)
        {
            var stored = status switch
            {
                AdminListStatus.Upcoming => EventStatus.Upcoming,
                AdminListStatus.Live => EventStatus.Live,
                AdminListStatus.Past => EventStatus.Past,
                _ => EventStatus.Cancelled,
            };
            events = events.Where(e => e.Status == stored);
        }

        if (featured is { } isFeatured)
        {
            events = events.Where(e => e.IsFeatured == isFeatured);
        }

        if (programId is { } program)
        {
            events = events.Where(e => e.ProgramId == program);
        }

        return events;
    }

    private static IQueryable<Event> Ordered(IQueryable<Event> events, bool descending) => descending
        ? events.OrderByDescending(e => e.StartDate).ThenByDescending(e => e.Id)
        : events.OrderBy(e => e.StartDate).ThenBy(e => e.Id);

    // Admins see unpublished events: an active admin, or the operator (an operator acting as a user is that user).
    private static async Task<bool> SeesUnpublishedAsync(QueryContext ctx) =>
        ctx.Caller is { IsAdmin: true, Identity: null }
        || await Require.ViewerOrNullAsync(ctx) is { Role: UserRole.Admin, AccountStatus: AccountStatus.Active };

    // The checks that need the database or the whole event, then INVALID_ARGUMENT for everything found so far,
    // then the slug's uniqueness (CONFLICT, only for arguments that are otherwise valid).
    private static async Task CheckRestAsync(MutationContext ctx, FieldErrors errors, Event row, bool programChanged, bool slugChanged)
    {
        if (row.EndDate is { } end && end < row.StartDate)
        {
            errors.Add("endDate", "must not be before startDate");
        }

        if (programChanged && row.ProgramId is { } programId && !await ctx.Db.Programs.AnyAsync(p => p.Id == programId))
        {
            errors.Add("programId", "is not a program");
        }

        errors.ThrowIfAny();
        if (slugChanged && row.LumaSlug is { } slug && await ctx.Db.Events.AnyAsync(e => e.LumaSlug == slug && e.Id != row.Id))
        {
            throw AppErrors.Conflict(Reasons.LumaSlugTaken, "Another event has that Luma slug.", new { lumaSlug = slug });
        }
    }

    // Records a missing required value; the placeholder is never saved (the errors are thrown first).
    private static string Required(FieldErrors errors, string field)
    {
        errors.Add(field, "is required");
        return "";
    }

    private static string CheckTitle(FieldErrors errors, string value)
    {
        var title = value.Trim();
        if (title.Length is 0 or > 300)
        {
            errors.Add("title", "must be 1 to 300 characters");
        }

        return title;
    }

    private static string? CheckUrl(FieldErrors errors, string field, string? value)
    {
        var url = FieldErrors.Clean(value);
        if (url is not null && !IsHttpUrl(url, 500))
        {
            errors.Add(field, "must be an absolute http(s) URL of at most 500 characters");
        }

        return url;
    }

    private static bool IsHttpUrl(string url, int maxLength) =>
        url.Length <= maxLength
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Host.Length > 0;

    private static string? CheckSlug(FieldErrors errors, string? value)
    {
        var slug = FieldErrors.Clean(value);
        if (slug is not null && !Patterns.LumaSlug().IsMatch(slug))
        {
            errors.Add("lumaSlug", "must be 1 to 100 letters, digits, '-' or '_'");
        }

        return slug;
    }

    // An IANA zone of the host's time zone database (America/Mexico_City); Windows ids are refused.
    private static string? CheckTimezone(FieldErrors errors, string? value)
    {
        var zone = FieldErrors.Clean(value);
        if (zone is not null && !(zone.Length <= 100 && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var info) && info.HasIanaId))
        {
            errors.Add("timezone", "must be an IANA time zone such as America/Mexico_City");
        }

        return zone;
    }

    private static Coordinates? CheckCoordinates(FieldErrors errors, Coordinates? value)
    {
        if (value is { } c && !(double.IsFinite(c.Lat) && double.IsFinite(c.Lng) && double.Abs(c.Lat) <= 90 && double.Abs(c.Lng) <= 180))
        {
            errors.Add("coordinates", "must have lat in [-90, 90] and lng in [-180, 180]");
        }

        return value;
    }

    private static List<EventHost> CheckHosts(FieldErrors errors, List<EventHost> hosts)
    {
        if (hosts.Count > 20)
        {
            errors.Add("hosts", "must have at most 20 hosts");
        }

        var cleaned = new List<EventHost>(hosts.Count);
        for (var i = 0; i < hosts.Count; i++)
        {
            var name = hosts[i].Name.Trim();
            if (name.Length is 0 or > 100)
            {
                errors.Add($"hosts[{i}].name", "must be 1 to 100 characters");
            }

            var avatarUrl = CheckUrl(errors, $"hosts[{i}].avatarUrl", hosts[i].AvatarUrl);
            var handle = errors.OptionalText($"hosts[{i}].handle", hosts[i].Handle, 100);
            cleaned.Add(new EventHost(name, avatarUrl, handle));
        }

        return cleaned;
    }

    private static int CheckRegistrationCount(FieldErrors errors, int value)
    {
        if (value < 0)
        {
            errors.Add("registrationCount", "must not be negative");
        }

        return value;
    }

    private static int? CheckMaxCapacity(FieldErrors errors, int? value)
    {
        if (value is < 1)
        {
            errors.Add("maxCapacity", "must be at least 1");
        }

        return value;
    }
}
