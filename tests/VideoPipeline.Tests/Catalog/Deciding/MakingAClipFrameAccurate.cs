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

    private static ThumbnailReady PosterOf(ClipSource clip) => new(clip.Id, VideoKeys.Thumbnail(clip.Id));

    private static RenditionReady DownloadOf(ClipSource clip) => new(clip.Id, "720p", VideoKeys.Rendition(clip.Id, "720p"), 1280, 720, 400_000);

    private static StoryboardReady StoryboardOf(ClipSource clip) => new(clip.Id, VideoKeys.Storyboard(clip.Id), 2, 3, 3, 160, 90);

    private static IReadOnlyList<object> Decide(ClipSource clip, IReadOnlyList<ExactRendition> made) =>
        ClipFrameAccuracy.Decide(clip, 1.3, made, "v/exact/manifest.mpd", PosterOf(clip), DownloadOf(clip), StoryboardOf(clip));

    [Fact]
    public void when_the_edges_are_encoded_the_frame_accurate_playlists_replace_the_instant_ones_with_its_own_poster_download_and_storyboard_and_the_clip_is_processed_again()
    {
        var clip = AnInstantClip();
        var made = new List<ExactRendition> { new("720p", "v/720p/exact/index.m3u8", 5.4), new("audio", "v/audio/exact/index.m3u8", 5.41) };

        var events = Decide(clip, made);

        events.Count.ShouldBe(5);
        var exact = events[0].ShouldBeOfType<ClipMadeFrameAccurate>();
        (exact.VideoId, exact.StartSeconds, exact.DurationSeconds).ShouldBe((clip.Id, 1.3, 5.4), "the clip lasts what its pictures last");
        exact.Playlists.ShouldBe([new StreamPlaylist("720p", "v/720p/exact/index.m3u8"), new StreamPlaylist("audio", "v/audio/exact/index.m3u8")]);
        exact.DashManifestKey.ShouldBe("v/exact/manifest.mpd");
        events[1].ShouldBe(PosterOf(clip), "its poster, a picture of its own");
        events[2].ShouldBe(DownloadOf(clip), "its MP4, joined from its pieces");
        events[3].ShouldBe(StoryboardOf(clip), "its seek previews, from that MP4");
        events[4].ShouldBe(new ProcessingCompleted(clip.Id));
        ClipFrameAccuracy.DurationOf(clip, made).ShouldBe(5.4, "what the MP4 and storyboard are made to last");

        clip.Apply(exact);
        (clip.TimelineStartSeconds, clip.Inspected!.DurationSeconds).ShouldBe((1.3, 5.4), "a clip of it is cut on the timeline it now plays");
        Decide(clip, made).ShouldBeEmpty("it was made frame-accurate already");
    }

    [Fact]
    public void a_clip_deleted_meanwhile_is_not_made_frame_accurate()
    {
        var clip = AnInstantClip();
        clip.Apply(new VideoDeleted(clip.Id, "owner-1"));

        Decide(clip, [new("720p", "k", 5.4)]).ShouldBeEmpty();
    }

    [Fact]
    public void the_first_and_last_covering_segments_are_the_edges_cut_where_asked_and_those_between_play_as_stored()
    {
        var plan = ClipEdges.Plan(Stored, 1.3, 6.7).ShouldNotBeNull();

        Rounded(plan.First).ShouldBe(("seg_00000.m4s", 1.3, 2.0));
        plan.Middle.Select(s => s.Uri).ShouldBe(["seg_00001.m4s", "seg_00002.m4s"]);
        Rounded(plan.Last.ShouldNotBeNull()).ShouldBe(("seg_00003.m4s", 0.0, 0.7));
        (plan.FirstEndSeconds, plan.MiddleStartSeconds, plan.LastStartSeconds).ShouldBe((2.0, 2.0, (double?)6.0));

        var single = ClipEdges.Plan(Stored, 4.2, 5.5).ShouldNotBeNull();
        (Rounded(single.First), single.Middle.Count, single.Last).ShouldBe((("seg_00002.m4s", 0.2, 1.5), 0, (EdgeCut?)null), "one segment covers it: one edge");
    }

    /// <summary>The audio's segments end up to an AAC frame (21.3 ms) off the rungs' 2 s boundaries: 2.0053, 4.0107, 5.9947, 8.</summary>
    private const string StoredAudio =
        "#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:2.005333,\nseg_00000.m4s\n#EXTINF:2.005334,\nseg_00001.m4s\n#EXTINF:1.984000,\nseg_00002.m4s\n" +
        "#EXTINF:2.005333,\nseg_00003.m4s\n#EXTINF:2.000000,\nseg_00004.m4s\n#EXT-X-ENDLIST\n";

    [Fact]
    public void the_audio_is_cut_where_the_rungs_edges_are_so_every_rendition_plays_the_same_pieces()
    {
        var lead = ClipEdges.Plan(Stored, 4.0, 9.0).ShouldNotBeNull();
        (lead.FirstEndSeconds, lead.MiddleStartSeconds, lead.LastStartSeconds).ShouldBe((6.0, 6.0, (double?)8.0));

        var audio = ClipEdges.Follow(StoredAudio, 4.0, 9.0, lead).ShouldNotBeNull();

        Rounded(audio.First).ShouldBe(("seg_00001.m4s,seg_00002.m4s,seg_00003.m4s", 1.9947, 3.9947), "4 s to the rung's 6 s, from the audio segments holding it");
        audio.Middle.Select(s => s.Uri).ShouldBe(["seg_00003.m4s"], "the audio segments the rung's middle (6 to 8 s) begins and ends on");
        Math.Round(audio.MiddleStartSeconds, 4).ShouldBe(5.9947, "where the DASH Period of the middle places it: 5.3 ms before the rungs'");
        Rounded(audio.Last.ShouldNotBeNull()).ShouldBe(("seg_00004.m4s", 0.0, 1.0), "from the rung's last edge, 8 s, to 9 s");

        var single = ClipEdges.Follow(StoredAudio, 4.2, 5.5, ClipEdges.Plan(Stored, 4.2, 5.5)!).ShouldNotBeNull();
        (Rounded(single.First), single.Middle.Count, single.Last).ShouldBe((("seg_00002.m4s", 0.1893, 1.4893), 0, (EdgeCut?)null));
    }

    /// <summary>
    /// The audio's segments as ffmpeg cuts them, on the first AAC frame at or past each of the rungs' 2 s boundaries
    /// (a live recording's at 44.1 kHz): 2.0109, 4.0109, 6.0218, 8.
    /// </summary>
    private const string StoredAudioCutPast =
        "#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:2.010884,\nseg_00000.m4s\n#EXTINF:2.000000,\nseg_00001.m4s\n#EXTINF:2.010884,\nseg_00002.m4s\n" +
        "#EXTINF:1.978232,\nseg_00003.m4s\n#EXTINF:2.000000,\nseg_00004.m4s\n#EXT-X-ENDLIST\n";

    [Fact]
    public void the_audio_between_the_edges_is_the_segments_the_rungs_boundaries_are_on_not_one_holding_milliseconds_of_it()
    {
        var lead = ClipEdges.Plan(Stored, 4.0, 9.0).ShouldNotBeNull();

        var audio = ClipEdges.Follow(StoredAudioCutPast, 4.0, 9.0, lead).ShouldNotBeNull();

        audio.Middle.Select(s => s.Uri).ShouldBe(["seg_00003.m4s"], "not seg_00002.m4s too, which holds only 6 to 6.0218 s of the rung's middle: it would play 2 s of sound twice");
        Math.Round(audio.MiddleStartSeconds, 4).ShouldBe(6.0218, "where the middle's sound begins, an AAC frame after its picture");
        Rounded(audio.First).ShouldBe(("seg_00001.m4s,seg_00002.m4s", 1.9891, 3.9891), "4 s to the rung's 6 s");
        Rounded(audio.Last.ShouldNotBeNull()).ShouldBe(("seg_00004.m4s", 0.0, 1.0), "8 s to 9 s");
    }

    [Fact]
    public void the_dash_manifest_plays_each_piece_in_a_period_of_its_own_placed_by_its_media_time()
    {
        var video = ClipEdges.Playlist("/c/720p/first_init.mp4", [("/c/720p/first_00.m4s", 2.0)], "/p/720p/init.mp4",
            [("/p/720p/seg_00003.m4s", 2.0)], "/c/720p/last_init.mp4", [("/c/720p/last_00.m4s", 1.0)]);
        var audio = ClipEdges.Playlist("/c/audio/first_init.mp4", [("/c/audio/first_00.m4s", 2.0)], "/p/audio/init.mp4",
            [("/p/audio/seg_00003.m4s", 2.005333)], "/c/audio/last_init.mp4", [("/c/audio/last_00.m4s", 1.0)]);

        var mpd = System.Xml.Linq.XDocument.Parse(StreamCuts.DashOfPieces(
            [new CutRendition("720p", "avc1.64001f", 1280, 720, 3_000_000, 2_000_000, video), new CutRendition("audio", "mp4a.40.2", 0, 0, 130_000, 128_000, audio)],
            new Dictionary<string, IReadOnlyList<double>> { ["720p"] = [0, 6.0, 0], ["audio"] = [0, 5.994667, 0] }));

        System.Xml.Linq.XNamespace ns = "urn:mpeg:dash:schema:mpd:2011";
        mpd.Root!.Attribute("mediaPresentationDuration")!.Value.ShouldBe("PT5.000S");
        var periods = mpd.Root.Elements(ns + "Period").ToList();
        periods.Select(p => (p.Attribute("start")!.Value, p.Attribute("duration")!.Value)).ShouldBe([("PT0.000S", "PT2.000S"), ("PT2.000S", "PT2.000S"), ("PT4.000S", "PT1.000S")]);
        var templates = periods.Select(p => p.Descendants(ns + "SegmentTemplate").Select(t => (
            Init: t.Attribute("initialization")!.Value, Number: t.Attribute("startNumber")!.Value, Offset: t.Attribute("presentationTimeOffset")?.Value,
            Start: t.Element(ns + "SegmentTimeline")!.Element(ns + "S")!.Attribute("t")!.Value)).ToList()).ToList();
        templates[0].ShouldAllBe(t => t.Init == "$RepresentationID$/init.mp4" && t.Number == "0" && t.Offset == null && t.Start == "0");
        templates[1].ShouldBe([("$RepresentationID$/init_1.mp4", "1", "6000", "6000"), ("$RepresentationID$/init_1.mp4", "1", "6000", "5995")],
            "the stored segments between, each rendition at its own media time, the Period starting at the rung's");
        templates[2].ShouldAllBe(t => t.Init == "$RepresentationID$/init_2.mp4" && t.Number == "2" && t.Offset == null);

        (PlaylistPiece.UriOf(video, "init.mp4"), PlaylistPiece.UriOf(video, "init_1.mp4"), PlaylistPiece.UriOf(video, "seg_00001.m4s"), PlaylistPiece.UriOf(video, "seg_00002.m4s"))
            .ShouldBe(("/c/720p/first_init.mp4", "/p/720p/init.mp4", "/p/720p/seg_00003.m4s", "/c/720p/last_00.m4s"), "the files the manifest names, found in the playlist");
        (PlaylistPiece.UriOf(video, "init_3.mp4"), PlaylistPiece.UriOf(video, "seg_00003.m4s")).ShouldBe((null, null));
    }

    private static (string, double, double) Rounded(EdgeCut cut) => (string.Join(",", cut.Uris), Math.Round(cut.FromSeconds, 4), Math.Round(cut.ToSeconds, 4));

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
