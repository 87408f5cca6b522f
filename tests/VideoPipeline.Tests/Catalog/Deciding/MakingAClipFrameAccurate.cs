using VideoPipeline.Contracts;
using VideoPipeline.MediaEngine;
using VideoPipeline.Modules.Catalog.ClippingVideos;

namespace VideoPipeline.Tests.Catalog.Deciding;

/// <summary>
/// Given a clip played from its parent's segments, when its edges are encoded again, then its frame-accurate playlists
/// replace the instant ones and it is processed again (<c>video.processed</c>); and how the edges are planned and played.
/// </summary>
public sealed class MakingAClipFrameAccurate
{
    private const string Stored =
        "#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:2.000000,\nseg_00000.m4s\n#EXTINF:2.000000,\nseg_00001.m4s\n#EXTINF:2.000000,\nseg_00002.m4s\n" +
        "#EXTINF:2.000000,\nseg_00003.m4s\n#EXTINF:2.000000,\nseg_00004.m4s\n#EXT-X-ENDLIST\n";

    private static ClipSource AnInstantClip()
    {
        var id = Guid.CreateVersion7();
        var parent = Guid.CreateVersion7();
        var clip = ClipSource.Create(new UploadRequested(id, "owner-1", "Goal", $"clip/{parent:N}", "video/mp4", null, DateTimeOffset.UnixEpoch));
        clip.Apply(new ClipCreated(id, parent, 1.3, 6.7, parent, 0, 8));
        clip.Apply(new SourceInspected(id, "mov", 8, 1280, 720, 0, "h264", "yuv420p", 8, 30, false, true, "aac"));
        clip.Apply(new StreamRenditionReady(id, "720p", VideoKeys.Stream(id, "720p/index.m3u8"), 1280, 720, 1000, 3_000_000, 2_000_000, "avc1.64001f"));
        clip.Apply(new StreamRenditionReady(id, "audio", VideoKeys.Stream(id, "audio/index.m3u8"), 0, 0, 100, 130_000, 128_000, "mp4a.40.2"));
        return clip;
    }

    [Fact]
    public void when_the_edges_are_encoded_the_frame_accurate_playlists_replace_the_instant_ones_and_the_clip_is_processed_again()
    {
        var clip = AnInstantClip();
        var made = new List<ExactRendition> { new("720p", "v/720p/exact/index.m3u8", 5.4), new("audio", "v/audio/exact/index.m3u8", 5.41) };

        var events = ClipFrameAccuracy.Decide(clip, 1.3, made);

        events.Count.ShouldBe(2);
        var exact = events[0].ShouldBeOfType<ClipMadeFrameAccurate>();
        (exact.VideoId, exact.StartSeconds, exact.DurationSeconds).ShouldBe((clip.Id, 1.3, 5.4), "the clip lasts what its pictures last");
        exact.Playlists.ShouldBe([new StreamPlaylist("720p", "v/720p/exact/index.m3u8"), new StreamPlaylist("audio", "v/audio/exact/index.m3u8")]);
        events[1].ShouldBe(new ProcessingCompleted(clip.Id));

        clip.Apply(exact);
        (clip.TimelineStartSeconds, clip.Inspected!.DurationSeconds).ShouldBe((1.3, 5.4), "a clip of it is cut on the timeline it now plays");
        ClipFrameAccuracy.Decide(clip, 1.3, made).ShouldBeEmpty("it was made frame-accurate already");
    }

    [Fact]
    public void a_clip_deleted_meanwhile_is_not_made_frame_accurate()
    {
        var clip = AnInstantClip();
        clip.Apply(new VideoDeleted(clip.Id, "owner-1"));

        ClipFrameAccuracy.Decide(clip, 1.3, [new("720p", "k", 5.4)]).ShouldBeEmpty();
    }

    [Fact]
    public void the_first_and_last_covering_segments_are_the_edges_cut_where_asked_and_those_between_play_as_stored()
    {
        var plan = ClipEdges.Plan(Stored, 1.3, 6.7).ShouldNotBeNull();

        Rounded(plan.First).ShouldBe(new EdgeCut("seg_00000.m4s", 1.3, 2));
        plan.Middle.Select(s => s.Uri).ShouldBe(["seg_00001.m4s", "seg_00002.m4s"]);
        Rounded(plan.Last.ShouldNotBeNull()).ShouldBe(new EdgeCut("seg_00003.m4s", 0, 0.7));

        var single = ClipEdges.Plan(Stored, 4.2, 5.5).ShouldNotBeNull();
        (Rounded(single.First), single.Middle.Count, single.Last).ShouldBe((new EdgeCut("seg_00002.m4s", 0.2, 1.5), 0, (EdgeCut?)null), "one segment covers it: one edge");
    }

    private static EdgeCut Rounded(EdgeCut cut) => cut with { FromSeconds = Math.Round(cut.FromSeconds, 6), ToSeconds = Math.Round(cut.ToSeconds, 6) };

    [Fact]
    public void the_playlist_plays_each_edge_with_its_own_header_after_a_discontinuity()
    {
        var playlist = ClipEdges.Playlist("/c/first_init.mp4", [("/c/first_00.m4s", 0.7)], "/p/init.mp4", [("/p/seg_00001.m4s", 2)], "/c/last_init.mp4", [("/c/last_00.m4s", 0.7)]);

        playlist.Split('\n').Where(l => l.StartsWith("#EXT-X-MAP", StringComparison.Ordinal) || l.StartsWith("#EXT-X-DISC", StringComparison.Ordinal) || l.StartsWith('/')).ShouldBe(
        [
            "#EXT-X-MAP:URI=\"/c/first_init.mp4\"", "/c/first_00.m4s",
            "#EXT-X-DISCONTINUITY", "#EXT-X-MAP:URI=\"/p/init.mp4\"", "/p/seg_00001.m4s",
            "#EXT-X-DISCONTINUITY", "#EXT-X-MAP:URI=\"/c/last_init.mp4\"", "/c/last_00.m4s",
        ]);
        playlist.ShouldEndWith("#EXT-X-ENDLIST\n");
    }
}
