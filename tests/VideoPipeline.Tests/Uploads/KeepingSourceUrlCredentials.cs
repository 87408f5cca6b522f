using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.Contracts;
using VideoPipeline.Tests.Infrastructure;
using VideoPipeline.Tests.Webhooks;

namespace VideoPipeline.Tests.Uploads;

/// <summary>
/// A source URL's query may be its credential (<c>?token=</c>, a presigned URL's signature). The service downloads with the
/// whole URL, and records and shows it only without its query: not in the video, its events (the dashboard's history),
/// the answer, webhook deliveries or the logs.
/// </summary>
[Collection(IntegrationsCollection.Name)]
public sealed class KeepingSourceUrlCredentials(IntegrationsApp app) : HostSpec<IntegrationsApp>(app)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private readonly string _path = $"/source/{Guid.NewGuid():N}";
    private readonly string _secret = $"SECRET-{Guid.NewGuid():N}";

    [Fact]
    public async Task the_download_uses_the_whole_url_and_everything_the_owner_can_read_shows_it_without_its_query()
    {
        var clip = await TestClips.Tiny();
        // The source serves the file only to the holder of its token: a processed video shows the download sent it.
        App.Server.Map(_path + "/clip.mp4", (http, _) =>
        {
            if (http.Request.Query["token"] != _secret)
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }

            http.Response.ContentType = "video/mp4";
            return http.Response.SendFileAsync(clip);
        });
        App.Server.Map(_path + "/hook", _ => 204);
        await new WebhookApi(Api).RegisterAsync(App.Server.Url(_path + "/hook"));
        var shown = App.Server.Url(_path + "/clip.mp4") + "?…";

        var accepted = await Api.PostJsonAsync("/videos/from-url", new { url = App.Server.Url($"{_path}/clip.mp4?token={_secret}&v=2"), title = "Private source" }, 202);
        var answer = accepted.ReadAsText();
        var videoId = JsonSerializer.Deserialize<IngestAcceptedDto>(answer, JsonSerializerOptions.Web)!.VideoId;
        var video = await Eventually.WaitForAsync(() => Api.VideoAsync(videoId), v => v.Status is "processed" or "failed", Within, "the ingest to end");

        video.Status.ShouldBe("processed", video.LastError);
        answer.ShouldNotContain(_secret);
        JsonSerializer.Deserialize<IngestAcceptedDto>(answer, JsonSerializerOptions.Web)!.SourceUrl.ToString().ShouldBe(shown);
        var events = await Api.GetAsync<JsonElement>($"/videos/{videoId}/events");
        events.GetRawText().ShouldNotContain(_secret);
        events.EnumerateArray().Single(e => e.GetProperty("type").GetString() == nameof(UploadRequested))
            .GetProperty("data").GetProperty("sourceUrl").GetString().ShouldBe(shown);
        (await Api.GetAsync<JsonElement>($"/videos/{videoId}")).GetRawText().ShouldNotContain(_secret);
        var delivered = await App.Server.NextAsync(_path + "/hook", Within);
        delivered.Text.ShouldNotContain(_secret);
        (await JsonLog.TextAsync(App.StorageRoot)).ShouldNotContain(_secret);
    }

    [Fact]
    public async Task an_event_recorded_with_the_whole_url_before_redaction_is_shown_without_its_query()
    {
        var videoId = Guid.NewGuid();
        var source = new Uri($"https://media.example.com/clip.mp4?token={_secret}");
        await using (var session = App.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.StartStream(videoId, new UploadRequested(
                videoId, "dev", "Recorded before", $"videos/{videoId}/raw.mp4", "video/mp4", null, DateTimeOffset.UtcNow, SourceUrl: source));
            await session.SaveChangesAsync();
        }

        var events = await Api.GetAsync<JsonElement>($"/videos/{videoId}/events");

        events.GetRawText().ShouldNotContain(_secret);
        events[0].GetProperty("data").GetProperty("sourceUrl").GetString().ShouldBe("https://media.example.com/clip.mp4?…");
    }
}
