using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Poktapok.App;
using Poktapok.App.Schema.Enums;
using Poktapok.Engine.Auth;
using Poktapok.Engine.Functions;
using Poktapok.Protocol.Values;
using Poktapok.Server.Tests.Infrastructure;

namespace Poktapok.Server.Tests.Functions;

// The matrix's last two kinds of caller (issue 10): a forged token and an expired one. They cannot be Caller objects:
// a token is refused by the transport before any function is looked up, so these go over the real HTTP API with
// "Authorization: Bearer <jwt>", for every function a client can call, with the matrix's own arguments.
public sealed partial class AccessMatrixTests
{
    /// <summary>The refusal of a bad token on the HTTP API: 401 with this code, whatever the function.</summary>
    private const string RefusedToken = "InvalidAuthHeader";

    // Mutations that may succeed without a write (so without a commit): an upload URL is signed, not stored.
    private static readonly HashSet<string> s_mutationsThatWriteNothing = ["files:generateUploadUrl"];

    /// <summary>Every registered function a client can call (internal ones do not exist for clients).</summary>
    public static TheoryData<string> ClientFunctions() =>
    [
        .. AppFunctions.CreateRegistry(AppFunctions.CreateValueMapper()).Functions
            .Where(f => !f.IsInternal)
            .Select(f => f.Path)
            .Where(p => !s_notCovered.Any(m => p.StartsWith(m, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>
    /// Each bad token — forged four ways, or expired — claims the subject of an active admin and is answered 401
    /// <c>InvalidAuthHeader</c> with only <c>{code, message}</c>; the commit log does not move (no function ran,
    /// no mutation committed). Then a valid token for the same admin, with the same arguments, gets the matrix's
    /// admin cell: the arguments were fine, the refused calls consumed nothing (a <c>remove</c> still finds its
    /// row), and a real token over HTTP gives what the matrix's admin caller gets.
    /// </summary>
    [Theory]
    [MemberData(nameof(ClientFunctions))]
    public async Task a_forged_or_expired_token_is_refused_before_the_function_runs(string path)
    {
        using var dev = new DevAuthKey();
        var settings = new Dictionary<string, string?>(ServerSettings) { ["Scheduler:Enabled"] = "false" };
        foreach (var (key, value) in dev.Settings)
        {
            settings[key] = value;
        }

        await using var server = await TestServer.StartAsync(Database, settings);
        var function = server.Functions.Registry.Find(path).ShouldNotBeNull();
        var row = Matrix[path];
        var admin = await SaveUser(AccountStatus.Active, UserRole.Admin);
        var body = JsonSerializer.Serialize(new
        {
            path,
            args = new[] { JsonNode.Parse(ConvexJson.Serialize(server.Functions.Values.ToConvex(await row.Args(this)), ConvexJsonFormat.Json)) },
            format = "json",
        });
        var kind = function.Kind.ToString().ToLowerInvariant();

        var before = await LatestTimestampAsync(server);
        foreach (var (forgery, token, message) in BadTokens(dev, admin.PrivyDid))
        {
            var (status, answer) = await CallWithTokenAsync(server, kind, body, token);
            status.ShouldBe(401, $"{path}, {forgery}: {answer?.ToJsonString()}");
            answer.ShouldNotBeNull();
            answer.AsObject().Select(p => p.Key).ShouldBe(["code", "message"], ignoreOrder: true, $"{path}, {forgery}: {answer.ToJsonString()}");
            answer["code"]!.GetValue<string>().ShouldBe(RefusedToken, $"{path}, {forgery}");
            answer["message"]!.GetValue<string>().ShouldStartWith(message, Case.Sensitive, $"{path}, {forgery}");
        }

        (await LatestTimestampAsync(server)).ShouldBe(before, $"{path}: nothing was committed for a refused token");

        var (validStatus, valid) = await CallWithTokenAsync(server, kind, body, dev.Mint(admin.PrivyDid, TimeSpan.FromHours(1)));
        validStatus.ShouldBe(200, $"{path} with a valid token: {valid?.ToJsonString()}");
        var expected = row.Expected[(int)Who.Admin];
        var actual = valid!["status"]!.GetValue<string>() switch
        {
            "success" when valid["value"] is null => Null,
            "success" => Ok,
            _ when valid["errorData"] is JsonObject error => $"{error["code"]} {error["reason"]}".Trim(),
            _ => "plain error: " + valid["errorMessage"],
        };
        actual.ShouldBe(expected, $"{path} with a valid admin token over HTTP, as the matrix's admin cell says");
        if (function.Kind == FunctionKind.Mutation && actual is Ok or Null && !s_mutationsThatWriteNothing.Contains(path))
        {
            // The commit log check above can fail: a mutation that ran and wrote moves it.
            (await LatestTimestampAsync(server)).ShouldNotBe(before, $"{path}: the valid call committed");
        }
    }

    /// <summary>Tokens for <paramref name="subject"/> that the server must refuse, with the start of the refusal's message.</summary>
    private static IEnumerable<(string Forgery, string Token, string Message)> BadTokens(DevAuthKey dev, string subject)
    {
        var trustedKid = new JsonWebToken(dev.Mint(subject, TimeSpan.FromHours(1))).Kid;

        // Signed with a key the server does not know (its own kid).
        using var other = dev.Other();
        yield return ("signed by an unknown key", other.Mint(subject, TimeSpan.FromHours(1)), "Token signature is invalid: no signing key with kid");

        // Signed with another key but naming the trusted key's kid.
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var posing = new SigningCredentials(new ECDsaSecurityKey(stranger) { KeyId = trustedKid }, SecurityAlgorithms.EcdsaSha256);
        yield return ("signed by another key under the trusted kid", Sign(subject, posing), "Token signature is invalid");

        // A genuine token of someone else with its subject changed to the admin's.
        var genuine = dev.Mint("did:privy:" + Guid.NewGuid().ToString("N")[..25], TimeSpan.FromHours(1)).Split('.');
        var claims = JsonNode.Parse(Base64UrlEncoder.Decode(genuine[1]))!;
        claims["sub"] = subject;
        yield return ("a genuine token with its subject changed", $"{genuine[0]}.{Base64UrlEncoder.Encode(claims.ToJsonString())}.{genuine[2]}",
            "Token signature is invalid");

        // Not signed at all.
        yield return ("unsigned (alg none)", Unsigned(subject, trustedKid), "Token algorithm 'none' is not accepted");

        // Signed with the trusted key, expired an hour ago (far beyond the clock skew).
        yield return ("expired", dev.Mint(subject, TimeSpan.FromHours(1), now: DateTimeOffset.UtcNow.AddHours(-2)), "Token expired at ");
    }

    private static string Sign(string subject, SigningCredentials credentials)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = DevTokens.Issuer,
            Audience = DevTokens.Audience,
            IssuedAt = now,
            Expires = now.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = subject, ["sid"] = Guid.NewGuid().ToString() },
            SigningCredentials = credentials,
        });
    }

    private static string Unsigned(string subject, string kid)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = JsonSerializer.Serialize(new { alg = "none", typ = "JWT", kid });
        var payload = JsonSerializer.Serialize(new
        {
            iss = DevTokens.Issuer, aud = DevTokens.Audience, sub = subject, sid = "forged", iat = now, exp = now + 3600,
        });
        return $"{Base64UrlEncoder.Encode(header)}.{Base64UrlEncoder.Encode(payload)}.";
    }

    private static async Task<(int Status, JsonNode? Body)> CallWithTokenAsync(TestServer server, string kind, string body, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/{kind}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        using var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static async Task<string> LatestTimestampAsync(TestServer server)
    {
        var (status, body) = await server.PostAsync("/api/query_ts", "");
        status.ShouldBe(200);
        return body!["ts"]!.GetValue<string>();
    }
}
