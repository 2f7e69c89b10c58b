using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Poktapok.App.Access;
using Poktapok.App.Luma;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using Poktapok.Protocol.Values;

namespace Poktapok.App.Functions.Luma;

/// <summary>
/// The Luma calendar sync (<c>luma/sync:*</c>, FUNCTIONS.md §3.15, docs/luma.md). <see cref="SyncCalendar"/> is the
/// internal action the daily cron, the admin action and the HTTP route run: it records a run, reads the calendar
/// (the official API with a key, else the public pages), writes the events in batches under the ownership rules of
/// <see cref="EventUpsert"/>, marks upcoming events the calendar stopped listing (only after a complete read), and
/// closes the run with its counts and errors. A calendar that cannot be read writes nothing but the failed run.
/// </summary>
public static class Sync
{
    /// <summary>Events per <see cref="ApplyEvents"/> transaction.</summary>
    public const int BatchSize = 100;

    /// <summary>A run still "running" after this long belongs to a server that stopped; the next run closes it.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(30);

    private const int MaxPageSize = 100;

    /// <summary>
    /// The rate-limit bucket every admin-started Luma call shares (§1: <c>luma/*</c> actions, 10 an hour per admin):
    /// previews and syncs, through the action or the HTTP route. The cron is server code, never limited.
    /// </summary>
    public const string LumaRateLimitBucket = "luma";

    /// <summary>
    /// Syncs <paramref name="calendarSlug"/> (default <c>Luma:CalendarSlug</c>). Refuses: a second run while one runs
    /// (<c>CONFLICT SYNC_IN_PROGRESS</c>); for the admin and HTTP triggers, callers below admin; a calendar Luma does not
    /// serve (<c>UPSTREAM_ERROR LUMA_FETCH_FAILED</c>, recorded as a failed run); when an admin starts it (the action,
    /// the HTTP route), more than 10 Luma calls an hour by that admin (<c>RATE_LIMITED</c>, <see cref="LumaRateLimitBucket"/>).
    /// </summary>
    [InternalAction]
    [RateLimit(10, "01:00:00", Bucket = LumaRateLimitBucket)]
    public static async Task<SyncSummary> SyncCalendar(ActionContext ctx,
        [RegularExpression("^[A-Za-z0-9_-]{1,100}$")] string? calendarSlug = null, LumaSyncTrigger trigger = LumaSyncTrigger.Cron)
    {
        var luma = ctx.Services.GetRequiredService<LumaClient>();
        var options = ctx.Services.GetRequiredService<LumaOptions>();
        var slug = calendarSlug ?? options.CalendarSlug;
        if (options.ApiKey is not null && slug != options.CalendarSlug)
        {
            // An API key belongs to one calendar: another slug would label that calendar's events as someone else's.
            throw AppErrors.Error(AppErrorCodes.InvalidArgument,
                $"With a Luma API key the sync reads the key's calendar, '{options.CalendarSlug}' (Luma:CalendarSlug).", null,
                new { fields = new { calendarSlug = $"must be '{options.CalendarSlug}' (or absent) when Luma:ApiKey is set" } });
        }

        var runId = await ctx.RunMutation<Guid>(StartRun, new { trigger, calendarSlug = slug });

        LumaCalendar calendar;
        try
        {
            calendar = await luma.FetchCalendarAsync(slug, CancellationToken.None);
        }
        catch (LumaFetchException e)
        {
            await ctx.RunMutation<int>(FinishRun, new FinishRunArgs(runId, LumaSyncStatus.Failed, null, new RunTotals(), [], e.Message, null));
            throw AppErrors.Error(AppErrorCodes.UpstreamError, $"Could not read the Luma calendar '{slug}': {e.Message}", Reasons.LumaFetchFailed,
                new { runId, upstreamStatus = e.Status });
        }
        catch (Exception)
        {
            await ctx.RunMutation<int>(FinishRun, new FinishRunArgs(runId, LumaSyncStatus.Failed, null, new RunTotals(), [], "Internal error", null));
            throw;
        }

        try
        {
            return await ApplyAndFinishAsync(ctx, runId, slug, calendar);
        }
        catch (Exception e) when (!IsFinished(e))
        {
            // Whatever stopped the run after the read (the database went away, a bug): the run is closed as failed
            // with what is known, so the next sync is not refused as "in progress". What was written stays written.
            await TryFailRunAsync(ctx, runId, e);
            throw;
        }
    }

