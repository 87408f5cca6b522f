using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Processing;

/// <summary>HLS is one more step of the transcode: recorded once, and a retry packages the whole ladder even when it encodes only part of it.</summary>
[Collection(UnreliableStorageCollection.Name)]
public sealed class PublishingHlsOnRetry(UnreliableStorageApp app) : IAsyncLifetime
{
    private readonly VideoApi _api = new(app);

    public Task InitializeAsync()
    {
        app.Outage.End();
        return app.ResetAsync();
    }

    public Task DisposeAsync()
    {
        app.Outage.End();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task a_retry_that_encodes_one_missing_rung_still_publishes_every_rung_as_hls()
    {
        var failedOnce = 0;
        app.Outage.Begin((operation, key) =>
            operation == "upload" && key.EndsWith("/360p.mp4", StringComparison.Ordinal) && Interlocked.Exchange(ref failedOnce, 1) == 0);

        var id = await _api.UploadAndProcessAsync(await TestClips.Landscape480p());

        (await _api.VideoAsync(id)).Status.ShouldBe("processed");
        var events = await _api.EventsAsync(id);
        events.Count(e => e.Type == "ProcessingStarted").ShouldBe(2);
        events.Where(e => e.Type == "RenditionReady").Select(e => e.Data.GetProperty("resolution").GetString()).ShouldBe(["480p", "360p"]);
        var hls = events.Where(e => e.Type == "HlsReady").ShouldHaveSingleItem();
        hls.Data.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("resolution").GetString()).ShouldBe(["480p", "360p"]);

        var master = System.Text.Encoding.UTF8.GetString(await app.Storage.ReadAllBytesAsync($"videos/{id}/hls/master.m3u8", CancellationToken.None));
        master.ShouldContain("360p/index.m3u8");
        master.ShouldContain("480p/index.m3u8");
        (await app.Storage.HeadAsync($"videos/{id}/hls/480p/seg_00000.ts", CancellationToken.None)).ShouldNotBeNull();
    }
}
