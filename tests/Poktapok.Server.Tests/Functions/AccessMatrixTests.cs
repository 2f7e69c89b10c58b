using System.Text;
using Poktapok.App;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary>
/// Every registered function × every kind of caller → allowed, or refused with its stable code and reason
/// (FUNCTIONS.md §2). The functions come from the registry, so a new function without a row fails. Each module
/// keeps its rows in a file of its own (<c>AccessMatrixTests.&lt;Module&gt;.cs</c>): a static field of type
/// <see cref="MatrixRows"/>, found by reflection. The last two kinds of caller, a forged token and an expired one,
/// are refused by the transport before any function runs: <c>AccessMatrixTests.Tokens.cs</c> calls every client
/// function with them over the HTTP API.
/// </summary>
public sealed partial class AccessMatrixTests : AccountTest
{
    /// <summary>The kinds of caller, one column each.</summary>
    public enum Who
    {
        Anonymous,
        TokenWithoutAccount,
        Incomplete,
        Pending,
        Active,
        Suspended,
        Banned,
        Moderator,
        Admin,
        Closed,
        Operator,
    }

    // Cell values: "ok" (allowed), "null" (allowed, returns null), or "CODE" / "CODE REASON".
    private const string Ok = "ok";
    private const string Null = "null";
    private const string Unauth = "UNAUTHENTICATED";
    private const string NoAccount = "UNAUTHENTICATED NO_ACCOUNT";
    private const string NotActive = "FORBIDDEN ACCOUNT_NOT_ACTIVE";
    private const string Suspended = "FORBIDDEN ACCOUNT_SUSPENDED";
    private const string Banned = "FORBIDDEN ACCOUNT_BANNED";
    private const string Closed = "FORBIDDEN ACCOUNT_CLOSED";
    private const string ModRequired = "FORBIDDEN MODERATOR_REQUIRED";
    private const string AdmRequired = "FORBIDDEN ADMIN_REQUIRED";
    private const string NotFound = "NOT_FOUND";
    private const string Hidden = "hidden"; // an internal function: clients are told it does not exist

    // Modules the matrix leaves out, with the reason. Every other registered function needs a row.
    private static readonly string[] s_notCovered =
    [
        "demo:", // the protocol's demonstration functions (counters, messages): no access levels, used by protocol tests
    ];

    /// <summary>A module's rows: function path → how to build its arguments (fresh targets per cell) and the expected row.</summary>
    private sealed class MatrixRows : Dictionary<string, (Func<AccessMatrixTests, Task<object>> Args, string[] Expected)>;

    // Luma is "down" for this test (a closed local port, no retries): an allowed caller gets UPSTREAM_ERROR, which
    // proves the access check let it through, quickly and without the network.
    private const string Upstream = "UPSTREAM_ERROR LUMA_FETCH_FAILED";

    protected override IDictionary<string, string?> ServerSettings => new Dictionary<string, string?>
    {
        ["Luma:ApiUrl"] = "http://127.0.0.1:9/",
        ["Luma:WebUrl"] = "http://127.0.0.1:9/",
        ["Luma:MaxRetries"] = "0",
        ["Luma:TimeoutSeconds"] = "2",
    };

    // Columns:                 Anonymous, NoRow,    Incomplete, Pending,   Active,      Suspended, Banned, Moderator,   Admin, Closed, Operator
    private static readonly string[] s_moderatorQuery = [Unauth, NoAccount, NotActive, NotActive, ModRequired, NotActive, Banned, Ok, Ok, Closed, Ok];
    private static readonly string[] s_moderatorMutation = [Unauth, NoAccount, NotActive, NotActive, ModRequired, Suspended, Banned, Ok, Ok, Closed, Ok];
    private static readonly string[] s_adminQuery = [Unauth, NoAccount, NotActive, NotActive, AdmRequired, NotActive, Banned, AdmRequired, Ok, Closed, Ok];
    private static readonly string[] s_adminMutation = [Unauth, NoAccount, NotActive, NotActive, AdmRequired, Suspended, Banned, AdmRequired, Ok, Closed, Ok];