    private static async Task<SyncSummary> ApplyAndFinishAsync(ActionContext ctx, Guid runId, string slug, LumaCalendar calendar)
    {
        var outcomes = new List<EventOutcome>();
        foreach (var batch in calendar.Events.Select(LumaEventInput.Of).Chunk(BatchSize))
        {
            outcomes.AddRange(await ApplyAsync(ctx, runId, slug, batch));
        }

        var failed = outcomes.Where(o => o.Action == EventOutcome.Failed).ToList();
        var errors = calendar.Problems.Select(p => p.Slug is null ? p.Message : $"{p.Slug}: {p.Message}")
            .Concat(failed.Select(o => $"{o.Slug}: {o.Error}"))
            .ToList();
        var totals = new RunTotals(
            Seen: calendar.Events.Count,
            Created: outcomes.Count(o => o.Action == EventOutcome.Created),
            Updated: outcomes.Count(o => o.Action == EventOutcome.Updated),
            Unchanged: outcomes.Count(o => o.Action == EventOutcome.Unchanged),
            Failed: failed.Count);
        var status = calendar.Complete && failed.Count == 0 ? LumaSyncStatus.Success : LumaSyncStatus.Partial;
        // Only a complete read of the official API's list (followed to has_more = false) can tell that an event left the
        // calendar: the public calendar page shows a selection of upcoming events, not necessarily all of them.
        var listed = calendar.Complete && calendar.Source == LumaSources.Api
            ? new ListedEvents([.. calendar.Events.Select(e => e.Slug)], [.. calendar.Events.Select(e => e.Id).OfType<string>()])
            : null;
        var missing = await ctx.RunMutation<int>(FinishRun, new FinishRunArgs(runId, status, calendar.Source, totals, errors, null, listed));

        var synced = totals.Created + totals.Updated + totals.Unchanged;
        return new SyncSummary(runId, status, calendar.Source, slug, synced, totals.Seen, totals.Created, totals.Updated, totals.Unchanged,
            totals.Failed, missing, errors.Take(LumaSyncRun.MaxErrorMessages).ToList(), outcomes.Select(o => new SyncedEvent(o.Slug, o.Title, o.Action)).ToList(),
            $"Synced {synced} events ({totals.Created} created, {totals.Updated} updated, {totals.Unchanged} unchanged, {totals.Failed} failed"
            + (missing > 0 ? $", {missing} no longer listed" : "") + ")");
    }

    // A run FinishRun refused because it is no longer running (its reason, not its wording, says so) needs no closing.
    private static bool IsFinished(Exception e) =>
        e is ConvexError { Data: ConvexObject data } && data.TryGetValue("reason", out var reason) && reason is ConvexString { Value: Reasons.InvalidStatus };

