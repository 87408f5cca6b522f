using VideoPipeline.BuildingBlocks.EventStreams;
using VideoPipeline.BuildingBlocks.Quotas;

namespace VideoPipeline.Modules.Usage.Quotas;

/// <summary>
/// What the video events give back to their owner's quotas, in the transaction that appends them (an inline projection):
/// a landed upload keeps the storage of its real size and is no longer pending or ingesting; an upload that was
/// rejected, expired or failed to ingest gives back what it held; a deleted video gives back everything but the
/// encoding minutes it used (they are spent), its caption tracks included; a removed caption track gives its own back.
/// A release finds what the thing holds in the ledger, so seeing an event twice gives back nothing more.
/// </summary>
public sealed partial class QuotaReleases : NeverRebuiltProjection
{
    protected override string WhyNeverRebuilt =>
        "it gives quota back in the owners' ledger as each event is appended; run again over the history, every past release would give back what " +
        "the same video or caption track holds today (a caption track removed once and added again would lose its hold), and owners would get quota they use.";

    private static readonly string[] HeldUntilDeleted = [.. QuotaNames.All.Where(q => q != QuotaNames.EncodedMinutesPerMonth)];

    public static void Project(UploadCompleted e, IDocumentOperations operations) =>
        QuotaLedger.QueueSettleAndRelease(
            operations, QuotaSubject.Video(e.VideoId), QuotaNames.StoredBytes, e.SizeBytes, QuotaNames.PendingUploads, QuotaNames.ConcurrentUrlIngests);

    public static void Project(UploadRejected e, IDocumentOperations operations) =>
        QuotaLedger.QueueRelease(operations, QuotaSubject.Video(e.VideoId), QuotaNames.PendingUploads, QuotaNames.StoredBytes);

    public static void Project(UploadExpired e, IDocumentOperations operations) =>
        QuotaLedger.QueueRelease(operations, QuotaSubject.Video(e.VideoId), QuotaNames.PendingUploads, QuotaNames.StoredBytes);

    public static void Project(UrlIngestFailed e, IDocumentOperations operations) =>
        QuotaLedger.QueueRelease(operations, QuotaSubject.Video(e.VideoId), QuotaNames.ConcurrentUrlIngests, QuotaNames.StoredBytes);

    public static void Project(VideoDeleted e, IDocumentOperations operations) =>
        QuotaLedger.QueueRelease(operations, QuotaSubject.Video(e.VideoId), HeldUntilDeleted);

    public static void Project(CaptionRemoved e, IDocumentOperations operations) =>
        QuotaLedger.QueueRelease(operations, QuotaSubject.Caption(e.VideoId, e.Language), QuotaNames.CaptionTracks, QuotaNames.CaptionBytes);
}
