using System.Security.Cryptography;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.BuildingBlocks.Tenants;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Playback.Deciding;

/// <summary>Given a token, the key and restriction it names and what a request asks, then allowed until its expiry or refused with a reason.</summary>
public sealed class DecidingPlaybackTokens
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Video = Guid.NewGuid();
    private static readonly Guid KeyId = Guid.NewGuid();
    private static readonly (PlaybackSigningKey Key, string Private) Rsa = NewKey("RS256");
    private static readonly (PlaybackSigningKey Key, string Private) Ec = NewKey("ES256");
    private static readonly PlaybackCredential NoReferrer = new(0, null, "t", null, false);

    private static (PlaybackSigningKey, string) NewKey(string algorithm)
    {
        if (algorithm == "ES256")
        {
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return (new PlaybackSigningKey(KeyId, "owner-a", algorithm, ec.ExportSubjectPublicKeyInfoPem()), ec.ExportPkcs8PrivateKeyPem());
        }

        using var rsa = RSA.Create(2048);
        return (new PlaybackSigningKey(KeyId, "owner-a", algorithm, rsa.ExportSubjectPublicKeyInfoPem()), rsa.ExportPkcs8PrivateKeyPem());
    }

    private static string Token(string audience = "v", Guid? video = null, DateTimeOffset? expires = null, Guid? restriction = null, bool withExpiry = true) =>
        PlaybackTokenMinter.Sign(Rsa.Private, "RS256", KeyId, video ?? Video, expires ?? Now.AddHours(1), audience, restriction, withExpiry);

    private static Task<TokenVerdict> Decide(
        string token, PlaybackSigningKey? key = null, string audience = "v", string? owner = "owner-a", PlaybackRestriction? restriction = null,
        PlaybackCredential? credential = null) =>
        PlaybackTokens.DecideAsync(token, credential ?? NoReferrer, new TokenRequest(Video, audience, owner, Now), new TokenFacts(key ?? Rsa.Key, restriction));

    private static async Task<Answer> Refused(Task<TokenVerdict> decision) => (await decision).Refusal.ShouldNotBeNull();

    private static PlaybackCredential From(string referrer) => new(0, null, "t", new Uri(referrer), false);

    [Fact]
    public async Task a_token_signed_with_the_owners_key_for_this_video_and_audience_opens_it_until_its_expiry()
    {
        var verdict = await Decide(Token());

        verdict.Refusal.ShouldBeNull();
        verdict.ExpiresAt.ShouldBe(Now.AddHours(1));
    }

    [Fact]
    public async Task a_token_is_refused_before_its_nbf_and_opens_from_then_on()
    {
        string From(DateTimeOffset notBefore) => PlaybackTokenMinter.Sign(Rsa.Private, "RS256", KeyId, Video, Now.AddHours(1), notBefore: notBefore);

        var refusal = await Refused(Decide(From(Now.AddMinutes(5))));
        (refusal.Kind, refusal.Title).ShouldBe((AnswerKind.Unauthorized, "Playback token not valid yet"));
        refusal.Detail.ShouldNotBeNull().ShouldContain("nbf");
        (await Decide(From(Now))).Refusal.ShouldBeNull();
        (await Decide(From(Now.AddMinutes(-5)))).Refusal.ShouldBeNull();
    }

    [Fact]
    public async Task an_es256_token_opens_it_with_an_es256_key()
    {
        var token = PlaybackTokenMinter.Sign(Ec.Private, "ES256", KeyId, Video, Now.AddMinutes(5));

        (await Decide(token, Ec.Key)).Refusal.ShouldBeNull();
    }

    [Fact]
    public async Task an_expired_token_is_not_authentic_any_more()
    {
        var refusal = await Refused(Decide(Token(expires: Now)));

        (refusal.Kind, refusal.Title).ShouldBe((AnswerKind.Unauthorized, "Expired playback token"));
    }

    [Fact]
    public async Task a_token_without_an_expiry_is_refused()
    {
        var refusal = await Refused(Decide(Token(withExpiry: false)));

        refusal.Kind.ShouldBe(AnswerKind.Unauthorized);
        refusal.Detail.ShouldNotBeNull().ShouldContain("exp");
    }

    [Fact]
    public async Task a_token_signed_with_another_key_under_this_keys_id_does_not_verify()
    {
        var forger = NewKey("RS256");
        var token = PlaybackTokenMinter.Sign(forger.Item2, "RS256", KeyId, Video, Now.AddHours(1));

        var refusal = await Refused(Decide(token));

        refusal.Kind.ShouldBe(AnswerKind.Unauthorized);
        refusal.Detail.ShouldNotBeNull().ShouldContain("signature");
    }

    [Fact]
    public async Task a_token_whose_key_is_unknown_or_deleted_is_refused()
    {
        var refusal = (await PlaybackTokens.DecideAsync(Token(), NoReferrer, new TokenRequest(Video, "v", "owner-a", Now), new TokenFacts(null, null))).Refusal.ShouldNotBeNull();

        refusal.Kind.ShouldBe(AnswerKind.Unauthorized);
        refusal.Detail.ShouldNotBeNull().ShouldContain("no signing key");
    }

    [Fact]
    public async Task an_unsigned_token_is_refused()
    {
        var refusal = await Refused(Decide(PlaybackTokenMinter.WithoutSignature(KeyId, Video, Now.AddHours(1))));

        refusal.Kind.ShouldBe(AnswerKind.Unauthorized);
        refusal.Detail.ShouldNotBeNull().ShouldContain("'none'");
    }

    [Fact]
    public async Task hs256_with_the_public_key_as_its_secret_is_refused()
    {
        var dto = new SigningKeyDto(KeyId, "k", "RS256", Rsa.Key.PublicKeyPem, Now);

        var refusal = await Refused(Decide(PlaybackTokenMinter.HmacWithPublicKey(dto, Video, Now.AddHours(1))));

        refusal.Kind.ShouldBe(AnswerKind.Unauthorized);
        refusal.Detail.ShouldNotBeNull().ShouldContain("'HS256'");
    }

    [Fact]
    public async Task a_token_naming_another_algorithm_than_its_keys_is_refused()
    {
        var token = PlaybackTokenMinter.Sign(Ec.Private, "ES256", KeyId, Video, Now.AddHours(1));

        (await Refused(Decide(token, Rsa.Key))).Kind.ShouldBe(AnswerKind.Unauthorized);
    }

    [Fact]
    public async Task something_that_is_not_a_jwt_is_refused()
    {
        (await Refused(Decide("not-a-token"))).Kind.ShouldBe(AnswerKind.Unauthorized);
        PlaybackTokens.Read("a.b").ShouldBeNull();
    }

    [Fact]
    public async Task a_token_for_another_video_does_not_open_this_one()
    {
        var refusal = await Refused(Decide(Token(video: Guid.NewGuid())));

        refusal.Kind.ShouldBe(AnswerKind.Forbidden);
        refusal.Detail.ShouldNotBeNull().ShouldContain("sub");
    }

    [Fact]
    public async Task a_token_for_another_audience_does_not_open_this()
    {
        var refusal = await Refused(Decide(Token(audience: "t"), audience: "v"));
        (await Refused(Decide(Token(audience: "s"), audience: "v"))).Kind.ShouldBe(AnswerKind.Forbidden);
        (await Refused(Decide(Token(audience: "t"), audience: "s"))).Kind.ShouldBe(AnswerKind.Forbidden);

        refusal.Kind.ShouldBe(AnswerKind.Forbidden);
        refusal.Detail.ShouldNotBeNull().ShouldContain("'v'");
        (await Decide(Token(audience: "s"), audience: "s")).Refusal.ShouldBeNull();
    }

    [Fact]
    public async Task a_video_token_also_opens_the_seek_previews_the_player_shows()
    {
        (await Decide(Token(audience: "v"), audience: "s")).Refusal.ShouldBeNull();
    }

    [Fact]
    public async Task a_token_signed_with_one_owners_key_does_not_open_another_owners_video()
    {
        var refusal = await Refused(Decide(Token(), owner: "owner-b"));

        refusal.Kind.ShouldBe(AnswerKind.Forbidden);
        refusal.Detail.ShouldNotBeNull().ShouldContain("another owner");
    }

    [Fact]
    public async Task a_restricted_token_opens_the_video_from_the_allowed_sites_only()
    {
        var restriction = new PlaybackRestriction(Guid.NewGuid(), "owner-a", ["example.com", "*.example.org"], AllowNoReferrer: false);
        var token = Token(restriction: restriction.Id);

        (await Decide(token, restriction: restriction, credential: From("https://example.com/watch"))).Refusal.ShouldBeNull();
        (await Decide(token, restriction: restriction, credential: From("http://www.example.org:8080/"))).Refusal.ShouldBeNull();
        var elsewhere = await Refused(Decide(token, restriction: restriction, credential: From("https://example.org/")));
        (elsewhere.Kind, elsewhere.Title, elsewhere.Detail).ShouldBe((AnswerKind.Forbidden, "Playback is not allowed here",
            "The video's playback restriction does not allow pages of example.org."));
        (await Refused(Decide(token, restriction: restriction, credential: From("https://notexample.com/")))).Kind.ShouldBe(AnswerKind.Forbidden);
        (await Refused(Decide(token, restriction: restriction))).Detail.ShouldBe("The video's playback restriction does not allow requests without a referrer.");
    }

    [Fact]
    public async Task a_restriction_may_allow_requests_without_a_referrer()
    {
        var restriction = new PlaybackRestriction(Guid.NewGuid(), "owner-a", [], AllowNoReferrer: true);

        (await Decide(Token(restriction: restriction.Id), restriction: restriction)).Refusal.ShouldBeNull();
        (await Refused(Decide(Token(restriction: restriction.Id), restriction: restriction, credential: From("https://example.com/")))).Kind.ShouldBe(AnswerKind.Forbidden);
    }

    [Fact]
    public async Task what_the_services_own_player_page_loads_passes_the_restriction_the_page_passed()
    {
        var restriction = new PlaybackRestriction(Guid.NewGuid(), "owner-a", ["example.com"], AllowNoReferrer: false);

        var verdict = await Decide(Token(restriction: restriction.Id), restriction: restriction, credential: new PlaybackCredential(0, null, "t", new Uri("https://video.service/embed/x"), FromPlayerPage: true));

        verdict.Refusal.ShouldBeNull();
    }

    [Fact]
    public async Task a_token_naming_a_missing_or_another_owners_restriction_is_refused()
    {
        var theirs = new PlaybackRestriction(Guid.NewGuid(), "owner-b", ["example.com"], AllowNoReferrer: true);

        (await Refused(Decide(Token(restriction: Guid.NewGuid())))).Detail.ShouldNotBeNull().ShouldContain("playback_restriction_id");
        (await Refused(Decide(Token(restriction: theirs.Id), restriction: theirs, credential: From("https://example.com/")))).Kind.ShouldBe(AnswerKind.Forbidden);
    }

    [Theory]
    [InlineData("example.com", "example.com", true)]
    [InlineData("example.com", "EXAMPLE.com", true)]
    [InlineData("example.com", "www.example.com", false)]
    [InlineData("*.example.com", "www.example.com", true)]
    [InlineData("*.example.com", "a.b.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", "badexample.com", false)]
    public void a_referrer_domain_matches_its_host_and_a_wildcard_its_subdomains(string domain, string host, bool matches) =>
        ReferrerRule.Matches(domain, host).ShouldBe(matches);

    [Theory]
    [InlineData("example.com", true)]
    [InlineData("*.example.com", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("Example.com", false)]
    [InlineData("https://example.com", false)]
    [InlineData("example.com/path", false)]
    [InlineData("*", false)]
    [InlineData("a.*.example.com", false)]
    [InlineData("", false)]
    public void a_referrer_domain_is_a_lowercase_host_name(string domain, bool valid) => ReferrerRule.IsDomain(domain).ShouldBe(valid);
}
