using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Processing;

/// <summary>
/// Transient failures (storage unreachable) are retried with growing cooldowns, then dead-lettered; the video says
/// why it failed, and the owner can retry it once the cause is gone. Nothing is redone that was already done.
/// </summary>
[Collection(UnreliableStorageCollection.Name)]
public sealed class WhenProcessingFails(UnreliableStorageApp app) : IAsyncLifetime
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
    public async Task a_storage_outage_that_passes_is_retried_and_the_video_still_ends_processed()
    {
        var downloads = 0;
        app.Outage.Begin((operation, _) => operation == "download" && Interlocked.Increment(ref downloads) == 1);

        var id = await _api.UploadAndProcessAsync(await TestClips.Landscape480p());

        var video = await _api.VideoAsync(id);
        video.Status.ShouldBe("processed");
        video.FailCount.ShouldBe(1);
        video.LastError.ShouldNotBeNull().ShouldContain("Storage unavailable");
        var events = await _api.EventsAsync(id);
        events.Count(e => e.Type == "ProcessingStarted").ShouldBe(2);
        events.Count(e => e.Type == "ProcessingCompleted").ShouldBe(1);
    }

    [Fact]
    public async Task an_outage_that_outlasts_the_retries_fails_the_video_and_dead_letters_the_job()
    {
        app.Outage.Begin((operation, _) => operation == "download");

        var id = await _api.UploadAndProcessFailingWithAsync<StorageUnavailableException>(await TestClips.Landscape480p());

        var video = await _api.VideoAsync(id);
        video.Status.ShouldBe("failed");
        video.Retryable.ShouldBeTrue("the outage may pass: a retry can succeed");
        video.FailCount.ShouldBe(4);
        video.LastError.ShouldNotBeNull().ShouldContain("Connection refused");
        video.Steps.FailedAt.ShouldNotBeNull();
        var failures = (await _api.EventsAsync(id)).Where(e => e.Type == "ProcessingAttemptFailed").ToList();
        failures.Select(e => e.Data.GetProperty("willRetry").GetBoolean()).ShouldBe([true, true, true, false]);
        failures.Select(e => e.Data.GetProperty("attempt").GetInt32()).ShouldBe([1, 2, 3, 4]);
        (await _api.DeadLettersOfAsync(id)).ShouldBe(1);
    }

    [Fact]
    public async Task retrying_after_the_outage_redoes_only_what_is_missing_and_makes_the_video_playable()
    {
        app.Outage.Begin((operation, key) => operation == "upload" && key.EndsWith("thumb.jpg", StringComparison.Ordinal));
        var id = await _api.UploadAndProcessFailingWithAsync<StorageUnavailableException>(await TestClips.Landscape480p());
        (await _api.VideoAsync(id)).Status.ShouldBe("failed");
        (await _api.DeadLettersOfAsync(id)).ShouldBe(1);

        app.Outage.End();
        await _api.RetryAsync(id);

        var video = await _api.VideoAsync(id);
        video.Status.ShouldBe("processed");
        video.ThumbKey.ShouldBe($"videos/{id}/thumb.jpg");
        var events = await _api.EventsAsync(id);
        events.Count(e => e.Type == "ProcessingRetryRequested").ShouldBe(1);
        events.Count(e => e.Type == "StreamingStarted").ShouldBe(1);
        events.Count(e => e.Type == "StreamRenditionReady").ShouldBe(3, "480p, 360p and audio, each encoded once");
        events.Count(e => e.Type == "StreamingReady").ShouldBe(1);
        events.Count(e => e.Type == "RenditionReady").ShouldBe(1);
        events.Count(e => e.Type == "ThumbnailReady").ShouldBe(1);
        events.Count(e => e.Type == "ProcessingCompleted").ShouldBe(1);
        (await _api.DeadLettersOfAsync(id)).ShouldBe(0, "the retry replayed the dead letter: the store keeps only what still needs a person");
    }

    [Fact]
    public async Task only_the_owner_can_retry_and_only_a_failed_video()
    {
        var processed = await _api.UploadAndProcessAsync(await TestClips.Landscape480p());
        var notFailed = await _api.PostAsync($"/videos/{processed}/retry", 409);
        (await notFailed.ReadAsJsonAsync<ProblemDto>())!.Detail.ShouldNotBeNull().ShouldContain("processed");

        app.Outage.Begin((operation, _) => operation == "download");
        var failed = await _api.UploadAndProcessFailingWithAsync<StorageUnavailableException>(await TestClips.Landscape480p());
        app.Outage.End();
        await _api.PostAsync($"/videos/{failed}/retry", 404, VideoApi.OtherOwnersKey);
        await _api.PostAsync($"/videos/{Guid.NewGuid()}/retry", 404);

        var awaitingUpload = await _api.RequestUploadAsync();
        await _api.PostAsync($"/videos/{awaitingUpload.VideoId}/retry", 409);
        (await _api.VideoAsync(failed)).Status.ShouldBe("failed");
    }
}
