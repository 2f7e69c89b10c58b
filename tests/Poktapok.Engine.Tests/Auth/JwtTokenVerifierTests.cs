using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Poktapok.Engine.Auth;
using Poktapok.Engine.Functions;
using Poktapok.Protocol.Sync;

namespace Poktapok.Engine.Tests.Auth;

/// <summary>User tokens checked as Convex checks custom JWTs, with real keys and tokens signed by the library.</summary>
public sealed class JwtTokenVerifierTests : IDisposable
{
    private const string AppId = "cm0testappid0000000000000";
    private const string Did = "did:privy:cm0user000000000000000000";
    private static readonly DateTimeOffset s_now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ECDsa _privyKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly RSA _rsaKey = RSA.Create(2048);
    private readonly FixedTime _time = new(s_now);

    public void Dispose()
    {
        _privyKey.Dispose();
        _otherKey.Dispose();
        _rsaKey.Dispose();
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private JwtProvider Privy => JwtProvider.Privy(AppId, _privyKey.ExportSubjectPublicKeyInfoPem());

    private JwtTokenVerifier Verifier(params JwtProvider[] providers) => new(providers.Length == 0 ? [Privy] : providers, time: _time);

    /// <summary>Privy's access-token claims, <paramref name="change"/>d; a null value removes the claim.</summary>
    private static Dictionary<string, object?> PrivyClaims(Action<Dictionary<string, object?>>? change = null)
    {
        var claims = new Dictionary<string, object?>
        {
            ["sid"] = "cm0session0000000000000000",
            ["iss"] = "privy.io",
            ["iat"] = s_now.AddMinutes(-10).ToUnixTimeSeconds(),
            ["aud"] = AppId,
            ["sub"] = Did,
            ["exp"] = s_now.AddMinutes(50).ToUnixTimeSeconds(),
        };
        change?.Invoke(claims);
        return claims;
    }

    private static string Payload(Dictionary<string, object?> claims) =>
        JsonSerializer.Serialize(claims.Where(c => c.Value is not null).ToDictionary());

    private static string Sign(SecurityKey key, string algorithm, Dictionary<string, object?> claims) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }
            .CreateToken(Payload(claims), new SigningCredentials(key, algorithm));

    private string PrivyToken(Action<Dictionary<string, object?>>? change = null) =>
        Sign(new ECDsaSecurityKey(_privyKey) { KeyId = "privy-key" }, SecurityAlgorithms.EcdsaSha256, PrivyClaims(change));

    private static string B64(string json) => Base64UrlEncoder.Encode(json);

    private async Task<Caller> VerifyAsync(string token, JwtTokenVerifier? verifier = null) =>
        await (verifier ?? Verifier()).VerifyAsync(AuthTokenType.User, token, CancellationToken.None);

    private async Task<string> RefusalAsync(string? token, JwtTokenVerifier? verifier = null)
    {
        var refusal = await Should.ThrowAsync<AuthenticationException>(
            () => (verifier ?? Verifier()).VerifyAsync(AuthTokenType.User, token, CancellationToken.None));
        refusal.Message.ShouldNotContain("BEGIN");
        refusal.Message.ShouldNotContain("IDX", customMessage: "the library's own messages are for the log");
        return refusal.Message;
    }

    [Fact]
    public async Task a_privy_access_token_is_the_identity_of_its_did()
    {
        var caller = await VerifyAsync(PrivyToken());

        caller.IsAdmin.ShouldBeFalse();
        var identity = caller.Identity.ShouldNotBeNull();
        identity.Subject.ShouldBe(Did);
        identity.Issuer.ShouldBe("privy.io");
        identity.TokenIdentifier.ShouldBe($"privy.io|{Did}");
        identity.ExpiresAt.ShouldBe(s_now.AddMinutes(50));
        identity.Claims["sid"].ShouldBe("cm0session0000000000000000");
        identity.Claims["aud"].ShouldBe(AppId);
        identity.Claims["iat"].ShouldBeOfType<long>().ShouldBe(s_now.AddMinutes(-10).ToUnixTimeSeconds());
        identity.Claims["exp"].ShouldBeOfType<long>().ShouldBe(s_now.AddMinutes(50).ToUnixTimeSeconds());
        identity.Claims.Keys.ShouldNotContain("sub");
        identity.Claims.Keys.ShouldNotContain("iss");
    }

