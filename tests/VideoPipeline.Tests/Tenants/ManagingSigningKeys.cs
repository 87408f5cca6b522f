using System.Text.Json;
using VideoPipeline.Contracts;
using VideoPipeline.Tests.Infrastructure;
using VideoPipeline.Tests.Usage;

namespace VideoPipeline.Tests.Tenants;

/// <summary>
/// Owners make, list and delete the signing keys of their playback tokens (the private key shown once, never stored)
/// and their playback restrictions, within a quota each.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class ManagingSigningKeys(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    private SignedPlaybackApi Signed => new(Api);

    [Fact]
    public async Task creating_a_signing_key_shows_its_private_key_once_and_lists_only_its_public_key()
    {
        var created = await Signed.CreateSigningKeyAsync();
        var ec = await Signed.CreateSigningKeyAsync("ES256");

        created.Algorithm.ShouldBe("RS256");
        created.PrivateKey.ShouldNotBeNull().ShouldStartWith("-----BEGIN PRIVATE KEY-----");
        created.PublicKey.ShouldStartWith("-----BEGIN PUBLIC KEY-----");
        using (var rsa = System.Security.Cryptography.RSA.Create())
        {
            rsa.ImportFromPem(created.PrivateKey);
            rsa.KeySize.ShouldBe(2048);
            rsa.ExportSubjectPublicKeyInfoPem().ShouldBe(created.PublicKey);
        }

        ec.Algorithm.ShouldBe("ES256");
        var listing = await (await Api.Host.Scenario(x =>
        {
            x.Get.Url("/signing-keys");
            x.WithBearerToken(VideoApi.DevKey);
        })).ReadAsTextAsync();
        listing.ShouldNotContain("PRIVATE KEY", Case.Sensitive, "the private key is shown only when the key is made");
        var listed = JsonSerializer.Deserialize<List<SigningKeyDto>>(listing, JsonSerializerOptions.Web)!;
        listed.Select(k => (k.Id, k.Algorithm, k.PublicKey, k.PrivateKey)).ShouldBe([(created.Id, "RS256", created.PublicKey, null), (ec.Id, "ES256", ec.PublicKey, null)]);
        (await Api.GetAsync<List<SigningKeyDto>>("/signing-keys", VideoApi.OtherOwnersKey)).ShouldBeEmpty("keys are the owner's own");
    }

    [Fact]
    public async Task an_owner_at_its_signing_keys_quota_is_refused_naming_it_until_it_deletes_one()
    {
        var quotas = new QuotaApi(Api);
        await quotas.LimitAsync(QuotaNames.SigningKeys, 1);
        var first = await Signed.CreateSigningKeyAsync();

        var problem = await QuotaApi.OverQuotaAsync(await Api.PostJsonAsync("/signing-keys", new { name = "second" }, 409));

        (problem.Quota, problem.Limit, problem.Used).ShouldBe((QuotaNames.SigningKeys, 1L, 1L));
        await Api.DeleteAsync($"/signing-keys/{first.Id}", 204);
        (await quotas.UseAsync(QuotaNames.SigningKeys)).Used.ShouldBe(0);
        await Signed.CreateSigningKeyAsync();
    }

    [Fact]
    public async Task another_owners_signing_key_or_restriction_cannot_be_deleted_by_this_owner()
    {
        var key = await Signed.CreateSigningKeyAsync(key: VideoApi.OtherOwnersKey);
        var restriction = await Signed.CreateRestrictionAsync(["example.com"], key: VideoApi.OtherOwnersKey);

        await Api.DeleteAsync($"/signing-keys/{key.Id}", 404);
        await Api.DeleteAsync($"/playback-restrictions/{restriction.Id}", 404);

        (await Api.GetAsync<List<SigningKeyDto>>("/signing-keys", VideoApi.OtherOwnersKey)).ShouldHaveSingleItem();
        (await Api.GetAsync<List<PlaybackRestrictionDto>>("/playback-restrictions", VideoApi.OtherOwnersKey)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task a_playback_restriction_is_listed_with_its_domains_until_deleted_within_its_quota()
    {
        var quotas = new QuotaApi(Api);
        await quotas.LimitAsync(QuotaNames.PlaybackRestrictions, 1);

        var created = await Signed.CreateRestrictionAsync(["example.com", "*.example.org", "example.com"], allowNoReferrer: true);

        created.ReferrerDomains.ShouldBe(["example.com", "*.example.org"]);
        created.AllowNoReferrer.ShouldBeTrue();
        (await Api.GetAsync<List<PlaybackRestrictionDto>>("/playback-restrictions")).ShouldHaveSingleItem().Id.ShouldBe(created.Id);
        (await QuotaApi.OverQuotaAsync(await Api.PostJsonAsync("/playback-restrictions", new { referrerDomains = Array.Empty<string>(), allowNoReferrer = true }, 409))).Quota
            .ShouldBe(QuotaNames.PlaybackRestrictions);
        await Api.DeleteAsync($"/playback-restrictions/{created.Id}", 204);
        (await Api.GetAsync<List<PlaybackRestrictionDto>>("/playback-restrictions")).ShouldBeEmpty();
        (await quotas.UseAsync(QuotaNames.PlaybackRestrictions)).Used.ShouldBe(0);
    }

    [Fact]
    public async Task bad_signing_key_and_restriction_requests_are_refused_naming_the_field_and_change_nothing()
    {
        (await (await Api.PostJsonAsync("/signing-keys", new { name = "backend", algorithm = "HS256" }, 400)).ReadAsJsonAsync<ProblemDto>())!.Errors.ShouldNotBeNull().Keys.ShouldBe(["algorithm"]);
        (await (await Api.PostJsonAsync("/signing-keys", new { }, 400)).ReadAsJsonAsync<ProblemDto>())!.Errors.ShouldNotBeNull().Keys.ShouldBe(["name"]);
        (await (await Api.PostJsonAsync("/playback-restrictions", new { referrerDomains = Array.Empty<string>() }, 400)).ReadAsJsonAsync<ProblemDto>())!
            .Errors.ShouldNotBeNull()["referrerDomains"].ShouldBe(["'Referrer Domains' must list a domain, unless 'allowNoReferrer' is true: this restriction would allow nothing."]);
        (await (await Api.PostJsonAsync("/playback-restrictions", new { referrerDomains = new[] { "https://example.com" } }, 400)).ReadAsJsonAsync<ProblemDto>())!
            .Errors.ShouldNotBeNull().Keys.ShouldBe(["referrerDomains[0]"]);
        (await (await Api.PostJsonAsync("/playback-restrictions", new { allowNoReferrer = true }, 400)).ReadAsJsonAsync<ProblemDto>())!
            .Errors.ShouldNotBeNull().Keys.ShouldBe(["referrerDomains"]);
        await Api.PostJsonAsync("/playback-restrictions", new { referrerDomains = Enumerable.Range(0, 101).Select(i => $"site{i}.example").ToArray() }, 400);

        (await Api.GetAsync<List<SigningKeyDto>>("/signing-keys")).ShouldBeEmpty();
        (await Api.GetAsync<List<PlaybackRestrictionDto>>("/playback-restrictions")).ShouldBeEmpty();
        await Api.GetAsync<ProblemDto>("/signing-keys", "not-a-key", expectedStatus: 401);
    }
}
