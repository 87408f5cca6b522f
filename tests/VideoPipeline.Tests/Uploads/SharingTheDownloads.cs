using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Uploads;

/// <summary>
/// URL ingest shares the node's download slots (two here) among owners, and gives up on a source too slow to finish:
/// one owner's slow or stalled sources never hold another owner's ingest back.
/// </summary>
[Collection(IntegrationsCollection.Name)]
public sealed class SharingTheDownloads(IntegrationsApp app) : HostSpec<IntegrationsApp>(app)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private readonly string _path = $"/slow/{Guid.NewGuid():N}";

    [Fact]
    public async Task a_source_that_stalls_fails_the_video_naming_the_minimum_transfer_rate()
    {
        App.Server.MapTrickle(_path + "/stalled.mp4", promised: 1_000_000, bytesPerTick: 1, tick: TimeSpan.FromMilliseconds(500));

        var video = await IngestAndWaitAsync(App.Server.Url(_path + "/stalled.mp4"), VideoApi.DevKey);

        video.Status.ShouldBe("failed");
        video.LastError.ShouldNotBeNull().ShouldContain($"below the minimum transfer rate of {IntegrationsApp.MinBytesPerSecond} bytes/s");
    }

    [Fact]
    public async Task trickling_sources_of_one_owner_do_not_delay_another_owners_ingest()
    {
        // Ten times the minimum rate, far too slow to finish soon: without a share per owner, these two would hold both
        // download slots for two minutes.
        var trickling = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            App.Server.MapTrickle($"{_path}/trickling-{i}.mp4", promised: 2_500_000, bytesPerTick: 2048, tick: TimeSpan.FromMilliseconds(100));
            trickling.Add((await IngestAsync(App.Server.Url($"{_path}/trickling-{i}.mp4"), VideoApi.DevKey)).VideoId);
        }

        try
        {
            // Either one holds the owner's share; the other waits for it.
            await Eventually.WaitForAsync(() => Task.FromResult(App.Server.CallsTo($"{_path}/trickling-0.mp4") + App.Server.CallsTo($"{_path}/trickling-1.mp4")),
                calls => calls > 0, Within, "a slow source to be downloading");
            App.Server.MapFile(_path + "/prompt.mp4", await TestClips.Tiny());

            var other = await IngestAndWaitAsync(App.Server.Url(_path + "/prompt.mp4"), VideoApi.OtherOwnersKey, TimeSpan.FromSeconds(30));

            other.Status.ShouldBe("processed", other.LastError);
            foreach (var video in trickling)
            {
                var slow = await Api.VideoAsync(video);
                slow.Status.ShouldBe("awaiting_upload", $"the slow sources are still being downloaded ({slow.LastError})");
            }
        }
        finally
        {
            // Their downloads stop at their next look at the video, leaving the slots to the next spec.
            foreach (var video in trickling)
            {
                await Api.DeleteAsync($"/videos/{video}", 202);
            }
        }
    }

    private async Task<IngestAcceptedDto> IngestAsync(Uri url, string key)
    {
        var result = await Api.PostJsonAsync("/videos/from-url", new { url, title = "From a slow source" }, 202, key);
        return (await result.ReadAsJsonAsync<IngestAcceptedDto>())!;
    }

    private async Task<VideoDto> IngestAndWaitAsync(Uri url, string key, TimeSpan? within = null)
    {
        var accepted = await IngestAsync(url, key);
        return await Eventually.WaitForAsync(() => Api.GetAsync<VideoDto>($"/videos/{accepted.VideoId}", key), v => v.Status is "processed" or "failed",
            within ?? Within, "the ingest to end");
    }
}
