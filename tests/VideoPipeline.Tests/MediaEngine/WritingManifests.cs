using System.Xml.Linq;
using VideoPipeline.MediaEngine;

namespace VideoPipeline.Tests.MediaEngine;

/// <summary>What the service stores for players: measured bit rates, growing then finished media playlists, the master and the DASH manifest.</summary>
public sealed class WritingManifests
{
    private static readonly XNamespace Mpd = "urn:mpeg:dash:schema:mpd:2011";

    private static MediaPlaylist Playlist(params double[] durations) =>
        new("init.mp4", durations.Select((d, i) => new PlaylistSegment($"seg_{i:D5}.m4s", d)).ToList(), Ended: true);

    private static ManifestRendition Video(string name, int width, int height, long peak, long average) =>
        new(name, new CmafHeader("avc1.64001f", width, height, IsVideo: true), peak, average, Playlist(1, 1, 2, 4));

    private static readonly ManifestRendition Audio = new("audio", new CmafHeader("mp4a.40.2", 0, 0, IsVideo: false), 140_000, 130_000, Playlist(1, 1, 2, 4));

    [Fact]
    public void the_peak_is_the_busiest_run_of_segments_between_half_and_one_and_a_half_target_durations()
    {
        var bitrates = Bitrates.Measure([(1, 1000), (1, 1000), (2, 1000), (4, 8000)], targetSeconds: 4);

        bitrates.PeakBitsPerSecond.ShouldBe(16_000, "the last 4 s segment alone; the first 1 s segments are shorter than half the target");
        bitrates.AverageBitsPerSecond.ShouldBe(11_000);
    }

    [Fact]
    public void a_growing_playlist_is_an_event_playlist_that_starts_players_at_the_beginning_and_a_finished_one_ends()
    {
        var growing = new MediaPlaylist("init.mp4", [new("seg_00000.m4s", 1), new("seg_00001.m4s", 1)], Ended: false).Write(4);
        var finished = Playlist(1, 1, 2, 4.004).Write(4);

        growing.ShouldContain("#EXT-X-PLAYLIST-TYPE:EVENT\n");
        growing.ShouldContain("#EXT-X-START:TIME-OFFSET=0,PRECISE=YES\n");
        growing.ShouldContain("#EXT-X-MAP:URI=\"init.mp4\"\n");
        growing.ShouldNotContain("#EXT-X-ENDLIST");
        finished.ShouldContain("#EXT-X-PLAYLIST-TYPE:VOD\n");
        finished.ShouldContain("#EXT-X-TARGETDURATION:4\n");
        finished.ShouldEndWith("#EXTINF:4.004000,\nseg_00003.m4s\n#EXT-X-ENDLIST\n");
        MediaPlaylist.Parse(finished).ShouldBeEquivalentTo(Playlist(1, 1, 2, 4.004));
    }

    [Fact]
    public void the_master_lists_variants_lightest_first_each_with_the_audio_it_plays_with()
    {
        var master = StreamManifests.HlsMaster([Video("720p", 1280, 720, 2_000_000, 1_500_000), Video("360p", 640, 360, 500_000, 400_000)], Audio);

        master.Split('\n').ShouldBe([
            "#EXTM3U",
            "#EXT-X-VERSION:7",
            "#EXT-X-INDEPENDENT-SEGMENTS",
            "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Audio\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\",URI=\"audio/index.m3u8\"",
            "#EXT-X-STREAM-INF:BANDWIDTH=640000,AVERAGE-BANDWIDTH=530000,RESOLUTION=640x360,CODECS=\"avc1.64001f,mp4a.40.2\",AUDIO=\"audio\"",
            "360p/index.m3u8",
            "#EXT-X-STREAM-INF:BANDWIDTH=2140000,AVERAGE-BANDWIDTH=1630000,RESOLUTION=1280x720,CODECS=\"avc1.64001f,mp4a.40.2\",AUDIO=\"audio\"",
            "720p/index.m3u8",
            "",
        ]);
    }

    [Fact]
    public void the_dash_manifest_names_the_same_segments_by_template_on_each_renditions_timeline()
    {
        var manifest = XDocument.Parse(StreamManifests.Dash([Video("720p", 1280, 720, 2_000_000, 1_500_000), Video("360p", 640, 360, 500_000, 400_000)], Audio));

        var root = manifest.Root!;
        (root.Attribute("type")!.Value, root.Attribute("mediaPresentationDuration")!.Value).ShouldBe(("static", "PT8.000S"));
        var sets = root.Descendants(Mpd + "AdaptationSet").ToList();
        sets.Select(s => s.Attribute("contentType")!.Value).ShouldBe(["video", "audio"]);
        sets[0].Elements(Mpd + "Representation").Select(r => (r.Attribute("id")!.Value, r.Attribute("bandwidth")!.Value))
            .ShouldBe([("360p", "500000"), ("720p", "2000000")]);
        var template = sets[0].Elements(Mpd + "Representation").First().Element(Mpd + "SegmentTemplate")!;
        (template.Attribute("initialization")!.Value, template.Attribute("media")!.Value, template.Attribute("startNumber")!.Value)
            .ShouldBe(("$RepresentationID$/init.mp4", "$RepresentationID$/seg_$Number%05d$.m4s", "0"));
        template.Descendants(Mpd + "S").Select(s => (s.Attribute("t")!.Value, s.Attribute("d")!.Value, s.Attribute("r")?.Value))
            .ShouldBe([("0", "1000", "1"), ("2000", "2000", null), ("4000", "4000", null)], "1 s twice, then 2 s, then 4 s");
    }

    [Fact]
    public void the_live_dash_manifest_is_dynamic_its_window_numbered_from_its_first_segment_and_timed_from_the_runs_start()
    {
        var started = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
        var window = new LiveDashRendition(Video("360p", 640, 360, 900_000, 800_000), FirstNumber: 7, [new(14_000, 2000), new(16_000, 2000), new(18_000, 1500)]);

        var mpd = XDocument.Parse(StreamManifests.DashLive([window], null, started, started.AddSeconds(19.5), windowSeconds: 7200, targetSeconds: 2)).Root!;

        mpd.Attribute("type")!.Value.ShouldBe("dynamic");
        mpd.Attribute("availabilityStartTime")!.Value.ShouldBe("2026-12-07T09:00:00.000Z");
        mpd.Attribute("publishTime")!.Value.ShouldBe("2026-12-07T09:00:19.500Z");
        mpd.Attribute("timeShiftBufferDepth")!.Value.ShouldBe("PT7200.000S");
        mpd.Attribute("mediaPresentationDuration").ShouldBeNull();
        var template = mpd.Descendants(Mpd + "SegmentTemplate").Single();
        template.Attribute("startNumber")!.Value.ShouldBe("7");
        template.Attribute("media")!.Value.ShouldBe("$RepresentationID$/seg_$Number%05d$.m4s");
        template.Descendants(Mpd + "S").Select(s => (s.Attribute("t")!.Value, s.Attribute("d")!.Value, s.Attribute("r")?.Value))
            .ShouldBe([("14000", "2000", "1"), ("18000", "1500", null)]);
    }
}
