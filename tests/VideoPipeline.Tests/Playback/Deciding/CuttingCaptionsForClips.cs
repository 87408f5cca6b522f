using VideoPipeline.Modules.Playback.Captions;
using VideoPipeline.Modules.Playback.Manifests;

namespace VideoPipeline.Tests.Playback.Deciding;

/// <summary>A clip plays the caption tracks of the video it is cut from: the cues of its stretch, on its own timeline, in every DASH Period.</summary>
public sealed class CuttingCaptionsForClips
{
    private static readonly string Track = CaptionFile.Read(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nBefore\n\n00:00:02.500 --> 00:00:04.000 line:10%\nAcross the start\n\n" +
        "00:00:05.000 --> 00:00:06.000\nInside\ntwo lines\n\n00:00:07.000 --> 00:00:09.000\nAcross the end\n\n00:00:09.500 --> 00:00:10.000\nAfter\n").WebVtt!;

    [Fact]
    public void the_cues_of_the_stretch_are_kept_clipped_to_it_and_moved_to_start_at_zero()
    {
        WebVttCut.Between(Track, 3.2, 7.5).ShouldBe(
            "WEBVTT\n\n00:00:00.000 --> 00:00:00.800 line:10%\nAcross the start\n\n00:00:01.800 --> 00:00:02.800\nInside\ntwo lines\n\n" +
            "00:00:03.800 --> 00:00:04.300\nAcross the end\n");
        WebVttCut.Between(Track, 20, 30).ShouldBe("WEBVTT\n", "no cue shows there");
        WebVttCut.Between(WebVttCut.Between(Track, 3.2, 7.5), 1, 3).ShouldBe("WEBVTT\n\n00:00:00.800 --> 00:00:01.800\nInside\ntwo lines\n", "a stretch of a stretch");
    }

    [Fact]
    public void every_period_of_a_clips_dash_manifest_names_the_stretch_of_each_track_it_plays()
    {
        const string Mpd = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\">" +
                           "<Period id=\"0\" start=\"PT0.000S\" duration=\"PT0.800S\"><AdaptationSet id=\"0\"/></Period>" +
                           "<Period id=\"1\" start=\"PT0.800S\" duration=\"PT3.500S\"><AdaptationSet id=\"0\"/></Period></MPD>";
        var track = new CaptionTrack { Language = "en", Label = "English", WebVtt = Track };

        var rewritten = System.Xml.Linq.XDocument.Parse(ManifestRewriter.Dash(Mpd, "expires=1&sig=s", [(track, new Uri("https://cdn.test/videos/v/captions/en.vtt?expires=1&sig=s"))]));

        System.Xml.Linq.XNamespace ns = "urn:mpeg:dash:schema:mpd:2011";
        rewritten.Root!.Elements(ns + "Period").Select(p => p.Descendants(ns + "BaseURL").Single().Value).ShouldBe(
        [
            "https://cdn.test/videos/v/captions/en.vtt?expires=1&sig=s&from=0&to=0.8",
            "https://cdn.test/videos/v/captions/en.vtt?expires=1&sig=s&from=0.8&to=4.3",
        ]);

        var single = System.Xml.Linq.XDocument.Parse(ManifestRewriter.Dash(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\"><Period id=\"0\"><AdaptationSet id=\"0\"/></Period></MPD>",
            "expires=1&sig=s", [(track, new Uri("https://cdn.test/en.vtt?expires=1&sig=s"))]));
        single.Descendants(ns + "BaseURL").Single().Value.ShouldBe("https://cdn.test/en.vtt?expires=1&sig=s", "one Period: the whole track");
    }
}
