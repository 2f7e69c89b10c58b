using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Poktapok.App.Schema;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Functions;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

/// <summary><c>users:*</c> (FUNCTIONS.md §3.1) on the provider under test, through the function runtime.</summary>
public sealed class UsersTests : AccountTest
{
    private static readonly string[] s_userSelfFields =
    [
        "_id", "_creationTime", "email", "username", "displayName", "bio", "avatarUrl", "role", "accountStatus", "primaryAuthMethod",
        "appWallet", "extWallet", "createdAt", "lastLoginAt",
    ];

    // ---------------------------------------------------------------- login

    [Fact]
    public Task a_first_login_creates_an_incomplete_account_from_the_token_did() => WithServer(async s =>
    {
        var did = NewDid();
        var result = (await Call(s, Token(did), "users:login", new { loginMethod = "google" })).Ok()!;

        result["isNew"]!.GetValue<bool>().ShouldBeTrue();
        result["profile"].ShouldBeNull();
        var user = result["user"]!.AsObject();
        user.Select(p => p.Key).ShouldBe(s_userSelfFields, ignoreOrder: true);
        var suffix = did["did:privy:".Length..];
        Str(user["email"]).ShouldBe($"{suffix}@google.incomplete.user");
        Str(user["username"]).ShouldBe("user_" + did[^12..]);
        Str(user["displayName"]).ShouldBe("Google User");
        Str(user["primaryAuthMethod"]).ShouldBe("social");
        Str(user["role"]).ShouldBe("member");
        Str(user["accountStatus"]).ShouldBe("incomplete");
        user["appWallet"].ShouldBeNull();

        var saved = await Reload(Guid.Parse(Str(user["_id"])));
        saved.PrivyDid.ShouldBe(did);
        saved.CreatedAt.ShouldBe(saved.LastLoginAt);
        user["_creationTime"]!.GetValue<double>().ShouldBe(user["createdAt"]!.GetValue<double>());
        await using var db = Database.Open();
        (await db.Profiles.CountAsync(p => p.UserId == saved.Id)).ShouldBe(0);
    });

    [Fact]
    public Task without_a_login_method_the_account_is_a_wallet_new_user_with_a_plain_temporary_email() => WithServer(async s =>
    {
        var did = NewDid();
        var user = (await Call(s, Token(did), "users:login")).Ok()!["user"]!;

        Str(user["email"]).ShouldBe($"{did["did:privy:".Length..]}@incomplete.user");
        Str(user["displayName"]).ShouldBe("New User");
        Str(user["primaryAuthMethod"]).ShouldBe("wallet");
    });

    [Theory]
    [InlineData("email", "email")]
    [InlineData("sms", "email")]
    [InlineData("siwe", "wallet")]
    [InlineData("siws", "wallet")]
    [InlineData("github", "social")]
    [InlineData("discord", "social")]
    public Task the_auth_method_is_derived_from_the_login_method(string loginMethod, string expected) => WithServer(async s =>
    {
        var user = (await Call(s, Token(NewDid()), "users:login", new { loginMethod })).Ok()!["user"]!;
        Str(user["primaryAuthMethod"]).ShouldBe(expected);
    });

    [Fact]
    public Task the_given_email_wallets_and_auth_method_are_kept() => WithServer(async s =>
    {
        var user = (await Call(s, Token(NewDid()), "users:login", new
        {
            email = "  ana@example.org ",
            appWallet = Rows.Wallet,
            extWallet = "0x" + new string('c', 40),
            primaryAuthMethod = "email",
            loginMethod = "siwe",
        })).Ok()!["user"]!;

        Str(user["email"]).ShouldBe("ana@example.org");
        Str(user["appWallet"]).ShouldBe(Rows.Wallet);
        Str(user["extWallet"]).ShouldBe("0x" + new string('c', 40));
        Str(user["primaryAuthMethod"]).ShouldBe("email");
        Str(user["displayName"]).ShouldBe("Siwe User");
    });

