using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Processing;

/// <summary>
/// Transient failures (storage unreachable) are retried with growing cooldowns, then dead-lettered; the video says
/// why it failed, and the owner can retry it once the cause is gone. Nothing is redone that was already done.
/// </summary>
[Collection(UnreliableStorageCollection.Name)]
public sealed class WhenProcessingFails(UnreliableStorageApp app) : HostSpec<UnreliableStorageApp>(app)
{
    [Fact]
    public async Task a_storage_outage_that_passes_is_retried_and_the_video_still_ends_processed()
    {
        var downloads = 0;
        App.Outage.Begin((operation, _) => operation == "locate" && Interlocked.Increment(ref downloads) == 1);

        var id = await Api.UploadAndProcessAsync(await TestClips.Landscape480p());

        var video = await Api.VideoAsync(id);
        video.Status.ShouldBe("processed");
        video.FailCount.ShouldBe(1);
        video.LastError.ShouldNotBeNull().ShouldContain("Storage unavailable");
        var events = await Api.EventsAsync(id);
        events.Count(e => e.Type == "ProcessingStarted").ShouldBe(2);
        events.Count(e => e.Type == "ProcessingCompleted").ShouldBe(1);
    }

    [Fact]
    public async Task an_outage_that_outlasts_the_retries_fails_the_video_and_dead_letters_the_job()
    {
        App.Outage.Begin((operation, _) => operation == "locate");

        var id = await Api.UploadAndProcessFailingWithAsync<StorageUnavailableException>(await TestClips.Landscape480p());

        var video = await Api.VideoAsync(id);
        video.Status.ShouldBe("failed");
        video.Retryable.ShouldBeTrue("the outage may pass: a retry can succeed");
        video.FailCount.ShouldBe(4);
        video.LastError.ShouldNotBeNull().ShouldContain("Connection refused");
        video.Steps.FailedAt.ShouldNotBeNull();
        var failures = (await Api.EventsAsync(id)).Where(e => e.Type == "ProcessingAttemptFailed").ToList();
        failures.Select(e => e.Data.GetProperty("willRetry").GetBoolean()).ShouldBe([true, true, true, false]);
        failures.Select(e => e.Data.GetProperty("attempt").GetInt32()).ShouldBe([1, 2, 3, 4]);
        (await Api.DeadLettersOfAsync(id)).ShouldBe(1);
    }

    [Fact]
    public async Task retrying_after_the_outage_redoes_only_what_is_missing_and_makes_the_video_playable()
    {
        App.Outage.Begin((operation, key) => operation == "upload" && key.EndsWith("thumb.jpg", StringComparison.Ordinal));
        var id = await Api.UploadAndProcessFailingWithAsync<StorageUnavailableException>(await TestClips.Landscape480p());
        (await Api.VideoAsync(id)).Status.ShouldBe("failed");
        (await Api.DeadLettersOfAsync(id)).ShouldBe(1);

        App.Outage.End();
        await Api.RetryAsync(id);

        var video = await Api.VideoAsync(id);
        video.Status.ShouldBe("processed");
        video.ThumbKey.ShouldBe($"videos/{id}/thumb.jpg");
        var events = await Api.EventsAsync(id);
        events.Count(e => e.Type == "ProcessingRetryRequested").ShouldBe(1);
        events.Count(e => e.Type == "StreamingStarted").ShouldBe(1);
        events.Count(e => e.Type == "StreamRenditionReady").ShouldBe(3, "480p, 360p and audio, each encoded once");
        events.Count(e => e.Type == "StreamingReady").ShouldBe(1);
        events.Count(e => e.Type == "RenditionReady").ShouldBe(1);
        events.Count(e => e.Type == "ThumbnailReady").ShouldBe(1);
        events.Count(e => e.Type == "ProcessingCompleted").ShouldBe(1);
        (await Api.DeadLettersOfAsync(id)).ShouldBe(0, "the retry replayed the dead letter: the store keeps only what still needs a person");
    }

    [Fact]
    public async Task only_the_owner_can_retry_and_only_a_failed_video()
    {
        var processed = await Api.UploadAndProcessAsync(await TestClips.Landscape480p());
        var notFailed = await Api.PostAsync($"/videos/{processed}/retry", 409);
        (await notFailed.ReadAsJsonAsync<ProblemDto>())!.Detail.ShouldNotBeNull().ShouldContain("processed");

        App.Outage.Begin((operation, _) => operation == "locate");
        var failed = await Api.UploadAndProcessFailingWithAsync<StorageUnavailableException>(await TestClips.Landscape480p());
        App.Outage.End();
        await Api.PostAsync($"/videos/{failed}/retry", 404, VideoApi.OtherOwnersKey);
        await Api.PostAsync($"/videos/{Guid.NewGuid()}/retry", 404);

        var awaitingUpload = await Api.RequestUploadAsync();
        await Api.PostAsync($"/videos/{awaitingUpload.VideoId}/retry", 409);
        (await Api.VideoAsync(failed)).Status.ShouldBe("failed");
    }
}
