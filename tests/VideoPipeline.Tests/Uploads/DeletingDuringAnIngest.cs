using Microsoft.AspNetCore.Http;
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
        App.Server.Map(_path, (http, _) => TrickleAsync(http, closed));
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

    /// <summary>A source on a slow link: a megabyte promised, a kilobyte sent now and then, until the client hangs up.</summary>
    private static async Task TrickleAsync(HttpContext http, TaskCompletionSource<DateTimeOffset> closed)
    {
        http.Response.ContentType = "video/mp4";
        http.Response.ContentLength = 1_000_000;
        try
        {
            for (var sent = 0; sent < 1_000_000; sent += 1024)
            {
                await http.Response.Body.WriteAsync(new byte[1024], http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
                await Task.Delay(TimeSpan.FromMilliseconds(200), http.RequestAborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            closed.TrySetResult(DateTimeOffset.UtcNow);
        }
    }
}
