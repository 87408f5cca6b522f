using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Uploads;

/// <summary>
/// A video deleted while the service is still downloading it from its source URL: the download stops within seconds (the
/// connection to the source closes) and nothing is stored.
/// </summary>
[Collection(IntegrationsCollection.Name)]
public sealed class DeletingDuringAnIngest(IntegrationsApp app) : HostSpec<IntegrationsApp>(app)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly string _path = $"/trickle/{Guid.NewGuid():N}.mp4";

    [Fact]
    public async Task deleting_a_video_being_ingested_closes_the_connection_to_its_source_within_seconds()
    {
        var closed = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        // A megabyte promised, a kilobyte sent every 200 ms.
        App.Server.MapTrickle(_path, promised: 1_000_000, bytesPerTick: 1024, tick: TimeSpan.FromMilliseconds(200), closed);
        var accepted = await Api.PostJsonAsync("/videos/from-url", new { url = App.Server.Url(_path), title = "Trickling in" }, 202);
        var videoId = (await accepted.ReadAsJsonAsync<IngestAcceptedDto>())!.VideoId;
        await App.Server.NextAsync(_path, Within);

        await Api.DeleteAsync($"/videos/{videoId}", 202);
        var deletedAt = DateTimeOffset.UtcNow;

        var closedAt = await closed.Task.WaitAsync(Within);
        (closedAt - deletedAt).ShouldBeLessThan(TimeSpan.FromSeconds(10), "the download stops at its next look at the video, every 2 s");
        var folder = Path.Combine(App.StorageRoot, "objects", "videos", videoId.ToString());
        (Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToList() : []).ShouldBeEmpty();
    }
}