    private static async Task TryFailRunAsync(ActionContext ctx, Guid runId, Exception cause)
    {
        try
        {
            await ctx.RunMutation<int>(FinishRun, new FinishRunArgs(runId, LumaSyncStatus.Failed, null, new RunTotals(), [],
                cause is ConvexError error ? error.Message : "Internal error: the run stopped after reading the calendar.", null));
        }
#pragma warning disable CA1031 // The run cannot be closed now (the database is away); the next run closes it as abandoned.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    // A batch is one transaction; when it fails as a whole (an event breaking a rule the mapping did not foresee),
    // its events are written one by one so that only the bad ones fail.
    private static async Task<List<EventOutcome>> ApplyAsync(ActionContext ctx, Guid runId, string slug, LumaEventInput[] batch)
    {
        try
        {
            return await ctx.RunMutation<List<EventOutcome>>(ApplyEvents, new { runId, calendarSlug = slug, events = batch });
        }
        catch (ConvexError) when (batch.Length > 1)
        {
            var outcomes = new List<EventOutcome>();
            foreach (var one in batch)
            {
                outcomes.AddRange(await ApplyAsync(ctx, runId, slug, [one]));
            }

            return outcomes;
        }
        catch (ConvexError e)
        {
            return [new EventOutcome(batch[0].Slug, batch[0].Title ?? batch[0].Slug, EventOutcome.Failed, e.Message)];
        }
    }

    /// <summary>
    /// Opens a run. Refuses while another run is running (<c>CONFLICT SYNC_IN_PROGRESS</c>); a run older than
    /// <see cref="StaleAfter"/> is closed as failed instead. Admin and HTTP triggers need the admin level.
    /// </summary>
    [InternalMutation]
    [return: IdOf("luma_sync_runs")]
    public static async Task<Guid> StartRun(MutationContext ctx, LumaSyncTrigger trigger,
        [RegularExpression("^[A-Za-z0-9_-]{1,100}$")] string calendarSlug)
    {
        if (trigger != LumaSyncTrigger.Cron)
        {
            await Require.AdminAsync(ctx);
        }

        foreach (var run in await ctx.Db.LumaSyncRuns.Where(r => r.Status == LumaSyncStatus.Running).ToListAsync())
        {
            if (run.StartedAt > ctx.Now - StaleAfter)
            {
                throw AppErrors.Conflict(Reasons.SyncInProgress, "A Luma sync is already running; try again when it has finished.",
                    new { runId = run.Id, startedAt = run.StartedAt.ToUnixTimeMilliseconds() });
            }

            run.Status = LumaSyncStatus.Failed;
            run.FinishedAt = ctx.Now;
            run.Error = "Abandoned: the server running it stopped before it finished.";
        }

        var started = new LumaSyncRun { Id = Guid.CreateVersion7(), Trigger = trigger, CalendarSlug = calendarSlug, StartedAt = ctx.Now };
        ctx.Db.LumaSyncRuns.Add(started);
        return started.Id;
    }

    /// <summary>
    /// Writes up to <see cref="BatchSize"/> events of a running run: each matched by Luma event id, then by slug, and
    /// created or merged under the ownership rules. An event that cannot be written is reported, not thrown.
    /// </summary>
    [InternalMutation]
    public static async Task<List<EventOutcome>> ApplyEvents(MutationContext ctx, Guid runId, string calendarSlug,
        [MaxLength(BatchSize)] List<LumaEventInput> events)
    {
        _ = await RunningAsync(ctx, runId);
        var ids = events.Select(e => e.Id).OfType<string>().ToList();
        var slugs = events.Select(e => e.Slug).ToList();
        var rows = await ctx.Db.Events
            .Where(e => (e.LumaEventId != null && ids.Contains(e.LumaEventId)) || (e.LumaSlug != null && slugs.Contains(e.LumaSlug)))
            .ToListAsync();

        var outcomes = new List<EventOutcome>();
        foreach (var e in events)
        {
            var title = e.Title ?? e.Slug;
            if (EventUpsert.Refusal(e) is { } refusal)
            {
                outcomes.Add(new EventOutcome(e.Slug, title, EventOutcome.Failed, refusal));
                continue;
            }

            var row = (e.Id is null ? null : rows.FirstOrDefault(r => r.LumaEventId == e.Id)) ?? rows.FirstOrDefault(r => r.LumaSlug == e.Slug);
            if (row is null)
            {
                row = EventUpsert.Create(e, calendarSlug, ctx.Now);
                ctx.Db.Events.Add(row);
                rows.Add(row);
                outcomes.Add(new EventOutcome(e.Slug, row.Title, EventOutcome.Created, null));
                continue;
            }

            // Luma changed the event's slug: follow it unless another event holds the new one.
            var renamed = row.LumaSlug != e.Slug && !rows.Any(r => r != row && r.LumaSlug == e.Slug)
                && !await ctx.Db.Events.AnyAsync(x => x.LumaSlug == e.Slug && x.Id != row.Id);
            if (renamed)
            {
                row.LumaSlug = e.Slug;
            }

            var changed = EventUpsert.Merge(row, e, ctx.Now) || renamed;
            outcomes.Add(new EventOutcome(e.Slug, row.Title, changed ? EventOutcome.Updated : EventOutcome.Unchanged, null));
        }

        return outcomes;
    }

    /// <summary>
    /// Closes a running run with its status, counts and errors; with <c>listed</c> (a complete read), marks the
    /// upcoming events of the calendar that Luma no longer lists and returns how many were newly marked.
    /// </summary>
    [InternalMutation]
    public static async Task<int> FinishRun(MutationContext ctx, FinishRunArgs args)
    {
        var run = await RunningAsync(ctx, args.RunId);
        var missing = 0;
        if (args.Listed is { } listed)
        {
            var slugs = listed.Slugs.ToHashSet(StringComparer.Ordinal);
            var ids = listed.Ids.ToHashSet(StringComparer.Ordinal);
            var upcoming = await ctx.Db.Events
                .Where(e => e.Calendar == run.CalendarSlug && e.StartDate > ctx.Now && e.LumaSlug != null)
                .OrderBy(e => e.StartDate)
                .Take(2000)
                .ToListAsync();
            foreach (var row in upcoming.Where(r => !slugs.Contains(r.LumaSlug!) && (r.LumaEventId is null || !ids.Contains(r.LumaEventId))))
            {
                if (EventUpsert.MarkMissing(row, ctx.Now))
                {
                    missing++;
                }
            }
        }

        run.Status = args.Status;
        run.Source = args.Source;
        run.FinishedAt = ctx.Now;
        run.Seen = args.Totals.Seen;
        run.Created = args.Totals.Created;
        run.Updated = args.Totals.Updated;
        run.Unchanged = args.Totals.Unchanged;
        run.Failed = args.Totals.Failed;
        run.Missing = missing;
        run.Error = args.Error is { Length: > 2000 } long_ ? long_[..2000] : args.Error;
        run.ErrorMessages = args.ErrorMessages.Take(LumaSyncRun.MaxErrorMessages).Select(m => m.Length > 500 ? m[..500] : m).ToList();
        return missing;
    }

    /// <summary>The runs, newest first (admin).</summary>
    [Query]
    public static async Task<PaginationResult<SyncRunView>> ListRuns(QueryContext ctx, PaginationOptions paginationOpts)
    {
        await Require.AdminAsync(ctx);
        var options = paginationOpts.NumItems > MaxPageSize ? paginationOpts with { NumItems = MaxPageSize } : paginationOpts;
        var page = await ctx.Db.LumaSyncRuns.PaginateAsync(ctx, options, r => r.StartedAt, descending: true);
        return page.Map(SyncRunView.Of);
    }

    private static async Task<LumaSyncRun> RunningAsync(MutationContext ctx, Guid runId) =>
        await ctx.Db.LumaSyncRuns.FirstOrDefaultAsync(r => r.Id == runId) is { Status: LumaSyncStatus.Running } run
            ? run
            : throw AppErrors.FailedPrecondition(Reasons.InvalidStatus, "That sync run is not running.");
}

/// <summary>What <c>syncCalendar</c> answers (FUNCTIONS.md §3.15, with the finer counts).</summary>
public sealed record SyncSummary(Guid RunId, LumaSyncStatus Status, [AllowedValues(LumaSources.Api, LumaSources.Web)] string Source, string CalendarSlug, int Synced, int Seen, int Created,
    int Updated, int Unchanged, int Errors, int Missing, List<string> ErrorMessages, List<SyncedEvent> Events, string Message);

/// <summary>One event of a run: <c>created</c>, <c>updated</c>, <c>unchanged</c> or <c>failed</c>.</summary>
public sealed record SyncedEvent(string Slug, string Title,
    [AllowedValues(EventOutcome.Created, EventOutcome.Updated, EventOutcome.Unchanged, EventOutcome.Failed)] string Action);

/// <summary>What <c>applyEvents</c> did to one event.</summary>
public sealed record EventOutcome(string Slug, string Title, string Action, string? Error)
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Unchanged = "unchanged";
    public const string Failed = "failed";
}

