using VideoPipeline.BuildingBlocks.EventStreams;

namespace VideoPipeline.Modules.Usage.Metering;

/// <summary>
/// Usage counted from the video events, in the transaction that appends them (an inline projection), on the UTC day of
/// the commit (the database's clock, as the event's own timestamp is given by the database too): uploaded bytes when an upload lands, encoded output seconds per rung when a rendition is finished (the
/// video's duration, from its inspection). Each video's owner and duration are kept for the events that name only the video.
/// </summary>
public sealed partial class UsageFromEvents : NeverRebuiltProjection
{
    protected override string WhyNeverRebuilt =>
        "it adds each event's usage (bytes uploaded, minutes encoded) to the owner's day as the event is appended; run again over the history, " +
        "it would count all of it again, on the day of the rebuild.";

    public static void Project(UploadRequested e, IDocumentOperations operations) =>
        operations.QueueSqlCommand(
            $"insert into {UsageSchema.Videos} (video_id, owner_id) values (?, ?) on conflict (video_id) do nothing", e.VideoId, e.OwnerId);

    public static void Project(SourceInspected e, IDocumentOperations operations) =>
        operations.QueueSqlCommand($"update {UsageSchema.Videos} set duration_seconds = ? where video_id = ?", e.DurationSeconds, e.VideoId);

    public static void Project(UploadCompleted e, IDocumentOperations operations) =>
        operations.QueueSqlCommand(Metrics.AddForVideoSql, Metrics.UploadedBytes, (double)e.SizeBytes, e.VideoId);

    /// <summary>An addition, like an upload's bytes: the renditions of one owner's many videos finishing at once do not queue on its day's row.</summary>
    public static void Project(StreamRenditionReady e, IDocumentOperations operations) =>
        operations.QueueSqlCommand(
            $"insert into {UsageSchema.Additions} (owner_id, day, metric, amount) " +
            $"select v.owner_id, {Metrics.Today}, ?, v.duration_seconds from {UsageSchema.Videos} v where v.video_id = ? and v.duration_seconds is not null",
            Metrics.EncodedSeconds(e.Rendition), e.VideoId);

    /// <summary>A clip encodes nothing (it plays its parent's segments): its renditions are not metered.</summary>
    public static void Project(ClipCreated e, IDocumentOperations operations) =>
        operations.QueueSqlCommand($"delete from {UsageSchema.Videos} where video_id = ?", e.VideoId);

    public static void Project(VideoDeleted e, IDocumentOperations operations) =>
        operations.QueueSqlCommand($"delete from {UsageSchema.Videos} where video_id = ?", e.VideoId);
}
