using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;
using Poktapok.Engine.Functions;
using static Poktapok.App.Functions.Users;

namespace Poktapok.App.Functions;

/// <summary>
/// Club events (FUNCTIONS.md §3.14): public lists and reads of published events, and the admins' lists, reads
/// and edits of all of them. The stored <c>status</c> is computed by <see cref="EventStatusRule"/> on every
/// write (with the transaction's clock) and kept current by <see cref="RefreshStatuses"/>, so lists filter on
/// the column and never on "now". Only <c>cancelled</c> is ever set by hand. No function here reads Luma (S3).
/// </summary>
public static partial class Events
{
    /// <summary>The largest page the paginated lists serve; a larger <c>numItems</c> is served as this many.</summary>
    public const int MaxPageSize = 100;

    /// <summary>How many events <see cref="RefreshStatuses"/> rewrites in one transaction.</summary>
    public const int RefreshBatchSize = 500;

    // ---------------------------------------------------------------- argument and result types

    /// <summary>Which events a list returns, by stored status.</summary>
    public enum ListStatus
    {
        /// <summary>Not started yet; soonest first.</summary>
        Upcoming,

        /// <summary>Started and not over; earliest start first.</summary>
        Live,

        /// <summary>Over; newest first.</summary>
        Past,

        /// <summary>Every status, cancelled included; newest first.</summary>
        All,
    }

    /// <summary>The statuses <see cref="AdminList"/> filters on: any stored status, or all.</summary>
    public enum AdminListStatus
    {
        /// <summary>Not started yet; soonest first.</summary>
        Upcoming,

        /// <summary>Started and not over; earliest start first.</summary>
        Live,

        /// <summary>Over; newest first.</summary>
        Past,

        /// <summary>Cancelled by an admin; newest first.</summary>
        Cancelled,

        /// <summary>Every status; newest first.</summary>
        All,
    }

    /// <summary>The only status an admin sets: the others are computed.</summary>
    public enum SettableStatus
    {
        /// <summary>The event will not happen; it stays listed with this status.</summary>
        Cancelled,
    }

    /// <summary>The arguments of <see cref="List"/>.</summary>
    public sealed record ListArgs(PaginationOptions PaginationOpts, ListStatus Status = ListStatus.All, bool? Featured = null, Guid? ProgramId = null);

    /// <summary>The arguments of <see cref="AdminList"/>.</summary>
    public sealed record AdminListArgs(
        PaginationOptions PaginationOpts,
        AdminListStatus Status = AdminListStatus.All,
        Guid? ProgramId = null,
        bool? Published = null);

    /// <summary>
    /// The arguments of <see cref="Create"/>: the event fields of §3.14. Absent optional fields get the column
    /// defaults (in-person, America/Mexico_City, no hosts, unpublished, not featured, 0 registrations, free).
    /// </summary>
    public sealed record CreateArgs(
        string Title,
        string LumaUrl,
        DateTimeOffset StartDate,
        string? Description = null,
        string? CoverImage = null,
        string? LumaEventId = null,
        string? LumaSlug = null,
        EventType EventType = EventType.InPerson,
        DateTimeOffset? EndDate = null,
        string? Timezone = null,
        string? Location = null,
        string? LocationDetails = null,
        string? LocationUrl = null,
        Coordinates? Coordinates = null,
        List<EventHost>? Hosts = null,
        string? Calendar = null,
        Guid? ProgramId = null,
        bool IsPublished = false,
        bool IsFeatured = false,
        int RegistrationCount = 0,
        int? MaxCapacity = null,
        RegistrationType RegistrationType = RegistrationType.Free,
        SettableStatus? Status = null);