    [Fact]
    public Task an_email_another_account_has_gives_a_temporary_email_instead_of_an_error() => WithServer(async s =>
    {
        await SaveUser(change: u => u.Email = "Taken@Example.org");
        var did = NewDid();

        var user = (await Call(s, Token(did), "users:login", new { email = "taken@example.org", loginMethod = "email" })).Ok()!["user"]!;

        Str(user["email"]).ShouldBe($"{did["did:privy:".Length..]}@email.incomplete.user");
    });

    [Fact]
    public Task a_later_login_refreshes_last_login_and_wallets_and_returns_the_profile() => WithServer(async s =>
    {
        var existing = await SaveUser(change: u => u.LastLoginAt = Rows.At);
        await Save(new Profile { UserId = existing.Id, City = "CDMX" });

        var result = (await Call(s, As(existing), "users:login", new { appWallet = Rows.Wallet, email = "other@example.org" })).Ok()!;

        result["isNew"]!.GetValue<bool>().ShouldBeFalse();
        Str(result["profile"]!["city"]).ShouldBe("CDMX");
        Str(result["user"]!["email"]).ShouldBe(existing.Email);
        var saved = await Reload(existing.Id);
        saved.LastLoginAt.ShouldBeGreaterThan(Rows.At);
        saved.AppWallet.ShouldBe(Rows.Wallet);
        saved.ExtWallet.ShouldBeNull();
        result["user"]!["lastLoginAt"]!.GetValue<double>().ShouldBe(ValueMapper.UnixMilliseconds(saved.LastLoginAt));
    });

    [Fact]
    public Task a_closed_account_cannot_log_in() => WithServer(async s =>
    {
        var closed = await SaveUser(AccountStatus.Pending, closed: true);
        (await Call(s, As(closed), "users:login")).Fails("FORBIDDEN", "ACCOUNT_CLOSED");
        (await Reload(closed.Id)).LastLoginAt.ShouldBe(closed.LastLoginAt);
    });

    [Fact]
    public Task suspended_and_banned_accounts_still_log_in_so_the_client_can_tell_them_why() => WithServer(async s =>
    {
        foreach (var status in new[] { AccountStatus.Suspended, AccountStatus.Banned })
        {
            var user = await SaveUser(status);
            Str((await Call(s, As(user), "users:login")).Ok()!["user"]!["accountStatus"]).ShouldBe(status.ToString().ToLowerInvariant());
        }
    });

    [Fact]
    public Task malformed_wallets_and_emails_are_invalid_arguments() => WithServer(async s =>
    {
        (await Call(s, Token(NewDid()), "users:login", new { appWallet = "0x123", extWallet = "nope", email = "not-an-email" }))
            .FailsOnFields("appWallet", "extWallet", "email");
    });

    [Fact]
    public Task an_anonymous_login_is_unauthenticated_over_http() => WithServer(async s =>
    {
        var response = await s.CallAsync("mutation", "users:login", new { });
        Str(response["status"]).ShouldBe("error");
        Str(response["errorData"]!["code"]).ShouldBe("UNAUTHENTICATED");
        response["errorData"]!["reason"].ShouldBeNull();
    });

    [Fact]
    public Task ten_concurrent_first_logins_of_one_did_create_one_account() => WithServer(async s =>
    {
        // Ten: the most one identity may log in at once (10 a minute, RateLimitsTests).
        var did = NewDid();
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Call(s, Token(did), "users:login", new { loginMethod = "email" })));

