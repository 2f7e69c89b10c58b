using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
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
}
