using VideoPipeline.BuildingBlocks.Scheduling;

namespace VideoPipeline.Modules.Uploads.IngestingFromUrls;

/// <summary>Downloads at once on this node for each owner (<see cref="UrlIngestOptions.ParallelDownloadsPerOwner"/>).</summary>
public sealed class OwnerDownloadSlots(UploadsOptions options) : KeyedSlots<string>(options.UrlIngest.ParallelDownloadsPerOwner);
