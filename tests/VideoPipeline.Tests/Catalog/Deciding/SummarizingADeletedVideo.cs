using JasperFx.Events;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Catalog;

namespace VideoPipeline.Tests.Catalog.Deciding;

/// <summary>The read model of a deleted video: kept, but in no list and no queue count, whatever it was doing.</summary>
public sealed class SummarizingADeletedVideo
{
    [Fact]
    public void a_video_deleted_while_waiting_for_its_transcode_is_no_longer_waiting()
    {
        var id = Guid.CreateVersion7();
        var video = VideoSummaryProjection.Create(new Event<UploadRequested>(
            new UploadRequested(id, "owner-1", "Holiday", VideoKeys.Raw(id, "mp4"), "video/mp4", null, DateTimeOffset.UnixEpoch)));
        VideoSummaryProjection.Apply(new Event<UploadCompleted>(new UploadCompleted(id, VideoKeys.Raw(id, "mp4"), 10, "client")), video);
        video.Status.ShouldBe(VideoStatus.Uploaded);

        VideoSummaryProjection.Apply(new VideoDeleted(id, "owner-1"), video);

        video.Status.ShouldBe(VideoStatus.Deleted);
        VideoStatus.All.ShouldNotContain(VideoStatus.Deleted, "not a status anyone can list");
    }
}
