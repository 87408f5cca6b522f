using Microsoft.Extensions.Logging;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Modules.Catalog.ClippingVideos;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace VideoPipeline.Modules.Catalog.DeletingVideos;

public static class PurgeVideoObjectsHandler
{
    /// <summary>Storage or the database down: tried again later, for about a day, then dead-lettered for an operator.</summary>
    public static void Configure(HandlerChain chain) =>
        chain.OnAnyException()
            .RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5))
            .Then.ScheduleRetry(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromHours(18))
            .Then.MoveToErrorQueue();

    /// <summary>
    /// Removes everything under the video's folder and aborts its unfinished multipart upload, and records how much there
    /// was. Only for a deleted video: the message is sent again by whatever wrote after a deletion, never for a live one.
    /// While clips hold its segments, nothing goes yet: the last clip's purge sends this again. A clip's purge gives up
    /// its hold.
    /// </summary>
    public static async Task<OutgoingMessages> Handle(
        PurgeVideoObjects command, IDocumentSession session, IObjectStorage storage, IMultipartUploads multipart, ILogger<CatalogVideo> logger, CancellationToken ct)
    {
        var video = await session.Events.AggregateStreamAsync<CatalogVideo>(command.VideoId, token: ct);
        if (video is not { Deleted: true })
        {
            logger.LogWarning("Purge of video {VideoId} refused: the video is not deleted", command.VideoId);
            return [];
        }

        if (await ClipHolds.HeldAsync(session, command.VideoId, ct))
        {
            logger.LogInformation("Purge of video {VideoId} waits: clips still play its segments", command.VideoId);
            return [];
        }

        var deleted = await storage.DeleteAllAsync(VideoKeys.Folder(command.VideoId) + "/", ct);
        if (video.MultipartUploadId is { } uploadId)
        {
            await multipart.AbortAsync(video.RawKey, uploadId, ct);
        }

        session.Events.Append(command.VideoId, new VideoObjectsPurged(command.VideoId, deleted));
        logger.LogInformation("Video {VideoId} purged: {Objects} objects deleted", command.VideoId, deleted);
        return video.HoldsSegmentsOf is { } held && await ClipHolds.ReleaseAsync(session, command.VideoId, held, ct) ? [new PurgeVideoObjects(held)] : [];
    }
}
