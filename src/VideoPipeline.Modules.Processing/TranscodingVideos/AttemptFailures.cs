using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.MediaEngine;
using VideoPipeline.BuildingBlocks.Storage;

namespace VideoPipeline.Modules.Processing.TranscodingVideos;

/// <summary>
/// How an attempt that did not finish the job is recorded: the one place failures are classified. A refusal (the media
/// is refused, a run broke a bound, the upload was replaced) fails the video at once; anything else is transient and is
/// retried while the <see cref="RetryBudget"/> lasts, then dead-lettered.
/// </summary>
internal static class AttemptFailures
{
    /// <param name="envelopeId">The queue's envelope of this attempt: after the last retry, it is what the dead-letter store keeps.</param>
    public static ProcessingAttemptFailed Record(Guid videoId, int attempt, Guid envelopeId, Exception failure, RetryBudget budget)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(budget);
        if (RefusalOf(failure) is { } reason)
        {
            return new ProcessingAttemptFailed(videoId, attempt, reason, WillRetry: false);
        }

        var willRetry = budget.RetriesAfter(attempt);
        return new ProcessingAttemptFailed(videoId, attempt, Describe(failure), willRetry, DeadLetterId: willRetry ? null : envelopeId);
    }

    /// <summary>A transient failure goes back to the queue (which retries or dead-letters it); a refusal ends with its record.</summary>
    public static bool GoesBackToTheQueue(ProcessingAttemptFailed failed)
    {
        ArgumentNullException.ThrowIfNull(failed);
        return failed.WillRetry || failed.DeadLetterId is not null;
    }

    private static string? RefusalOf(Exception failure) => failure switch
    {
        MediaRefusedException refused => refused.Reason,
        ObjectChangedException changed => $"The upload was replaced after it was verified, so it is not processed: {changed.Message} Request a new upload.",
        ObjectCorruptException corrupt => $"A stored file of the video is corrupt, so reading it again would not help: {corrupt.Message}",
        _ when QuotaExceeded.In(failure) is { } over => $"The video was not encoded: {over.Describe()} Retry it once there is room.",
        _ => null,
    };

    private static string Describe(Exception failure) => failure switch
    {
        StorageUnavailableException => $"Storage unavailable: {failure.Message}",
        TranscodeStalledException => $"ffmpeg made no progress and was stopped: {failure.Message}",
        TranscodeFailedException => $"ffmpeg failed: {failure.Message}",
        _ => $"{failure.GetType().Name}: {failure.Message}",
    };
}
