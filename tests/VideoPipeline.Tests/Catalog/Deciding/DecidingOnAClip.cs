using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Catalog.ClippingVideos;

namespace VideoPipeline.Tests.Catalog.Deciding;

/// <summary>Given a video as a clip is cut from it, when its owner asks for a stretch of it, then this plan or this refusal, and these first events.</summary>
public sealed class DecidingOnAClip
{
    private static ClipSource AProcessedVideo(double duration = 10, string owner = "owner-1")
    {
        var id = Guid.CreateVersion7();
        var video = ClipSource.Create(new UploadRequested(id, owner, "Holiday", VideoKeys.Raw(id, "mp4"), "video/mp4", null, DateTimeOffset.UnixEpoch));
        video.Apply(new SourceInspected(id, "mov", duration, 1280, 720, 0, "h264", "yuv420p", 8, 30, false, true, "aac"));
        video.Apply(new StreamRenditionReady(id, "720p", VideoKeys.Stream(id, "720p/index.m3u8"), 1280, 720, 1000, 3_000_000, 2_000_000, "avc1.64001f"));
        video.Apply(new StreamRenditionReady(id, "audio", VideoKeys.Stream(id, "audio/index.m3u8"), 0, 0, 100, 130_000, 128_000, "mp4a.40.2"));
        video.Apply(new StreamingReady(id, VideoKeys.Stream(id, "master.m3u8"), VideoKeys.Stream(id, "manifest.mpd"), []));
        return video;
    }

    [Fact]
    public void a_stretch_within_a_finished_video_is_planned_with_the_videos_title_unless_one_is_given()
    {
        var video = AProcessedVideo();

        Clips.Plan(video, "owner-1", new ClipRequest(2, 6, null)).ShouldBe((new ClipPlan(2, 6, "Holiday"), null));
        Clips.Plan(video, "owner-1", new ClipRequest(2, 6, " Goal ")).Plan!.Title.ShouldBe("Goal");
    }

    [Fact]
    public void another_owners_a_deleted_or_a_missing_video_is_not_found()
    {
        var deleted = AProcessedVideo();
        deleted.Apply(new VideoDeleted(deleted.Id, "owner-1"));

        Clips.Plan(AProcessedVideo(owner: "owner-2"), "owner-1", new ClipRequest(2, 6, null)).Refusal.ShouldBe(Answer.VideoNotFound);
        Clips.Plan(deleted, "owner-1", new ClipRequest(2, 6, null)).Refusal.ShouldBe(Answer.VideoNotFound);
        Clips.Plan(null, "owner-1", new ClipRequest(2, 6, null)).Refusal.ShouldBe(Answer.VideoNotFound);
    }

    [Fact]
    public void a_video_whose_stream_is_not_finished_is_a_conflict()
    {
        var id = Guid.CreateVersion7();
        var encoding = ClipSource.Create(new UploadRequested(id, "owner-1", "Live", $"live/{id:N}", "video/x-flv", null, DateTimeOffset.UnixEpoch));

        Clips.Plan(encoding, "owner-1", new ClipRequest(0, 2, null)).Refusal!.Kind.ShouldBe(AnswerKind.Conflict);
    }

    [Fact]
    public void an_end_past_the_videos_end_is_refused_naming_the_field_and_one_within_a_millisecond_is_the_end()
    {
        var video = AProcessedVideo(duration: 10);

        var refusal = Clips.Plan(video, "owner-1", new ClipRequest(2, 10.5, null)).Refusal!;
        refusal.Kind.ShouldBe(AnswerKind.Invalid);
        ((Dictionary<string, string[]>)refusal.Extensions!["errors"]!).Keys.ShouldBe(["end"]);
        Clips.Plan(video, "owner-1", new ClipRequest(2, 10.0005, null)).Plan!.To.ShouldBe(10);
    }

    [Fact]
    public void a_clip_starts_as_a_video_of_the_same_owner_playable_and_finished_at_once_and_holds_the_segments_of_the_video_they_belong_to()
    {
        var video = AProcessedVideo();
        var clipId = Guid.CreateVersion7();
        var request = new ClipRequest(3.2, 7.5, null);
        var plan = Clips.Plan(video, "owner-1", request).Plan!;
        var renditions = video.Renditions.Values.Select(r => new ClipRendition(r, "#EXTM3U\n")).ToList();

        var events = Clips.Created(video, clipId, request, plan, 2, 8, renditions, DateTimeOffset.UnixEpoch);

        events.Select(e => e.GetType().Name).ShouldBe(
        [
            nameof(UploadRequested), nameof(ClipCreated), nameof(SourceInspected), nameof(StreamingStarted),
            nameof(StreamRenditionReady), nameof(StreamRenditionReady), nameof(StreamingReady), nameof(ProcessingCompleted),
        ]);
        ((UploadRequested)events[0]).OwnerId.ShouldBe("owner-1");
        events[1].ShouldBe(new ClipCreated(clipId, video.Id, 3.2, 7.5, video.Id, 2, 8));
        ((SourceInspected)events[2]).DurationSeconds.ShouldBe(6);
        events.OfType<StreamRenditionReady>().Select(r => r.PlaylistKey).ShouldBe(
            [VideoKeys.Stream(clipId, "720p/index.m3u8"), VideoKeys.Stream(clipId, "audio/index.m3u8")], ignoreOrder: true);
    }

    [Fact]
    public void a_clip_of_a_clip_holds_the_segments_of_the_first_video_on_its_timeline()
    {
        var video = AProcessedVideo();
        var clip = AProcessedVideo();
        clip.Apply(new ClipCreated(clip.Id, video.Id, 3.2, 7.5, video.Id, 2, 8));
        var request = new ClipRequest(1, 3, null);

        var events = Clips.Created(clip, Guid.CreateVersion7(), request, Clips.Plan(clip, "owner-1", request).Plan!, 0, 4, [], DateTimeOffset.UnixEpoch);

        var created = events.OfType<ClipCreated>().Single();
        (created.ClipOf, created.SegmentsOf, created.CutStartSeconds, created.CutEndSeconds).ShouldBe((clip.Id, video.Id, 2.0, 6.0));
    }
}
