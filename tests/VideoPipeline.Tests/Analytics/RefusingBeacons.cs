using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Analytics;

/// <summary>
/// Beacons come from strangers: one without a valid grant for its video (forged, another video's, expired), past its
/// size, with too many events or malformed is refused with a problem naming why, and nothing of it is stored. Over a
/// real port, where the body limits apply as in production.
/// </summary>
[Collection(KestrelCollection.Name)]
public sealed class RefusingBeacons(KestrelApp app)
{
    private static readonly string AView = Beacons.AWholeView(Guid.NewGuid())[0];

    [Fact]
    public async Task forged_foreign_expired_oversized_and_malformed_beacons_are_refused_and_nothing_is_stored()
    {
        var video = await app.RequestUploadAsync(VideoApi.DevKey);
        var other = await app.RequestUploadAsync(VideoApi.DevKey);
        var grants = app.Services.GetRequiredService<PlaylistGrant>();
        var valid = grants.Query(video, DateTimeOffset.UtcNow.AddHours(1));

        (await SendAsync(video, grants.Query(other, DateTimeOffset.UtcNow.AddHours(1)), AView)).ShouldBe((HttpStatusCode.Forbidden, "application/problem+json"));
        (await SendAsync(video, valid.Replace("sig=", "sig=0", StringComparison.Ordinal), AView)).ShouldBe((HttpStatusCode.Forbidden, "application/problem+json"));
        (await SendAsync(video, valid[..valid.IndexOf("&sig=", StringComparison.Ordinal)], AView)).ShouldBe((HttpStatusCode.Forbidden, "application/problem+json"));
        (await SendAsync(video, grants.Query(video, DateTimeOffset.UtcNow.AddMinutes(-20)), AView)).ShouldBe((HttpStatusCode.Forbidden, "application/problem+json"));
        (await SendAsync(video, valid, AView.Replace("\"view\"", $"\"view\",\"padding\":\"{new string(' ', 17 * 1024)}\"", StringComparison.Ordinal)))
            .ShouldBe((HttpStatusCode.RequestEntityTooLarge, "application/problem+json"));
        var tooMany = Beacons.Json(Guid.NewGuid(), [.. Enumerable.Range(0, 101).Select(seq => (object)new { seq, type = "hidden", at = seq })]);
        (await SendAsync(video, valid, tooMany)).ShouldBe((HttpStatusCode.BadRequest, "application/problem+json"));
        (await SendAsync(video, valid, "{\"viewId\":")).ShouldBe((HttpStatusCode.BadRequest, "application/problem+json"));
        (await SendAsync(video, valid, "{\"viewId\":\"not-a-guid\",\"events\":[]}")).ShouldBe((HttpStatusCode.BadRequest, "application/problem+json"));
        (await SendAsync(video, valid, Beacons.Json(Guid.NewGuid(), [new { seq = 0, type = "view", at = -1 }]))).ShouldBe((HttpStatusCode.BadRequest, "application/problem+json"));

        (await Beacons.StoredEventsAsync(app.Services, video)).ShouldBe(0);
        // The same beacon with the video's own grant, within the 15 minutes a started view may still report after it expired.
        (await SendAsync(video, grants.Query(video, DateTimeOffset.UtcNow.AddMinutes(-5)), AView, "application/json")).ShouldBe((HttpStatusCode.NoContent, null));
        (await Beacons.StoredEventsAsync(app.Services, video)).ShouldBe(3);
    }

    [Fact]
    public async Task any_page_may_post_beacons_but_not_read_the_owners_figures()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"/videos/{Guid.NewGuid()}/beacons");
        preflight.Headers.Add("Origin", "https://integrator.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var allowed = await app.Client.SendAsync(preflight);
        allowed.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["*"]);

        using var read = new HttpRequestMessage(HttpMethod.Get, "/analytics");
        read.Headers.Add("Origin", "https://integrator.example");
        using var figures = await app.Client.SendAsync(read);
        figures.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    private async Task<(HttpStatusCode, string?)> SendAsync(Guid video, string grant, string body, string contentType = "text/plain")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/videos/{video}/beacons?{grant}")
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        // No API key: a player sends none (the client's default header is removed for this request).
        request.Headers.Authorization = null;
        request.Headers.ExpectContinue = true;
        using var client = new HttpClient { BaseAddress = app.BaseUrl };
        using var response = await client.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType);
    }
}
