using VideoPipeline.BuildingBlocks.Scheduling;

namespace VideoPipeline.Modules.Uploads.IngestingFromUrls;

/// <summary>
/// URL downloads, shared fairly among owners on every node (<see cref="FairChoice"/>): this node runs
/// <see cref="UrlIngestOptions.MaxParallelDownloads"/> at once; an owner at most its cap (<c>Uploads:UrlIngest:Fairness</c>,
/// by default half of a node's downloads, or its <see cref="QuotaNames.ParallelUrlIngests"/> limit), so one owner's slow
/// sources never take every slot.
/// </summary>
public sealed class DownloadSlots(UploadsOptions options)
    : SharedSlots(QueueName, options.UrlIngest.MaxParallelDownloads, options.UrlIngest.FairnessWithDefaults, typeof(RunIngest), QuotaNames.ParallelUrlIngests)
{
    public const string QueueName = "url-ingest";
}
