using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Access;
using Poktapok.App.Schema;
using Poktapok.Engine.Functions;
using static Poktapok.App.Functions.Users;

namespace Poktapok.App.Functions;

public static partial class Projects
{
    /// <summary><c>recordView</c> counts one viewer at most once per project in this window.</summary>
    public static readonly TimeSpan ViewWindow = TimeSpan.FromMinutes(30);

    /// <summary>The viewer key of a signed-out call that came from no connection (server code).</summary>
    public const string AnonymousViewer = "anonymous";

    /// <summary>How many stale view marks <see cref="ForgetViews"/> deletes per transaction.</summary>
    public const int ForgetBatchSize = 1000;

    /// <summary>The result of <see cref="RecordView"/>: whether this call counted a view.</summary>
    public sealed record ViewResult(bool Counted);

    /// <summary>The result of <see cref="ForgetViews"/>: how many marks went, and whether more are left for the next batch.</summary>
    public sealed record ForgetResult(int Deleted, bool More);

    /// <summary>
    /// Counts a view of a project (public), at most once per viewer and project in <see cref="ViewWindow"/>
    /// (30 minutes; beyond that the call is accepted and ignored: <c>{counted: false}</c>). A signed-in viewer is
    /// told apart by their token identity, a signed-out one by their connection (one sync WebSocket, or one address
    /// over HTTP). The owner's views are never counted. <c>NOT_FOUND</c> as <see cref="Get"/>. The last counted view
    /// of each viewer is kept in <c>project_viewers</c> until <see cref="ForgetViews"/> drops it after the window.
    /// </summary>
    [Mutation]
    public static async Task<ViewResult> RecordView(MutationContext ctx, Guid projectId)
    {
        var project = await VisibleProjectAsync(ctx, projectId);
        var identity = ctx.Auth;
        if (identity is not null && await Require.FindAccountAsync(ctx, identity) is { } viewer && viewer.Id == project.UserId)
        {
            return new ViewResult(false);
        }

        var key = identity is not null ? ViewerKey(identity)
            : ctx.Caller.Connection is { } connection ? ConnectionKey(connection)
            : AnonymousViewer;
        var now = Instant(ctx.Now);
        var mark = await ctx.Db.ProjectViewers.SingleOrDefaultAsync(v => v.ProjectId == project.Id && v.ViewerKey == key);
        if (mark is not null && mark.LastCountedAt > now - ViewWindow)
        {
            return new ViewResult(false);
        }

        if (mark is null)
        {
            ctx.Db.ProjectViewers.Add(new ProjectViewer { ProjectId = project.Id, ViewerKey = key, CreatedAt = now, LastCountedAt = now });
        }
        else
        {
            mark.LastCountedAt = now;
        }

        project.ViewCount++;
        return new ViewResult(true);
    }

    /// <summary>
    /// Deletes the view marks older than <see cref="ViewWindow"/> (internal; the hourly cron), up to
    /// <see cref="ForgetBatchSize"/> per transaction; a backlog schedules the next batch at once. A mark past the
    /// window no longer stops a view from counting, so this changes no count; it keeps <c>project_viewers</c> to the
    /// last half hour's viewers (signed-out ones make a mark per connection).
    /// </summary>
    [InternalMutation]
    public static async Task<ForgetResult> ForgetViews(MutationContext ctx)
    {
        var before = Instant(ctx.Now) - ViewWindow;
        var stale = await ctx.Db.ProjectViewers
            .Where(v => v.LastCountedAt <= before)
            .OrderBy(v => v.LastCountedAt).ThenBy(v => v.Id)
            .Take(ForgetBatchSize + 1)
            .ToListAsync();
        ctx.Db.ProjectViewers.RemoveRange(stale.Take(ForgetBatchSize));
        var more = stale.Count > ForgetBatchSize;
        if (more)
        {
            ctx.Scheduler.RunAfter(TimeSpan.Zero, ForgetViews);
        }

        return new ForgetResult(Math.Min(stale.Count, ForgetBatchSize), more);
    }

    // A signed-in viewer's key: a digest of the token identity (issuer|subject), so keys have one length.
    private static string ViewerKey(Identity identity) =>
        "identity:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity.TokenIdentifier)));

    // A signed-out viewer's key: a digest of the connection (no client address is stored as such).
    private static string ConnectionKey(string connection) =>
        "connection:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(connection)));
}