    /// <summary>
    /// The arguments of <see cref="Update"/>: a partial update of the event fields (absent = unchanged; null
    /// clears a nullable field). <c>status: "cancelled"</c> cancels; <c>status: null</c> un-cancels (the status
    /// is computed again).
    /// </summary>
    public sealed record UpdateArgs(
        Guid EventId,
        Optional<string> Title = default,
        Optional<string?> Description = default,
        Optional<string?> CoverImage = default,
        Optional<string> LumaUrl = default,
        Optional<string?> LumaEventId = default,
        Optional<string?> LumaSlug = default,
        Optional<EventType> EventType = default,
        Optional<DateTimeOffset> StartDate = default,
        Optional<DateTimeOffset?> EndDate = default,
        Optional<string> Timezone = default,
        Optional<string?> Location = default,
        Optional<string?> LocationDetails = default,
        Optional<string?> LocationUrl = default,
        Optional<Coordinates?> Coordinates = default,
        Optional<List<EventHost>> Hosts = default,
        Optional<string?> Calendar = default,
        Optional<Guid?> ProgramId = default,
        Optional<bool> IsPublished = default,
        Optional<bool> IsFeatured = default,
        Optional<int> RegistrationCount = default,
        Optional<int?> MaxCapacity = default,
        Optional<RegistrationType> RegistrationType = default,
        Optional<SettableStatus?> Status = default);

    /// <summary>The result of <see cref="AdminGet"/>, <see cref="Create"/> and <see cref="Update"/>: <c>{event}</c>.</summary>
    public sealed record EventResult(Event Event);

    /// <summary>The result of <see cref="Remove"/>: <c>{deleted: true}</c>.</summary>
    public sealed record RemoveResult(bool Deleted);

    /// <summary>The result of <see cref="RefreshStatuses"/>: how many events changed, and whether more are due.</summary>
    public sealed record RefreshResult(int Updated, bool More);

    // ---------------------------------------------------------------- public queries

    /// <summary>
    /// Published events (public), at most <c>limit</c> (1..100, default 20): filtered by stored status
    /// (<c>all</c> includes cancelled ones) and by <c>featured</c> when given; soonest first for upcoming and
    /// live, newest first for past and all. Refuses only a <c>limit</c> out of range (<c>INVALID_ARGUMENT</c>).
    /// Does not read the caller. <c>GET /api/events</c> answers with the same list.
    /// </summary>
    [Query]
    public static Task<List<Event>> ListPublished(QueryContext ctx, ListStatus status = ListStatus.All, bool? featured = null,
        [Range(1, 100)] int limit = 20)
    {
        var events = Filtered(ctx.Db.Events.Where(e => e.IsPublished), ToAdminStatus(status), featured, null);
        return Ordered(events, Descending(status)).Take(limit).ToListAsync();
    }

    /// <summary>
    /// Published events, a page at a time (public): the filters and order of <see cref="ListPublished"/>, and
    /// <c>programId</c>. Refuses nothing but malformed arguments. Does not read the caller.
    /// </summary>
    [Query]
    public static Task<PaginationResult<Event>> List(QueryContext ctx, ListArgs args)
    {
        var events = Filtered(ctx.Db.Events.Where(e => e.IsPublished), ToAdminStatus(args.Status), args.Featured, args.ProgramId);
        return events.PaginateAsync(ctx, Capped(args.PaginationOpts), e => e.StartDate, Descending(args.Status));
    }

    /// <summary>
    /// One event (public*). An unpublished event is <c>NOT_FOUND</c> unless the caller is an active admin or
    /// the operator; the caller is read only then, so a published event's result is shared by all subscribers.
    /// </summary>
    [Query]
    public static async Task<Event> Get(QueryContext ctx, Guid eventId)
    {
        var found = await ctx.Db.Events.SingleOrDefaultAsync(e => e.Id == eventId);
        return found is not null && (found.IsPublished || await SeesUnpublishedAsync(ctx)) ? found : throw EventNotFound();
    }

