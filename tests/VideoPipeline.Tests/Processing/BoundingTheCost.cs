using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Processing;

/// <summary>
/// Before anything is encoded, a video's cost is estimated from its probe and held to its owner's limit: over it, the
/// video fails at once (no retries) with a reason that names the limit.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class BoundingTheCost(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    [Fact]
    public async Task a_video_costing_more_than_its_owners_limit_is_refused_at_once_naming_the_limit()
    {
        var ticket = await Api.RequestUploadAsync(key: VideoPipelineApp.FrugalKey);
        await Api.UploadAsync(ticket, await TestClips.Tiny());

        await Api.AndWaitForTheQueue(() => Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 }));

        var video = await Api.GetAsync<VideoDto>($"/videos/{ticket.VideoId}", VideoPipelineApp.FrugalKey);
        video.Status.ShouldBe("failed");
        video.FailCount.ShouldBe(1, "the same file would cost the same again: it is not retried");
        video.Retryable.ShouldBeFalse("a retry would be refused the same way");
        video.LastError.ShouldNotBeNull().ShouldContain("transcodeGigapixelsPerJob");
        video.LastError.ShouldContain("320x240 at 25 fps");
        var events = await Api.GetAsync<List<VideoEventDto>>($"/videos/{ticket.VideoId}/events", VideoPipelineApp.FrugalKey);
        events.ShouldNotContain(e => e.Type == "SourceInspected" || e.Type == "StreamingStarted", "nothing was encoded");
    }

    [Fact]
    public async Task the_same_video_within_its_owners_limit_is_processed()
    {
        var id = await Api.UploadAndProcessAsync(await TestClips.Tiny());

        (await Api.VideoAsync(id)).Status.ShouldBe("processed");
    }
}
