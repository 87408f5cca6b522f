using System.Net.Http.Json;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Playback;

/// <summary>
/// The player page, opened with a token whose playback restriction allows one site, in Debian's Chromium
/// (dashboard/e2e/restricted-player.mjs): embedded by a page of that site it plays; embedded by a page of another site
/// it shows a clear refusal.
/// </summary>
[Collection(KestrelCollection.Name)]
public sealed class PlayingWithinRestrictions(KestrelApp app)
{
    [Fact]
    public async Task the_player_page_plays_inside_an_allowed_site_and_says_no_inside_another()
    {
        var id = await app.UploadAndProcessAsync(await TestClips.Landscape480p());
        var key = await CreatedAsync<SigningKeyDto>("/signing-keys", new { name = "site", algorithm = "ES256" });
        var restriction = await CreatedAsync<PlaybackRestrictionDto>("/playback-restrictions", new { referrerDomains = new[] { "*.allowed.test" } });
        var token = PlaybackTokenMinter.Sign(key, id, DateTimeOffset.UtcNow.AddHours(1), restriction: restriction.Id);

        var output = await BrowserSpecs.RunAsync("restricted-player.mjs", new Uri(app.BaseUrl, $"/embed/{id}?token={token}").ToString());

        output.ShouldContain("allowed site: played");
        output.ShouldContain("other site: refused");
    }

    private async Task<T> CreatedAsync<T>(string path, object body)
    {
        using var response = await app.Client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }
}
