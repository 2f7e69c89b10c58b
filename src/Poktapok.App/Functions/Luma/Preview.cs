using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Poktapok.App.Access;
using Poktapok.App.Luma;
using Poktapok.App.Schema.Enums;
using Poktapok.App.Schema.Values;
using Poktapok.Engine.Functions;

namespace Poktapok.App.Functions.Luma;

/// <summary>The admin's "fill the form from Luma" (<c>luma/preview:*</c>); it writes nothing.</summary>
public static class Preview
{
    /// <summary>
    /// Reads one event from its Luma URL or slug (admin). Refuses: callers below admin; a URL that is not a Luma
    /// event URL (<c>INVALID_ARGUMENT INVALID_LUMA_URL</c>); an event Luma does not serve (<c>UPSTREAM_ERROR
    /// LUMA_FETCH_FAILED</c>); more than 10 Luma calls an hour by one admin, counted with the syncs they start
    /// (<c>RATE_LIMITED</c>, bucket <see cref="Sync.LumaRateLimitBucket"/>).
    /// </summary>
    [Action]
    [RateLimit(10, "01:00:00", Bucket = Sync.LumaRateLimitBucket)]
    public static async Task<EventPreview> FetchEvent(ActionContext ctx, [Length(1, 500)] string url)
    {
        await Require.AdminAsync(ctx);
        var luma = ctx.Services.GetRequiredService<LumaClient>();
        try
        {
            return EventPreview.Of(await luma.FetchEventAsync(url, CancellationToken.None));
        }
        catch (InvalidLumaUrlException)
        {
            throw AppErrors.Error(AppErrorCodes.InvalidArgument, "That is not a Luma event URL (expected lu.ma/<slug> or luma.com/<slug>).",
                Reasons.InvalidLumaUrl, new { fields = new { url = "must be a lu.ma or luma.com event URL" } });
        }
        catch (LumaFetchException e)
        {
            throw AppErrors.Error(AppErrorCodes.UpstreamError, $"Could not read the event from Luma: {e.Message}", Reasons.LumaFetchFailed,
                new { upstreamStatus = e.Status });
        }
    }
}

/// <summary>An event as Luma shows it, in the shape of the admin's event form (instants in Unix ms, null when unknown).</summary>
public sealed record EventPreview(string? Title, string? Description, string? CoverImage, string? LumaEventId, string LumaSlug, EventType EventType,
    double? StartDate, double? EndDate, string Timezone, string? Location, Coordinates? Coordinates, List<EventHost> Hosts, string? Calendar,
    RegistrationType RegistrationType, string LumaUrl)
{
    public static EventPreview Of(LumaEvent e) => new(e.Title, e.Description, e.CoverUrl, e.Id, e.Slug, e.EventType ?? EventType.InPerson,
        e.StartAt?.ToUnixTimeMilliseconds(), e.EndAt?.ToUnixTimeMilliseconds(), e.Timezone ?? Schema.Event.DefaultTimezone, e.Location,
        e.Coordinates, [.. e.Hosts], e.CalendarSlug, e.RegistrationType ?? RegistrationType.Free, e.Url);
}