    private static readonly MatrixRows s_accountAndEventRows = new()
    {
        ["users:login"] = (_ => Task.FromResult<object>(new { loginMethod = "email" }),
            [Unauth, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Closed, Unauth]),
        ["users:me"] = (_ => Task.FromResult<object>(new { }),
            [Unauth, Null, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Null, Unauth]),
        ["users:updateMe"] = (_ => Task.FromResult<object>(new { bio = "Hello" }),
            [Unauth, NoAccount, Ok, Ok, Ok, Suspended, Banned, Ok, Ok, Closed, Unauth]),
        ["users:checkUsername"] = (_ => Task.FromResult<object>(new { username = "some_name" }),
            [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ["admin:listUsers"] = (_ => Task.FromResult<object>(new { paginationOpts = new { numItems = 5, cursor = (string?)null } }),
            s_moderatorQuery),
        ["admin:listPendingUsers"] = (_ => Task.FromResult<object>(new { paginationOpts = new { numItems = 5, cursor = (string?)null } }),
            s_moderatorQuery),
        ["admin:getUser"] = (async t => new { userId = (await t.SaveUser()).Id },
            s_moderatorQuery),
        ["admin:approveUser"] = (async t => new { userId = (await t.SaveUser(AccountStatus.Pending)).Id },
            s_adminMutation),
        ["admin:rejectUser"] = (async t => new { userId = (await t.SaveUser(AccountStatus.Pending)).Id },
            s_adminMutation),
        ["admin:restoreUser"] = (async t => new { userId = (await t.SaveUser(AccountStatus.Pending, closed: true)).Id },
            s_adminMutation),
        ["admin:setRole"] = (async t => new { userId = (await t.SaveUser()).Id, role = "moderator" },
            s_adminMutation),
        ["admin:setStatus"] = (async t => new { userId = (await t.SaveUser()).Id, accountStatus = "suspended", reason = "Spam" },
            s_moderatorMutation),
        ["events:listPublished"] = (_ => Task.FromResult<object>(new { }),
            [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ["events:list"] = (_ => Task.FromResult<object>(new { paginationOpts = new { numItems = 5, cursor = (string?)null } }),
            [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        // An unpublished event: only active admins and the operator see it.
        ["events:get"] = (async t => new { eventId = (await t.SaveEvent(published: false)).Id },
            [NotFound, NotFound, NotFound, NotFound, NotFound, NotFound, NotFound, NotFound, Ok, NotFound, Ok]),
        ["events:getByLumaSlug"] = (async t => new { lumaSlug = (await t.SaveEvent(published: false)).LumaSlug },
            [Null, Null, Null, Null, Null, Null, Null, Null, Ok, Null, Ok]),
        ["events:adminList"] = (_ => Task.FromResult<object>(new { paginationOpts = new { numItems = 5, cursor = (string?)null } }),
            s_adminQuery),
        ["events:adminGet"] = (async t => new { eventId = (await t.SaveEvent()).Id },
            s_adminQuery),
        ["events:create"] = (_ => Task.FromResult<object>(new { title = "Meetup", lumaUrl = "https://lu.ma/m", startDate = 1.8e12 }),
            s_adminMutation),
        ["events:update"] = (async t => new { eventId = (await t.SaveEvent()).Id, title = "Renamed" },
            s_adminMutation),
        ["events:remove"] = (async t => new { eventId = (await t.SaveEvent()).Id },
            s_adminMutation),
        ["events:refreshStatuses"] = (_ => Task.FromResult<object>(new { }),
            [Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Ok]),
        ["luma/preview:fetchEvent"] = (_ => Task.FromResult<object>(new { url = "https://lu.ma/some-event" }),
            [Unauth, NoAccount, NotActive, NotActive, AdmRequired, Suspended, Banned, AdmRequired, Upstream, Closed, Upstream]),
        ["luma/syncAction:syncCalendar"] = (_ => Task.FromResult<object>(new { }),
            [Unauth, NoAccount, NotActive, NotActive, AdmRequired, Suspended, Banned, AdmRequired, Upstream, Closed, Upstream]),
        ["luma/sync:listRuns"] = (_ => Task.FromResult<object>(new { paginationOpts = new { numItems = 5, cursor = (string?)null } }),
            s_adminQuery),
        ["luma/sync:syncCalendar"] = (_ => Task.FromResult<object>(new { }),
            [Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Upstream]),
        ["luma/sync:startRun"] = (_ => Task.FromResult<object>(new { trigger = "admin", calendarSlug = "frutero-club" }),
            [Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Ok]),
        ["luma/sync:applyEvents"] = (async t => new { runId = (await t.SaveRun()).Id, calendarSlug = "frutero-club", events = Array.Empty<object>() },
            [Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Ok]),
        ["luma/sync:finishRun"] = (async t => new
            {
                runId = (await t.SaveRun()).Id, status = "success", source = "web", totals = new { }, errorMessages = Array.Empty<string>(),
                error = (string?)null, listed = (object?)null,
            },
            [Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Ok]),
        ["access:requireAdmin"] = (_ => Task.FromResult<object>(new { }),
            [Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Hidden, Null]),
    };

    private Task<LumaSyncRun> SaveRun() =>
        Save(new LumaSyncRun { Trigger = LumaSyncTrigger.Cron, CalendarSlug = "frutero-club", StartedAt = DateTimeOffset.UtcNow });

    private Task<Event> SaveEvent(bool published = true) =>
        Save(With(Rows.MinimalEvent(), e =>
        {
            e.IsPublished = published;
            e.LumaSlug = Rows.Unique("slug-");
        }));

    private static IEnumerable<string> RegisteredPaths() =>
        AppFunctions.CreateRegistry(AppFunctions.CreateValueMapper()).Functions
            .Select(f => f.Path)
            .Where(p => !s_notCovered.Any(m => p.StartsWith(m, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal);

    // Every module's rows, from the static Rows fields of all parts of this class (read after the type's static
    // initialisation: the parts' initialisers run in no defined order).
    private static Dictionary<string, (Func<AccessMatrixTests, Task<object>> Args, string[] Expected)> Matrix =>
        typeof(AccessMatrixTests).GetFields(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(MatrixRows))
            .SelectMany(f => (MatrixRows)f.GetValue(null)!)
            .ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);

    /// <summary>The functions the matrix covers, from the registry.</summary>
    public static TheoryData<string> Functions() => [.. RegisteredPaths()];

    [Fact]
    public void the_matrix_has_a_row_for_exactly_the_registered_functions()
    {
        Matrix.Keys.Order(StringComparer.Ordinal).ShouldBe(RegisteredPaths());
        Matrix.Values.ShouldAllBe(row => row.Expected.Length == Enum.GetValues<Who>().Length);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public Task each_caller_is_allowed_or_refused_as_the_access_level_says(string path) => WithServer(async s =>
    {
        Matrix.TryGetValue(path, out var row).ShouldBeTrue($"{path} has no row in the access matrix");
        var callers = await CallersAsync();
        var mismatches = new StringBuilder();
        foreach (var who in Enum.GetValues<Who>())
        {
            var expected = row.Expected[(int)who];
            var outcome = await Call(s, callers[who], path, await row.Args(this));
            var actual = outcome switch
            {
                { Success: true, Value: null } => Null,
                { Success: true } => Ok,
                { Error: { } error } => $"{error["code"]} {error["reason"]}".Trim(),
                { Message: { } message } when message.StartsWith("Could not find public function", StringComparison.Ordinal) => Hidden,
                _ => "plain error: " + outcome.Message,
            };
            if (actual != expected)
            {
                mismatches.AppendLine($"  {who}: expected {expected}, got {actual}");
            }
        }

        mismatches.ToString().ShouldBeEmpty($"{path}:\n{mismatches}");
    });

    private async Task<Dictionary<Who, Caller>> CallersAsync()
    {
        async Task<Caller> Saved(AccountStatus status, UserRole role = UserRole.Member, bool closed = false) =>
            As(await SaveUser(status, role, closed));

        return new Dictionary<Who, Caller>
        {
            [Who.Anonymous] = Caller.Anonymous,
            [Who.TokenWithoutAccount] = Token(NewDid()),
            [Who.Incomplete] = await Saved(AccountStatus.Incomplete),
            [Who.Pending] = await Saved(AccountStatus.Pending),
            [Who.Active] = await Saved(AccountStatus.Active),
            [Who.Suspended] = await Saved(AccountStatus.Suspended),
            [Who.Banned] = await Saved(AccountStatus.Banned),
            [Who.Moderator] = await Saved(AccountStatus.Active, UserRole.Moderator),
            [Who.Admin] = await Saved(AccountStatus.Active, UserRole.Admin),
            [Who.Closed] = await Saved(AccountStatus.Pending, closed: true),
            [Who.Operator] = Caller.Admin,
        };
    }
}
