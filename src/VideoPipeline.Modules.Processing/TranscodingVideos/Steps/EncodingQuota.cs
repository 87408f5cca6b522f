using VideoPipeline.BuildingBlocks.Quotas;

namespace VideoPipeline.Modules.Processing.TranscodingVideos.Steps;

/// <summary>
/// The owner's <c>encodedMinutesPerMonth</c>: a video's encode holds its duration in whole minutes (rounded up) in the UTC
/// month it is inspected, in the commit that records the inspection, before any encoding starts. Over the quota, that
/// commit fails and the video fails with the quota named (<see cref="AttemptFailures"/>); a retry once there is room holds again.
/// </summary>
internal sealed record EncodingQuota(QuotaOptions Limits, TimeProvider Clock)
{
    public static long MinutesOf(double durationSeconds) => Math.Max(1, (long)Math.Ceiling(durationSeconds / 60));

    public Action<IDocumentOperations> Hold(TranscodeJob job, double durationSeconds) => operations =>
        QuotaLedger.QueueHold(operations, job.OwnerId, QuotaSubject.Video(job.Id), Limits, Clock.GetUtcNow(),
            new QuotaHold(QuotaNames.EncodedMinutesPerMonth, MinutesOf(durationSeconds)));
}