    /// <summary>
    /// The event with this Luma slug (public*), or null: none has it, or it is unpublished and the caller is
    /// not an active admin or the operator (read only then). The slug is trimmed; more than 100 characters is
    /// <c>INVALID_ARGUMENT</c>.
    /// </summary>
    [Query]
    public static async Task<Event?> GetByLumaSlug(QueryContext ctx, [MaxLength(100)] string lumaSlug)
    {
        var slug = lumaSlug.Trim();
        // Slugs are unique; legacy rows may repeat one (no unique index there), so take the oldest.
        var found = await ctx.Db.Events.Where(e => e.LumaSlug == slug).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).FirstOrDefaultAsync();
        return found is not null && (found.IsPublished || await SeesUnpublishedAsync(ctx)) ? found : null;
    }

    // ---------------------------------------------------------------- admin queries

    /// <summary>
    /// All events, published or not, a page at a time (admin): by stored status (<c>cancelled</c> too),
    /// program and <c>published</c>; soonest first for upcoming and live, newest first otherwise.
    /// </summary>
    [Query]
    public static async Task<PaginationResult<Event>> AdminList(QueryContext ctx, AdminListArgs args)
    {
        await Require.AdminAsync(ctx);
        var events = ctx.Db.Events.AsQueryable();
        if (args.Published is { } published)
        {
            events = events.Where(e => e.IsPublished == published);
        }

        events = Filtered(events, args.Status, null, args.ProgramId);
        var descending = args.Status is not (AdminListStatus.Upcoming or AdminListStatus.Live);
        return await events.PaginateAsync(ctx, Capped(args.PaginationOpts), e => e.StartDate, descending);
    }

    /// <summary>One event, published or not (admin), as <c>{event}</c>; <c>NOT_FOUND</c> when there is none.</summary>
    [Query]
    public static async Task<EventResult> AdminGet(QueryContext ctx, Guid eventId)
    {
        await Require.AdminAsync(ctx);
        return new EventResult(await ctx.Db.Events.SingleOrDefaultAsync(e => e.Id == eventId) ?? throw EventNotFound());
    }

    // ---------------------------------------------------------------- mutations

    /// <summary>
    /// Creates an event (admin) and returns <c>{event}</c>. Refuses with <c>INVALID_ARGUMENT</c> (every broken
    /// field at once) a title outside 1..300, a description over 20000, URLs that are not absolute http(s) ≤ 500
    /// (<c>lumaUrl</c> is required), a Luma event id or calendar over 100, a slug that is not
    /// <c>^[A-Za-z0-9_-]+$</c> ≤ 100, an end before the start, a timezone that is not an IANA zone ≤ 100, a location
    /// or its details over 1000, coordinates out of range, more than 20 hosts (name 1..100, avatar URL, handle ≤ 100),
    /// a negative registration count, a capacity below 1, and a <c>programId</c> with no program (an argument
    /// error naming the field, not <c>NOT_FOUND</c>: the event is what the call is about). A slug another event
    /// has is <c>CONFLICT LUMA_SLUG_TAKEN</c>. The status is computed, or <c>cancelled</c> when asked.
    /// </summary>
    [Mutation]
    public static async Task<EventResult> Create(MutationContext ctx, CreateArgs args)
    {
        await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        var created = new Event
        {
            Title = CheckTitle(errors, args.Title),
            Description = errors.OptionalText("description", args.Description, 20000),
            CoverImage = CheckUrl(errors, "coverImage", args.CoverImage),
            LumaUrl = CheckUrl(errors, "lumaUrl", args.LumaUrl) ?? Required(errors, "lumaUrl"),
            LumaEventId = errors.OptionalText("lumaEventId", args.LumaEventId, 100),
            LumaSlug = CheckSlug(errors, args.LumaSlug),
            EventType = args.EventType,
            StartDate = Instant(args.StartDate),
            EndDate = args.EndDate is { } end ? Instant(end) : null,
            Timezone = CheckTimezone(errors, args.Timezone) ?? Event.DefaultTimezone,
            Location = errors.OptionalText("location", args.Location, 1000),
            LocationDetails = errors.OptionalText("locationDetails", args.LocationDetails, 1000),
            LocationUrl = CheckUrl(errors, "locationUrl", args.LocationUrl),
            Coordinates = CheckCoordinates(errors, args.Coordinates),
            Hosts = CheckHosts(errors, args.Hosts ?? []),
            Calendar = errors.OptionalText("calendar", args.Calendar, 100),
            ProgramId = args.ProgramId,
            IsPublished = args.IsPublished,
            IsFeatured = args.IsFeatured,
            RegistrationCount = CheckRegistrationCount(errors, args.RegistrationCount),
            MaxCapacity = CheckMaxCapacity(errors, args.MaxCapacity),
            RegistrationType = args.RegistrationType,
        };
        await CheckRestAsync(ctx, errors, created, programChanged: true, slugChanged: true);
        created.Status = EventStatusRule.At(created.StartDate, created.EndDate, args.Status is SettableStatus.Cancelled, ctx.Now);
        ctx.Db.Events.Add(created);
        return new EventResult(created);
    }

    /// <summary>
    /// Changes the given fields of an event (admin; only the listed event fields, S4) and returns <c>{event}</c>
    /// (C18). Refuses what <see cref="Create"/> refuses, judged on the event as it would be (an end before the
    /// start counts whichever of the two is given); <c>NOT_FOUND</c> for no such event. <c>status</c> accepts only
    /// <c>"cancelled"</c>, or null to un-cancel: the event's status is then computed again from its dates. The
    /// status is recomputed on every update.
    /// </summary>
    [Mutation]
    public static async Task<EventResult> Update(MutationContext ctx, UpdateArgs args)
    {
        await Require.AdminAsync(ctx);
        var errors = new FieldErrors();
        var target = await ctx.Db.Events.SingleOrDefaultAsync(e => e.Id == args.EventId);

        // Checked before NOT_FOUND so that a bad argument is reported the same whether or not the event exists.
        var title = args.Title.HasValue ? CheckTitle(errors, args.Title.Value) : null;
        var description = args.Description.HasValue ? errors.OptionalText("description", args.Description.Value, 20000) : null;
        var coverImage = args.CoverImage.HasValue ? CheckUrl(errors, "coverImage", args.CoverImage.Value) : null;
        var lumaUrl = args.LumaUrl.HasValue ? CheckUrl(errors, "lumaUrl", args.LumaUrl.Value) ?? Required(errors, "lumaUrl") : null;
        var lumaEventId = args.LumaEventId.HasValue ? errors.OptionalText("lumaEventId", args.LumaEventId.Value, 100) : null;
        var lumaSlug = args.LumaSlug.HasValue ? CheckSlug(errors, args.LumaSlug.Value) : null;
        var timezone = args.Timezone.HasValue ? CheckTimezone(errors, args.Timezone.Value) ?? Required(errors, "timezone") : null;
        var location = args.Location.HasValue ? errors.OptionalText("location", args.Location.Value, 1000) : null;
        var locationDetails = args.LocationDetails.HasValue ? errors.OptionalText("locationDetails", args.LocationDetails.Value, 1000) : null;
        var locationUrl = args.LocationUrl.HasValue ? CheckUrl(errors, "locationUrl", args.LocationUrl.Value) : null;
        var coordinates = args.Coordinates.HasValue ? CheckCoordinates(errors, args.Coordinates.Value) : null;
        var hosts = args.Hosts.HasValue ? CheckHosts(errors, args.Hosts.Value) : null;
        var calendar = args.Calendar.HasValue ? errors.OptionalText("calendar", args.Calendar.Value, 100) : null;
        var registrationCount = args.RegistrationCount.HasValue ? CheckRegistrationCount(errors, args.RegistrationCount.Value) : 0;
        var maxCapacity = args.MaxCapacity.HasValue ? CheckMaxCapacity(errors, args.MaxCapacity.Value) : null;
        if (target is null)
        {
            errors.ThrowIfAny();
            throw EventNotFound();
        }

        var slugChanged = args.LumaSlug.HasValue && lumaSlug != target.LumaSlug;
        var programChanged = args.ProgramId.HasValue && args.ProgramId.Value != target.ProgramId;
        target.Title = title ?? target.Title;
        target.Description = args.Description.HasValue ? description : target.Description;
        target.CoverImage = args.CoverImage.HasValue ? coverImage : target.CoverImage;
        target.LumaUrl = lumaUrl ?? target.LumaUrl;
        target.LumaEventId = args.LumaEventId.HasValue ? lumaEventId : target.LumaEventId;
        target.LumaSlug = args.LumaSlug.HasValue ? lumaSlug : target.LumaSlug;
        target.EventType = args.EventType.Or(target.EventType);
        target.StartDate = args.StartDate.HasValue ? Instant(args.StartDate.Value) : target.StartDate;
        target.EndDate = args.EndDate.HasValue ? (args.EndDate.Value is { } end ? Instant(end) : null) : target.EndDate;
        target.Timezone = timezone ?? target.Timezone;
        target.Location = args.Location.HasValue ? location : target.Location;
        target.LocationDetails = args.LocationDetails.HasValue ? locationDetails : target.LocationDetails;
        target.LocationUrl = args.LocationUrl.HasValue ? locationUrl : target.LocationUrl;
        target.Coordinates = args.Coordinates.HasValue ? coordinates : target.Coordinates;
        target.Hosts = hosts ?? target.Hosts;
        target.Calendar = args.Calendar.HasValue ? calendar : target.Calendar;
        target.ProgramId = args.ProgramId.Or(target.ProgramId);
        target.IsPublished = args.IsPublished.Or(target.IsPublished);
        target.IsFeatured = args.IsFeatured.Or(target.IsFeatured);
        target.RegistrationCount = args.RegistrationCount.HasValue ? registrationCount : target.RegistrationCount;
        target.MaxCapacity = args.MaxCapacity.HasValue ? maxCapacity : target.MaxCapacity;
        target.RegistrationType = args.RegistrationType.HasValue ? args.RegistrationType.Value : target.RegistrationType;
        await CheckRestAsync(ctx, errors, target, programChanged, slugChanged);

        var cancelled = args.Status.HasValue ? args.Status.Value is SettableStatus.Cancelled : target.Status == EventStatus.Cancelled;
        target.Status = EventStatusRule.At(target.StartDate, target.EndDate, cancelled, ctx.Now);
        return new EventResult(target);
    }

    /// <summary>Deletes an event for good (admin): <c>{deleted: true}</c>; <c>NOT_FOUND</c> when there is none.</summary>
    [Mutation]
    public static async Task<RemoveResult> Remove(MutationContext ctx, Guid eventId)
    {
        await Require.AdminAsync(ctx);
        var target = await ctx.Db.Events.SingleOrDefaultAsync(e => e.Id == eventId) ?? throw EventNotFound();
        ctx.Db.Events.Remove(target);
        return new RemoveResult(true);
    }

    /// <summary>
    /// Moves events along upcoming → live → past by <see cref="EventStatusRule"/> at the transaction's time
    /// (internal: the five-minute cron of §5, the dashboard, the CLI). Reads and writes only the events whose
    /// status would change, soonest start first, at most <see cref="RefreshBatchSize"/>; <c>more</c> says that
    /// another batch has work, and that batch is scheduled at once. Cancelled events are never touched.
    /// </summary>
    [InternalMutation]
    public static async Task<RefreshResult> RefreshStatuses(MutationContext ctx)
    {
        var now = ctx.Now;
        // "Still live" is start + duration > now without an end; written as start > now - duration so that both
        // providers compare a column with a parameter.
        var liveSince = now - EventStatusRule.DefaultDuration;
        var due = await ctx.Db.Events
            .Where(e => e.Status != EventStatus.Cancelled)
            .Where(e => (e.StartDate > now && e.Status != EventStatus.Upcoming)
                        || (e.StartDate <= now
                            && ((e.EndDate == null && e.StartDate > liveSince) || (e.EndDate != null && e.EndDate > now))
                            && e.Status != EventStatus.Live)
                        || (e.StartDate <= now
                            && ((e.EndDate == null && e.StartDate <= liveSince) || (e.EndDate != null && e.EndDate <= now))
                            && e.Status != EventStatus.Past))
            .OrderBy(e => e.StartDate).ThenBy(e => e.Id)
            .Take(RefreshBatchSize + 1)
            .ToListAsync();

        var updated = 0;
        foreach (var row in due.Take(RefreshBatchSize))
        {
            var status = EventStatusRule.At(row.StartDate, row.EndDate, false, now);
            if (status != row.Status)
            {
                row.Status = status;
                updated++;
            }
        }

        var more = due.Count > RefreshBatchSize;
        if (more)
        {
            // A backlog (after an import, or a long stop) is worked through at once, not one batch per cron tick.
            ctx.Scheduler.RunAfter(TimeSpan.Zero, RefreshStatuses);
        }

        return new RefreshResult(updated, more);
    }

    // ---------------------------------------------------------------- rules


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