    [Fact]
    public async Task nested_claims_are_flattened_and_jti_and_nbf_are_dropped()
    {
        var token = PrivyToken(c =>
        {
            c["jti"] = "once";
            c["nbf"] = s_now.AddMinutes(-10).ToUnixTimeSeconds();
            c["properties"] = new Dictionary<string, object> { ["id"] = "p1", ["deep"] = new Dictionary<string, object> { ["n"] = 1.5 } };
            c["roles"] = new[] { "member", "admin" };
            c["guest"] = false;
        });

        var claims = (await VerifyAsync(token)).Identity!.Claims;

        claims["properties.id"].ShouldBe("p1");
        claims["properties.deep.n"].ShouldBeOfType<double>().ShouldBe(1.5);
        claims["roles"].ShouldBe(new List<object?> { "member", "admin" });
        claims["guest"].ShouldBe(false);
        claims.Keys.ShouldNotContain("jti");
        claims.Keys.ShouldNotContain("nbf");
    }

    [Fact]
    public async Task an_audience_array_that_holds_the_app_id_is_accepted()
    {
        var caller = await VerifyAsync(PrivyToken(c => c["aud"] = new[] { "other-app", AppId }));

        caller.Identity!.Subject.ShouldBe(Did);
    }

    [Fact]
    public async Task a_token_expired_beyond_the_five_second_leeway_is_refused()
    {
        var message = await RefusalAsync(PrivyToken(c => c["exp"] = s_now.AddSeconds(-6).ToUnixTimeSeconds()));

        message.ShouldStartWith("Token expired");
        message.ShouldContain("2025-06-01T11:59:54Z");
    }

    [Fact]
    public async Task a_token_expired_within_the_leeway_is_accepted()
    {
        var caller = await VerifyAsync(PrivyToken(c => c["exp"] = s_now.AddSeconds(-4).ToUnixTimeSeconds()));

        caller.Identity!.ExpiresAt.ShouldBe(s_now.AddSeconds(-4));
    }

    [Fact]
    public async Task a_token_whose_nbf_is_in_the_future_is_refused_and_one_within_the_leeway_is_not()
    {
        var message = await RefusalAsync(PrivyToken(c => c["nbf"] = s_now.AddMinutes(1).ToUnixTimeSeconds()));
        var caller = await VerifyAsync(PrivyToken(c => c["nbf"] = s_now.AddSeconds(4).ToUnixTimeSeconds()));

        message.ShouldStartWith("Token is not valid yet");
        caller.Identity.ShouldNotBeNull();
    }

    [Fact]
    public async Task a_token_from_an_unknown_issuer_matches_no_provider()
    {
        var message = await RefusalAsync(PrivyToken(c => c["iss"] = "evil.example"));

        message.ShouldStartWith("No auth provider found matching the given token");
        message.ShouldContain("'evil.example'");
    }

    [Fact]
    public async Task a_token_for_another_privy_app_is_refused_for_its_audience()
    {
        (await RefusalAsync(PrivyToken(c => c["aud"] = "another-app"))).ShouldContain("audience ('another-app') does not match");
        (await RefusalAsync(PrivyToken(c => c["aud"] = null))).ShouldContain("no 'aud'");
    }

    [Theory]
    [InlineData("sub", "Token has no 'sub' (subject) claim.")]
    [InlineData("exp", "Token has no 'exp' (expiration) claim.")]
    [InlineData("iss", "Token has no 'iss' (issuer) claim.")]
    public async Task the_required_claims_are_required(string claim, string message)
    {
        (await RefusalAsync(PrivyToken(c => c[claim] = null))).ShouldBe(message);
    }