        var values = results.Select(r => r.Ok()!).ToList();
        values.Select(v => Str(v["user"]!["_id"])).Distinct().Count().ShouldBe(1);
        values.Count(v => v["isNew"]!.GetValue<bool>()).ShouldBe(1);
        await using var db = Database.Open();
        (await db.Users.IgnoreQueryFilters().CountAsync(u => u.PrivyDid == did)).ShouldBe(1);
    });

    // ---------------------------------------------------------------- me

    [Fact]
    public Task me_is_null_before_the_first_login_and_for_a_closed_account() => WithServer(async s =>
    {
        (await Call(s, Token(NewDid()), "users:me")).Ok().ShouldBeNull();
        var closed = await SaveUser(AccountStatus.Pending, closed: true);
        (await Call(s, As(closed), "users:me")).Ok().ShouldBeNull();
    });

    [Fact]
    public Task me_returns_the_account_and_profile_without_private_fields() => WithServer(async s =>
    {
        var user = await SaveUser(AccountStatus.Banned, change: u => u.Metadata = new JsonObject { ["secret"] = 1 });
        await Save(new Profile { UserId = user.Id, Country = "Mexico" });

        var me = (await Call(s, As(user), "users:me")).Ok()!;

        me.AsObject().Select(p => p.Key).ShouldBe(["user", "profile"], ignoreOrder: true);
        me["user"]!.AsObject().Select(p => p.Key).ShouldBe(s_userSelfFields, ignoreOrder: true);
        Str(me["user"]!["_id"]).ShouldBe(user.Id.ToString());
        Str(me["user"]!["accountStatus"]).ShouldBe("banned");
        Str(me["profile"]!["country"]).ShouldBe("Mexico");
        me.ToJsonString().ShouldNotContain(user.PrivyDid);
        me.ToJsonString().ShouldNotContain("secret");
    });

    [Fact]
    public Task me_without_a_token_is_unauthenticated() => WithServer(async s =>
        (await Call(s, Caller.Anonymous, "users:me")).Fails("UNAUTHENTICATED"));

    // ---------------------------------------------------------------- updateMe

    [Fact]
    public Task update_me_changes_only_the_given_fields_trimmed() => WithServer(async s =>
    {
        var user = await SaveUser(AccountStatus.Incomplete, change: u => { u.Bio = "Old bio"; u.AvatarUrl = "https://cdn.example.org/a.png"; });

        var updated = (await Call(s, As(user), "users:updateMe", new { username = "  ana_frutera ", displayName = " Ana " })).Ok()!["user"]!;

        Str(updated["username"]).ShouldBe("ana_frutera");
        Str(updated["displayName"]).ShouldBe("Ana");
        Str(updated["bio"]).ShouldBe("Old bio");
        Str(updated["email"]).ShouldBe(user.Email);
        Str(updated["avatarUrl"]).ShouldBe("https://cdn.example.org/a.png");
        Str(updated["accountStatus"]).ShouldBe("incomplete");
        var saved = await Reload(user.Id);
        saved.Username.ShouldBe("ana_frutera");
        saved.UpdatedAt.ShouldBeGreaterThan(user.UpdatedAt);
    });

    [Fact]
    public Task null_and_empty_strings_clear_the_nullable_fields() => WithServer(async s =>
    {
        var user = await SaveUser(change: u => { u.Bio = "Old bio"; u.AvatarUrl = "https://cdn.example.org/a.png"; });

        var updated = (await Call(s, As(user), "users:updateMe", new { bio = (string?)null, avatarUrl = "  ", displayName = "" })).Ok()!["user"]!;

        updated["bio"].ShouldBeNull();
        updated["avatarUrl"].ShouldBeNull();
        updated["displayName"].ShouldBeNull();
        (await Reload(user.Id)).Bio.ShouldBeNull();
    });

    [Fact]
    public Task update_me_never_changes_the_account_status() => WithServer(async s =>
    {
        var user = await SaveUser(AccountStatus.Incomplete);
        var updated = (await Call(s, As(user), "users:updateMe", new
        {
            username = "complete_name", email = "real@example.org", displayName = "Real Name", bio = "Hi",
        })).Ok()!["user"]!;

        Str(updated["accountStatus"]).ShouldBe("incomplete");
        (await Reload(user.Id)).AccountStatus.ShouldBe(AccountStatus.Incomplete);
    });

    [Fact]
    public Task a_username_another_account_has_in_any_case_is_a_conflict_even_when_that_account_is_closed() => WithServer(async s =>
    {
        await SaveUser(change: u => u.Username = "Frutera");
        await SaveUser(closed: true, change: u => u.Username = "closed_one");
        var user = await SaveUser();

        (await Call(s, As(user), "users:updateMe", new { username = "frutera" })).Fails("CONFLICT", "USERNAME_TAKEN");
        (await Call(s, As(user), "users:updateMe", new { username = "closed_one" })).Fails("CONFLICT", "USERNAME_TAKEN");
        (await Call(s, As(user), "users:updateMe", new { username = user.Username })).Ok();
    });

    [Fact]
    public Task an_email_another_account_has_in_any_case_is_a_conflict() => WithServer(async s =>
    {
        await SaveUser(change: u => u.Email = "Ana@Example.org");
        var user = await SaveUser();

        (await Call(s, As(user), "users:updateMe", new { email = "ana@example.ORG" })).Fails("CONFLICT", "EMAIL_TAKEN");
        (await Call(s, As(user), "users:updateMe", new { email = user.Email!.ToUpperInvariant() })).Ok();
    });

    [Theory]
    [InlineData("username", "ab")]
    [InlineData("username", "Ana")]
    [InlineData("username", "ana frutera")]
    [InlineData("username", "   ")]
    [InlineData("username", "user_reserved")]
    [InlineData("email", "")]
    [InlineData("email", "not-an-email")]
    [InlineData("email", "abc@google.incomplete.user")]
    [InlineData("avatarUrl", "http://cdn.example.org/a.png")]
    [InlineData("avatarUrl", "javascript:alert(1)")]
    public Task content_rules_are_invalid_arguments_naming_the_field(string field, string value) => WithServer(async s =>
    {
        var user = await SaveUser();
        (await Call(s, As(user), "users:updateMe", new Dictionary<string, object?> { [field] = value })).FailsOnFields(field);
    });

    [Fact]
    public Task every_broken_rule_is_reported_at_once_and_nothing_is_written() => WithServer(async s =>
    {
        var user = await SaveUser();
        (await Call(s, As(user), "users:updateMe", new
        {
            username = "x", email = "nope", displayName = new string('d', 101), bio = new string('b', 281),
            avatarUrl = "https://" + new string('a', 500) + ".org",
        })).FailsOnFields("username", "email", "displayName", "bio", "avatarUrl");
        (await Reload(user.Id)).UpdatedAt.ShouldBe(user.UpdatedAt);
    });

    [Fact]
    public Task null_username_or_email_is_refused_by_the_validator() => WithServer(async s =>
    {
        var user = await SaveUser();
        var outcome = await Call(s, As(user), "users:updateMe", new { username = (string?)null });
        outcome.Success.ShouldBeFalse();
        outcome.Error.ShouldBeNull();
        outcome.Message!.ShouldContain("ArgumentValidationError");
    });

    [Fact]
    public Task a_user_keeping_a_temporary_username_is_not_refused() => WithServer(async s =>
    {
        var user = await SaveUser(AccountStatus.Incomplete, change: u => u.Username = "user_abcdef123456");
        (await Call(s, As(user), "users:updateMe", new { username = "user_abcdef123456", bio = "hello" })).Ok();
    });

    // ---------------------------------------------------------------- checkUsername

    [Theory]
    [InlineData("ab", "INVALID_FORMAT")]
    [InlineData("Ana_1", "INVALID_FORMAT")]
    [InlineData("ana-1", "INVALID_FORMAT")]
    [InlineData("user_123", "RESERVED_PREFIX")]
    [InlineData("taken_name", "TAKEN")]
    [InlineData(" closed_name ", "TAKEN")]
    [InlineData("free_name", null)]
    public Task check_username_reports_format_reserved_prefix_and_taken(string username, string? reason) => WithServer(async s =>
    {
        await SaveUser(change: u => u.Username = "Taken_Name");
        await SaveUser(closed: true, change: u => u.Username = "closed_name");

        var result = (await Call(s, Caller.Anonymous, "users:checkUsername", new { username })).Ok()!.AsObject();

        result["available"]!.GetValue<bool>().ShouldBe(reason is null);
        if (reason is null)
        {
            result.ContainsKey("reason").ShouldBeFalse();
        }
        else
        {
            Str(result["reason"]).ShouldBe(reason);
        }
    });

    [Fact]
    public Task check_username_refuses_more_than_fifty_characters() => WithServer(async s =>
        (await Call(s, Caller.Anonymous, "users:checkUsername", new { username = new string('a', 51) })).FailsOnFields("username"));
}