/// <summary>The counts of a run.</summary>
public sealed record RunTotals(int Seen = 0, int Created = 0, int Updated = 0, int Unchanged = 0, int Failed = 0);

/// <summary>The events a complete read listed (to tell which ones left the calendar).</summary>
public sealed record ListedEvents(List<string> Slugs, List<string> Ids);

/// <summary>The arguments of <c>finishRun</c>.</summary>
public sealed record FinishRunArgs(Guid RunId, LumaSyncStatus Status, string? Source, RunTotals Totals, List<string> ErrorMessages, string? Error,
    ListedEvents? Listed);

/// <summary>A run as <c>listRuns</c> shows it.</summary>
public sealed record SyncRunView([IdOf("luma_sync_runs")] Guid _id, double StartedAt, double? FinishedAt, LumaSyncTrigger Trigger, string CalendarSlug,
    [AllowedValues(LumaSources.Api, LumaSources.Web)] string? Source,
    LumaSyncStatus Status, int Synced, int Seen, int Created, int Updated, int Unchanged, int Errors, int Missing, string? Error,
    List<string> ErrorMessages)
{
    public static SyncRunView Of(LumaSyncRun r) => new(r.Id, r.StartedAt.ToUnixTimeMilliseconds(), r.FinishedAt?.ToUnixTimeMilliseconds(),
        r.Trigger, r.CalendarSlug, r.Source, r.Status, r.Created + r.Updated + r.Unchanged, r.Seen, r.Created, r.Updated, r.Unchanged,
        r.Failed, r.Missing, r.Error, r.ErrorMessages);
}