    [Fact]
    public async Task an_unsigned_alg_none_token_is_refused()
    {
        var token = $"{B64("""{"alg":"none","typ":"JWT"}""")}.{B64(Payload(PrivyClaims()))}.";

        (await RefusalAsync(token)).ShouldStartWith("Token algorithm 'none' is not accepted");
    }

    [Fact]
    public async Task an_unsigned_token_claiming_es256_is_refused()
    {
        var token = $"{B64("""{"alg":"ES256","typ":"JWT"}""")}.{B64(Payload(PrivyClaims()))}.";

        (await RefusalAsync(token)).ShouldStartWith("Token signature is invalid");
    }

    [Fact]
    public async Task an_hs256_token_keyed_with_the_public_key_is_refused()
    {
        var pem = Encoding.UTF8.GetBytes(_privyKey.ExportSubjectPublicKeyInfoPem());
        var der = _privyKey.ExportSubjectPublicKeyInfo();

        foreach (var secret in new[] { pem, der })
        {
            var token = Sign(new SymmetricSecurityKey(secret), SecurityAlgorithms.HmacSha256, PrivyClaims());

            (await RefusalAsync(token)).ShouldStartWith("Token algorithm 'HS256' is not accepted for issuer 'privy.io' (expected ES256)");
        }
    }

    [Fact]
    public async Task an_rs256_token_is_refused_by_a_provider_that_allows_only_es256()
    {
        var token = Sign(new RsaSecurityKey(_rsaKey), SecurityAlgorithms.RsaSha256, PrivyClaims());

        (await RefusalAsync(token)).ShouldStartWith("Token algorithm 'RS256' is not accepted");
    }

    [Fact]
    public async Task a_token_signed_by_another_key_is_refused()
    {
        var withKid = Sign(new ECDsaSecurityKey(_otherKey) { KeyId = "stolen" }, SecurityAlgorithms.EcdsaSha256, PrivyClaims());
        var withoutKid = Sign(new ECDsaSecurityKey(_otherKey), SecurityAlgorithms.EcdsaSha256, PrivyClaims());

        (await RefusalAsync(withKid)).ShouldStartWith("Token signature is invalid");
        (await RefusalAsync(withoutKid)).ShouldStartWith("Token signature is invalid");
    }

    [Fact]
    public async Task a_token_whose_claims_were_changed_after_signing_is_refused()
    {
        var parts = PrivyToken().Split('.');
        var forged = $"{parts[0]}.{B64(Payload(PrivyClaims(c => c["sub"] = "did:privy:someone-else")))}.{parts[2]}";

        (await RefusalAsync(forged)).ShouldStartWith("Token signature is invalid");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not-a-token")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.!!!.sig")]
    [InlineData("e30.e30.e30.e30.e30")]
    public async Task malformed_strings_are_refused_as_malformed(string? token)
    {
        (await RefusalAsync(token)).ShouldStartWith("Malformed token");
    }

    [Theory]
    [InlineData("iss", "123")]
    [InlineData("iss", "[\"privy.io\"]")]
    [InlineData("aud", "5")]
    [InlineData("aud", "{\"a\":1}")]
    [InlineData("sub", "42")]
    [InlineData("sub", "\"\"")]
    [InlineData("exp", "\"soon\"")]
    [InlineData("exp", "1e400")]
    [InlineData("nbf", "\"now\"")]
    public async Task claims_of_the_wrong_type_are_refused_not_crashes(string claim, string json)
    {
        var claims = PrivyClaims(c => c.Remove(claim));
        var payload = Payload(claims)[..^1] + $",\"{claim}\":{json}}}";
        var token = new JsonWebTokenHandler().CreateToken(payload,
            new SigningCredentials(new ECDsaSecurityKey(_privyKey), SecurityAlgorithms.EcdsaSha256));

        (await RefusalAsync(token)).ShouldMatch("^(Malformed token: |Token has no )");
    }

    [Fact]
    public async Task the_provider_is_chosen_by_issuer_with_convex_normalisation()
    {
        var custom = new JwtProvider
        {
            Name = "Auth:Providers:0",
            Issuer = "https://auth.example.com/",
            Algorithms = [JwtProvider.RS256],
            PublicKey = _rsaKey.ExportSubjectPublicKeyInfoPem(),
        };
        var verifier = Verifier(Privy, custom);
        var rsa = new RsaSecurityKey(_rsaKey);

        foreach (var issuer in new[] { "https://auth.example.com", "https://auth.example.com/", "auth.example.com" })
        {
            var token = Sign(rsa, SecurityAlgorithms.RsaSha256, PrivyClaims(c =>
            {
                c["iss"] = issuer;
                c["aud"] = "anything: this provider has no audience";
            }));

            var identity = (await VerifyAsync(token, verifier)).Identity!;

            identity.Issuer.ShouldBe(issuer);
            identity.TokenIdentifier.ShouldBe($"{issuer}|{Did}");
        }

        (await VerifyAsync(PrivyToken(), verifier)).Identity!.Issuer.ShouldBe("privy.io");
        (await RefusalAsync(Sign(rsa, SecurityAlgorithms.RsaSha256, PrivyClaims(c => c["iss"] = "http://auth.example.com")), verifier))
            .ShouldStartWith("No auth provider found");
    }

    [Fact]
    public async Task of_two_providers_for_one_issuer_the_one_whose_audience_matches_is_used()
    {
        using var second = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var verifier = Verifier(Privy, JwtProvider.Privy("second-app", second.ExportSubjectPublicKeyInfoPem()) with { Name = "second" });
        var token = Sign(new ECDsaSecurityKey(second), SecurityAlgorithms.EcdsaSha256, PrivyClaims(c => c["aud"] = "second-app"));

        (await VerifyAsync(token, verifier)).Identity!.Claims["aud"].ShouldBe("second-app");
    }

    [Fact]
    public async Task a_jwks_in_a_data_url_verifies_tokens_by_kid()
    {
        var q = _otherKey.ExportParameters(false).Q;
        var jwks = $$"""{"keys":[{"kty":"EC","crv":"P-256","x":"{{Base64UrlEncoder.Encode(q.X)}}","y":"{{Base64UrlEncoder.Encode(q.Y)}}","kid":"k1","use":"sig","alg":"ES256"},{"kty":"oct","k":"c2VjcmV0","kid":"hmac"}]}""";
        var provider = new JwtProvider
        {
            Issuer = "https://issuer.example",
            Audience = "my-app",
            JwksUrl = "data:application/json;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(jwks)),
        };
        var percentEncoded = provider with { JwksUrl = "data:application/json," + Uri.EscapeDataString(jwks) };
        var claims = PrivyClaims(c =>
        {
            c["iss"] = "https://issuer.example";
            c["aud"] = "my-app";
        });

        foreach (var verifier in new[] { Verifier(provider), Verifier(percentEncoded) })
        {
            var token = Sign(new ECDsaSecurityKey(_otherKey) { KeyId = "k1" }, SecurityAlgorithms.EcdsaSha256, claims);
            var hmac = Sign(new SymmetricSecurityKey(Encoding.UTF8.GetBytes("secret-secret-secret-secret-1234")) { KeyId = "hmac" },
                SecurityAlgorithms.HmacSha256, claims);

            (await VerifyAsync(token, verifier)).Identity!.TokenIdentifier.ShouldBe($"https://issuer.example|{Did}");
            (await RefusalAsync(hmac, verifier)).ShouldStartWith("Token algorithm 'HS256' is not accepted");
        }
    }

    [Fact]
    public async Task no_token_is_anonymous_and_admin_keys_are_left_to_the_admin_key_verifier()
    {
        var verifier = Verifier();

        (await verifier.VerifyAsync(AuthTokenType.None, null, CancellationToken.None)).ShouldBe(Caller.Anonymous);
        (await Should.ThrowAsync<AuthenticationException>(() => verifier.VerifyAsync(AuthTokenType.Admin, "key", CancellationToken.None)))
            .Message.ShouldContain("no admin key is configured");

        var composed = new AdminKeyVerifier("op-key", verifier);
        (await composed.VerifyAsync(AuthTokenType.Admin, "op-key", CancellationToken.None)).ShouldBe(Caller.Admin);
        (await composed.VerifyAsync(AuthTokenType.User, PrivyToken(), CancellationToken.None)).Identity!.Subject.ShouldBe(Did);
    }

    [Fact]
    public async Task a_pem_with_escaped_newlines_or_bare_base64_is_read()
    {
        var pem = _privyKey.ExportSubjectPublicKeyInfoPem();
        var escaped = JwtProvider.Privy(AppId, pem.Replace("\n", "\\n", StringComparison.Ordinal));
        var bare = JwtProvider.Privy(AppId, Convert.ToBase64String(_privyKey.ExportSubjectPublicKeyInfo()));

        (await VerifyAsync(PrivyToken(), Verifier(escaped))).Identity.ShouldNotBeNull();
        (await VerifyAsync(PrivyToken(), Verifier(bare))).Identity.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("garbage", "neither PEM nor base64")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "is not a key for ES256")]
    [InlineData("private", "must be -----BEGIN PUBLIC KEY----- (SPKI), not 'PRIVATE KEY'")]
    [InlineData("rsa", "is not a key for ES256")]
    [InlineData("p384", "is not a key for ES256")]
    public void a_public_key_that_cannot_work_stops_start_up(string key, string message)
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var pem = key switch
        {
            "private" => _privyKey.ExportPkcs8PrivateKeyPem(),
            "rsa" => _rsaKey.ExportSubjectPublicKeyInfoPem(),
            "p384" => p384.ExportSubjectPublicKeyInfoPem(),
            _ => key,
        };

        var error = Should.Throw<AuthConfigurationException>(() => Verifier(JwtProvider.Privy(AppId, pem)));

        error.Message.ShouldStartWith("Auth:Privy: ");
        error.Message.ShouldContain(message);
        error.Message.ShouldNotContain("MII", customMessage: "no key material in messages");
    }

    [Theory]
    [InlineData("ftp://keys.example/jwks.json", null, "ES256", "must be an absolute http(s):// URL or a data: URL")]
    [InlineData("/jwks.json", null, "ES256", "must be an absolute http(s):// URL or a data: URL")]
    [InlineData("data:application/json,{\"keys\":[]}", null, "ES256", "has no ES256 signing keys")]
    [InlineData("data:application/json,nope", null, "ES256", "is not a JSON Web Key Set")]
    [InlineData(null, null, "ES256", "give exactly one of a public key (PEM) and a JWKS URL")]
    [InlineData("https://keys.example/jwks.json", null, "HS256", "algorithm 'HS256' is not supported")]
    [InlineData("https://keys.example/jwks.json", "", "ES256", "the audience is empty")]
    public void provider_settings_that_cannot_work_stop_start_up(string? jwksUrl, string? audience, string algorithm, string message)
    {
        var provider = new JwtProvider
        {
            Name = "Auth:Providers:0",
            Issuer = "https://issuer.example",
            Audience = audience,
            Algorithms = [algorithm],
            JwksUrl = jwksUrl,
        };

        var error = Should.Throw<AuthConfigurationException>(() => new JwtTokenVerifier([provider], new HttpClient()));

        error.Message.ShouldStartWith("Auth:Providers:0: ");
        error.Message.ShouldContain(message);
    }

    [Fact]
    public void issuers_are_normalised_as_convex_does()
    {
        JwtProvider.NormalizeIssuer("privy.io").ShouldBe("https://privy.io");
        JwtProvider.NormalizeIssuer("https://privy.io/").ShouldBe("https://privy.io");
        JwtProvider.NormalizeIssuer("http://localhost:3000").ShouldBe("http://localhost:3000");
        JwtProvider.PrivyJwksUrl("abc").ShouldBe("https://auth.privy.io/api/v1/apps/abc/jwks.json");
    }
}
