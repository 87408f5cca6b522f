using VideoPipeline.MediaEngine;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Processing;
using VideoPipeline.Modules.Processing.TranscodingVideos;

namespace VideoPipeline.Tests.Processing.Deciding;

/// <summary>When an attempt fails with this exception, then it is recorded so: refused for good, retried, or dead-lettered.</summary>
public sealed class RecordingAFailedAttempt
{
    private static readonly RetryBudget ThreeRetries = new([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)]);
    private static readonly Guid VideoId = Guid.NewGuid();
    private static readonly Guid Envelope = Guid.NewGuid();

    [Fact]
    public void refused_media_fails_the_video_at_once_with_the_guard_s_reason_and_is_not_retried()
    {
        var failed = AttemptFailures.Record(VideoId, 1, Envelope, new MediaRefusedException("The file is not a video."), ThreeRetries);

        failed.ShouldBe(new ProcessingAttemptFailed(VideoId, 1, "The file is not a video.", WillRetry: false));
        AttemptFailures.GoesBackToTheQueue(failed).ShouldBeFalse();
    }

    [Fact]
    public void an_upload_replaced_after_it_was_verified_is_refused_for_good()
    {
        var replaced = new ObjectChangedException("videos/x/raw.mp4", new ObjectVersion("\"a\"", 10), "\"b\", 11 bytes");

        var failed = AttemptFailures.Record(VideoId, 2, Envelope, replaced, ThreeRetries);

        failed.WillRetry.ShouldBeFalse();
        failed.DeadLetterId.ShouldBeNull();
        failed.Error.ShouldStartWith("The upload was replaced after it was verified, so it is not processed:");
        failed.Error.ShouldEndWith("Request a new upload.");
    }

    [Fact]
    public void a_stored_file_that_fails_its_checksum_is_refused_for_good_not_retried()
    {
        var corrupt = new ObjectCorruptException("videos/x/cmaf/480p/index.m3u8", new InvalidOperationException("Expected hash not equal to calculated hash"));

        var failed = AttemptFailures.Record(VideoId, 1, Envelope, corrupt, ThreeRetries);

        (failed.WillRetry, failed.DeadLetterId).ShouldBe((false, (Guid?)null));
        failed.Error.ShouldContain("'videos/x/cmaf/480p/index.m3u8' does not match the checksum it was stored with");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void a_transient_failure_within_the_budget_will_be_retried(int attempt)
    {
        var failed = AttemptFailures.Record(VideoId, attempt, Envelope, new StorageUnavailableException("connection refused"), ThreeRetries);

        failed.ShouldBe(new ProcessingAttemptFailed(VideoId, attempt, "Storage unavailable: connection refused", WillRetry: true));
        AttemptFailures.GoesBackToTheQueue(failed).ShouldBeTrue();
    }

    [Fact]
    public void the_last_transient_failure_is_dead_lettered_under_its_envelope()
    {
        var failed = AttemptFailures.Record(VideoId, 4, Envelope, new TranscodeStalledException(TimeSpan.FromSeconds(30), []), ThreeRetries);

        failed.ShouldBe(new ProcessingAttemptFailed(VideoId, 4, "ffmpeg made no progress and was stopped: no progress for 30 s", WillRetry: false, Envelope));
        AttemptFailures.GoesBackToTheQueue(failed).ShouldBeTrue("the queue moves it to the dead-letter store, where a retry replays it from");
    }

    [Fact]
    public void an_unexpected_failure_is_transient_and_named_by_its_type()
    {
        AttemptFailures.Record(VideoId, 1, Envelope, new IOException("disk full"), ThreeRetries)
            .Error.ShouldBe("IOException: disk full");
    }
}
