using VideoPipeline.MediaEngine;

namespace VideoPipeline.Tests.MediaEngine;

/// <summary>
/// A broadcast cut off mid-segment (its node killed, its publisher gone) left parts after its last whole segment: the
/// recording keeps them as one last segment, read back from the growing playlist that listed them.
/// </summary>
public sealed class KeepingACutOffSegment
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private static PlaylistPart Part(int segment, int index) => new($"parts/seg_{segment:D5}.{index}.m4s", 0.25, index == 0);

    private static LowLatencySegment Segment(int ordinal, bool discontinuity = false) =>
        new($"seg_{ordinal:D5}.m4s", 1, Start.AddSeconds(ordinal), Enumerable.Range(0, 4).Select(i => Part(ordinal, i)).ToList(), discontinuity);

    private static string Growing(IReadOnlyList<LowLatencySegment> segments, int openParts, bool openDiscontinuity = false, bool ended = false) =>
        new LowLatencyPlaylist("init.mp4", 1, 0.25, 0, segments, Enumerable.Range(0, openParts).Select(i => Part(segments.Count, i)).ToList(),
            Start.AddSeconds(segments.Count), $"parts/seg_{segments.Count:D5}.{openParts}.m4s", PlaylistGrowth.FromTheStart, ended, OpenDiscontinuity: openDiscontinuity).Write();

    [Fact]
    public void the_parts_after_the_last_whole_segment_are_the_open_segment_with_their_summed_duration()
    {
        var open = OpenSegment.Of(Growing([Segment(0), Segment(1)], openParts: 3)).ShouldNotBeNull();

        open.SegmentUri.ShouldBe("seg_00002.m4s");
        open.PartUris.ShouldBe(["parts/seg_00002.0.m4s", "parts/seg_00002.1.m4s", "parts/seg_00002.2.m4s"]);
        open.DurationSeconds.ShouldBe(0.75, 1e-9);
        open.Discontinuity.ShouldBeFalse();
    }

    [Fact]
    public void a_broadcast_cut_off_within_its_first_segment_has_that_segment_only()
    {
        var open = OpenSegment.Of(Growing([], openParts: 1)).ShouldNotBeNull();

        open.SegmentUri.ShouldBe("seg_00000.m4s");
        open.PartUris.ShouldBe(["parts/seg_00000.0.m4s"]);
    }

    [Fact]
    public void an_open_segment_that_starts_a_new_timeline_keeps_its_discontinuity_and_an_earlier_one_is_not_carried()
    {
        Segment(1, discontinuity: true).Discontinuity.ShouldBeTrue();

        OpenSegment.Of(Growing([Segment(0), Segment(1, discontinuity: true)], openParts: 2))!.Discontinuity.ShouldBeFalse();
        OpenSegment.Of(Growing([Segment(0), Segment(1)], openParts: 2, openDiscontinuity: true))!.Discontinuity.ShouldBeTrue();
    }

    [Fact]
    public void a_playlist_that_ends_on_a_whole_segment_or_is_ended_has_no_open_segment()
    {
        OpenSegment.Of(Growing([Segment(0), Segment(1)], openParts: 0)).ShouldBeNull();
        OpenSegment.Of(Growing([Segment(0), Segment(1)], openParts: 2, ended: true)).ShouldBeNull();
    }

    [Fact]
    public void parts_out_of_order_are_refused_with_their_names()
    {
        var text = Growing([Segment(0)], openParts: 2).Replace("parts/seg_00001.1.m4s\"\n", "parts/seg_00001.3.m4s\"\n", StringComparison.Ordinal);

        Should.Throw<InvalidDataException>(() => OpenSegment.Of(text)).Message.ShouldContain("parts/seg_00001.3.m4s");
    }
}
