using System.Text.Json.Nodes;
using Poktapok.App.Data;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using Poktapok.Protocol.Values;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary>
/// What the users/admin function tests share: a server over the test's database, accounts of any status and
/// role, callers for them, and calls through the function runtime exactly as the transports make them.
/// </summary>
public abstract class AccountTest : DatabaseTest
{
    protected async Task WithServer(Func<TestServer, Task> test)
    {
        await using var server = await TestServer.StartAsync(Database, ServerSettings);
        await test(server);
    }

    /// <summary>Configuration of the servers <see cref="WithServer"/> starts (null: the defaults).</summary>
    protected virtual IDictionary<string, string?>? ServerSettings => null;

    /// <summary>Saves an account with a username and email of its own.</summary>
    protected async Task<User> SaveUser(AccountStatus status = AccountStatus.Active, UserRole role = UserRole.Member, bool closed = false,
        Action<User>? change = null)
    {
        var user = Rows.MinimalUser();
        user.Username = Rows.Unique("name").ToLowerInvariant();
        user.Email = user.Username + "@example.org";
        user.DisplayName = "Test " + user.Username;
        user.AccountStatus = status;
        user.Role = role;
        user.DeletedAt = closed ? Rows.At : null;
        change?.Invoke(user);
        await using var db = Database.Open();
        return await new Rows(db).Saved(user);
    }

    protected async Task<T> Save<T>(T row) where T : class
    {
        await using var db = Database.Open();
        return await new Rows(db).Saved(row);
    }

    /// <summary>Reads a user back from the database, closed ones included.</summary>
    protected async Task<User> Reload(Guid id)
    {
        await using var db = Database.Open();
        return Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(db.Users).Single(u => u.Id == id);
    }

    protected static Caller As(User user) => Token(user.PrivyDid);

    protected static Caller Token(string did) => new(new Identity(did, "privy.io", new Dictionary<string, object?>()), false);

    protected static string NewDid() => "did:privy:" + Guid.NewGuid().ToString("N")[..25];

    /// <summary>Runs a function as the HTTP and sync transports do (kind checked, arguments bound and validated).</summary>
    protected static Task<Outcome> Call(TestServer server, Caller caller, string path, object? args = null) =>
        Call(server.Functions, caller, path, args);

    /// <summary>Runs a function on a given runtime (one with its own clock, say) as the transports do.</summary>
    protected static async Task<Outcome> Call(FunctionRunner<AppDb> functions, Caller caller, string path, object? args = null)
    {
        var function = functions.Registry.Find(path) ?? throw new InvalidOperationException($"{path} is not a function");
        var outcome = await functions.RunAsync(path, functions.Values.ToConvex(args ?? new { }), caller, function.Kind,
            CancellationToken.None);
        return new Outcome(outcome.Success, Json(outcome.Value), Json(outcome.ErrorData), outcome.ErrorMessage);
    }

    private static JsonNode? Json(ConvexValue? value) =>
        value is null ? null : JsonNode.Parse(ConvexJson.Serialize(value, ConvexJsonFormat.Json));

    /// <summary>A run's result as JSON: <see cref="Value"/> on success, else <see cref="Error"/> (the error data).</summary>
    public sealed record Outcome(bool Success, JsonNode? Value, JsonNode? Error, string? Message)
    {
        /// <summary>The value, asserting success.</summary>
        public JsonNode? Ok()
        {
            Success.ShouldBeTrue($"expected success, got {Message} {Error?.ToJsonString()}");
            return Value;
        }

        /// <summary>Asserts an application error with this code and reason (null: none).</summary>
        public JsonNode Fails(string code, string? reason = null)
        {
            Success.ShouldBeFalse($"expected {code} {reason}, got success: {Value?.ToJsonString()}");
            Error.ShouldNotBeNull($"expected {code} {reason}, got a plain error: {Message}");
            Error["code"]!.GetValue<string>().ShouldBe(code, Error.ToJsonString());
            Error["reason"]?.GetValue<string>().ShouldBe(reason, Error.ToJsonString());
            if (reason is not null)
            {
                Error["reason"].ShouldNotBeNull(Error.ToJsonString());
            }

            Error["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
            return Error;
        }

        /// <summary>Asserts <c>INVALID_ARGUMENT</c> naming exactly these fields.</summary>
        public void FailsOnFields(params string[] fields)
        {
            var error = Fails("INVALID_ARGUMENT");
            error["details"]!["fields"]!.AsObject().Select(f => f.Key).ShouldBe(fields, ignoreOrder: true);
        }
    }

    protected static string Str(JsonNode? node) => node!.GetValue<string>();
}
