using VideoPipeline.MediaEngine;

namespace VideoPipeline.Tests.MediaEngine;

/// <summary>The LL-HLS media playlist (RFC 8216bis): what it lists, and how a blocking reload is judged against it.</summary>
public sealed class WritingLowLatencyPlaylists
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private static PlaylistPart Part(int segment, int index, bool independent = false) =>
        new($"parts/seg_{segment:D5}.{index}.m4s", 0.25, independent || index == 0);

    private static LowLatencySegment Segment(int ordinal, double seconds, double at) =>
        new($"seg_{ordinal:D5}.m4s", seconds, Start.AddSeconds(at), Enumerable.Range(0, (int)(seconds / 0.25)).Select(i => Part(ordinal, i)).ToList());

    private static LowLatencyPlaylist Growing(List<LowLatencySegment> segments, int openParts, PlaylistGrowth growth = PlaylistGrowth.FromTheStart, long sequence = 0) =>
        new("init.mp4", 4, 0.317, sequence, segments, Enumerable.Range(0, openParts).Select(i => Part((int)sequence + segments.Count, i)).ToList(),
            Start.AddSeconds(segments.Sum(s => s.DurationSeconds)), $"parts/seg_{sequence + segments.Count:D5}.{openParts}.m4s", growth, Ended: false);

    [Fact]
    public void a_playlist_with_only_its_first_part_names_that_part_and_hints_the_next()
    {
        var text = Growing([], openParts: 1).Write();

        text.ShouldBe(
            "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n" +
            "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.951\n#EXT-X-PART-INF:PART-TARGET=0.317\n" +
            "#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-START:TIME-OFFSET=0,PRECISE=YES\n#EXT-X-INDEPENDENT-SEGMENTS\n" +
            "#EXT-X-MAP:URI=\"init.mp4\"\n#EXT-X-PROGRAM-DATE-TIME:2026-12-07T09:00:00.000Z\n" +
            "#EXT-X-PART:DURATION=0.25000,URI=\"parts/seg_00000.0.m4s\",INDEPENDENT=YES\n" +
            "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"parts/seg_00000.1.m4s\"\n");
    }

    [Fact]
    public void every_segment_has_its_date_and_parts_are_kept_only_for_the_last_three_target_durations()
    {
        var segments = new List<LowLatencySegment> { Segment(0, 0.5, 0), Segment(1, 0.5, 0.5), Segment(2, 1, 1), Segment(3, 2, 2) };
        segments.AddRange(Enumerable.Range(4, 4).Select(i => Segment(i, 4, 4 * (i - 3))));

        var text = Growing(segments, openParts: 2).Write();
        var lines = text.Split('\n');

        lines.Count(l => l.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal)).ShouldBe(9, "every segment and the open one");
        lines.ShouldContain("#EXT-X-PROGRAM-DATE-TIME:2026-12-07T09:00:16.000Z");
        // 20 s listed; parts are kept for segments ending after 8 s: 5, 6, 7 (4 s each, 16 parts each), and the open one's 2.
        lines.Count(l => l.StartsWith("#EXT-X-PART:", StringComparison.Ordinal)).ShouldBe(3 * 16 + 2);
        lines.ShouldNotContain(l => l.Contains("parts/seg_00004.", StringComparison.Ordinal));
        lines.Count(l => l.StartsWith("#EXT-X-PRELOAD-HINT:", StringComparison.Ordinal)).ShouldBe(1);
        text.IndexOf("parts/seg_00007.15.m4s", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("seg_00007.m4s\n", StringComparison.Ordinal), "a segment's parts come before it");
    }

    [Fact]
    public void the_other_renditions_are_reported_after_the_hint_and_not_once_it_ended()
    {
        var reports = new List<RenditionReport> { new("../480p/index.m3u8", 3, 1), new("../audio/index.m3u8", 2, null) };
        var playlist = Growing([], openParts: 1) with { Reports = reports };

        playlist.Write().ShouldEndWith(
            "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"parts/seg_00000.1.m4s\"\n" +
            "#EXT-X-RENDITION-REPORT:URI=\"../480p/index.m3u8\",LAST-MSN=3,LAST-PART=1\n" +
            "#EXT-X-RENDITION-REPORT:URI=\"../audio/index.m3u8\",LAST-MSN=2\n");
        (playlist with { Ended = true }).Write().ShouldNotContain("#EXT-X-RENDITION-REPORT");
        LowLatencyPlaylist.Parse(playlist.Write()).OpenParts.ShouldBe(1, "a report is not a part");
    }

    [Fact]
    public void the_part_hold_back_is_never_less_than_three_part_targets()
    {
        (Growing([], openParts: 1) with { PartTargetSeconds = 0.2667 }).PartHoldBackSeconds.ShouldBeGreaterThanOrEqualTo(3 * 0.2667);
    }

    [Fact]
    public void a_part_is_independent_only_when_it_starts_with_a_keyframe()
    {
        var text = Growing([], openParts: 2).Write();

        text.ShouldContain("URI=\"parts/seg_00000.0.m4s\",INDEPENDENT=YES\n");
        text.ShouldContain("URI=\"parts/seg_00000.1.m4s\"\n");
    }

    [Fact]
    public void an_ended_playlist_drops_its_parts_and_hint()
    {
        var ended = Growing([Segment(0, 0.5, 0), Segment(1, 0.5, 0.5)], openParts: 0) with { Ended = true };

        var text = ended.Write();

        text.ShouldNotContain("#EXT-X-PART:");
        text.ShouldNotContain("#EXT-X-PRELOAD-HINT");
        text.ShouldContain("#EXT-X-PLAYLIST-TYPE:VOD\n");
        text.ShouldEndWith("seg_00001.m4s\n#EXT-X-ENDLIST\n");
    }

    [Fact]
    public void a_sliding_playlist_has_no_type_and_counts_from_its_media_sequence()
    {
        var text = Growing([Segment(7, 4, 0)], openParts: 1, PlaylistGrowth.Sliding, sequence: 7).Write();

        text.ShouldNotContain("#EXT-X-PLAYLIST-TYPE");
        text.ShouldNotContain("#EXT-X-START");
        text.ShouldContain("#EXT-X-MEDIA-SEQUENCE:7\n");
        LowLatencyPlaylist.Parse(text).OpenSequence.ShouldBe(8);
    }

    [Fact]
    public void a_sliding_playlist_carries_its_first_segments_discontinuity_in_the_sequence_and_tags_a_later_one()
    {
        var segments = new List<LowLatencySegment> { Segment(7, 4, 0) with { Discontinuity = true }, Segment(8, 4, 4), Segment(9, 4, 8) with { Discontinuity = true } };

        var text = (Growing(segments, openParts: 1, PlaylistGrowth.Sliding, sequence: 7) with { DiscontinuitySequence = 2 }).Write();

        text.ShouldContain("#EXT-X-DISCONTINUITY-SEQUENCE:2\n");
        text.Split('\n').Count(l => l == "#EXT-X-DISCONTINUITY").ShouldBe(1, "the first listed segment's discontinuity is in the sequence");
        text.IndexOf("#EXT-X-DISCONTINUITY\n", StringComparison.Ordinal).ShouldBeGreaterThan(text.IndexOf("seg_00008.m4s\n", StringComparison.Ordinal));
        text.IndexOf("#EXT-X-DISCONTINUITY\n", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("parts/seg_00009.0.m4s", StringComparison.Ordinal));
        Growing(segments, openParts: 1).Write().Split('\n').Count(l => l == "#EXT-X-DISCONTINUITY").ShouldBe(2, "a playlist from the start tags every one");
        Growing(segments, openParts: 1).Write().ShouldNotContain("#EXT-X-DISCONTINUITY-SEQUENCE");
    }

    [Fact]
    public void the_open_parts_of_a_publisher_back_after_the_listed_segments_start_a_new_timeline_after_a_tag()
    {
        var carried = new List<LowLatencySegment> { Segment(7, 4, 0), Segment(8, 4, 4) };

        var text = (Growing(carried, openParts: 2, PlaylistGrowth.Sliding, sequence: 7) with { OpenDiscontinuity = true }).Write();

        text.Split('\n').Count(l => l == "#EXT-X-DISCONTINUITY").ShouldBe(1);
        text.IndexOf("#EXT-X-DISCONTINUITY\n", StringComparison.Ordinal).ShouldBeGreaterThan(text.IndexOf("seg_00008.m4s\n", StringComparison.Ordinal));
        text.IndexOf("#EXT-X-DISCONTINUITY\n", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("parts/seg_00009.0.m4s", StringComparison.Ordinal));
        (Growing([], openParts: 2, PlaylistGrowth.Sliding, sequence: 9) with { OpenDiscontinuity = true }).Write()
            .ShouldNotContain("#EXT-X-DISCONTINUITY\n", Case.Sensitive, "listed alone, the open parts' discontinuity is in the sequence");
    }

    [Fact]
    public void a_stored_live_playlist_gives_back_when_each_segment_it_names_began()
    {
        var text = (Growing([Segment(7, 4, 0), Segment(8, 4, 4) with { Discontinuity = true }], openParts: 1, PlaylistGrowth.Sliding, sequence: 7)).Write();

        LivePlaylist.ProgramDateTimes(text).ShouldBe(new Dictionary<string, DateTimeOffset>
        {
            ["seg_00007.m4s"] = Start,
            ["seg_00008.m4s"] = Start.AddSeconds(4),
        });
    }

    [Fact]
    public void the_parsed_position_counts_segments_their_parts_and_the_open_parts()
    {
        var position = LowLatencyPlaylist.Parse(Growing([Segment(0, 0.5, 0), Segment(1, 0.5, 0.5)], openParts: 3).Write());

        position.ShouldBe(position with { MediaSequence = 0, OpenParts = 3, TargetDurationSeconds = 4, PartTargetSeconds = 0.317, Ended = false });
        position.PartsOfSegments.ShouldBe([2, 2]);
        position.BlockingBound.ShouldBe(TimeSpan.FromSeconds(12));
    }

    [Theory]
    [InlineData(1, null, ReloadVerdict.Ready)]
    [InlineData(2, null, ReloadVerdict.Wait)]
    [InlineData(3, null, ReloadVerdict.Wait)]
    [InlineData(4, null, ReloadVerdict.TooFarAhead)]
    [InlineData(1, 1, ReloadVerdict.Ready)]
    [InlineData(1, 2, ReloadVerdict.Ready)] // past segment 1's last part: part 0 of segment 2, which is out
    [InlineData(2, 2, ReloadVerdict.Ready)]
    [InlineData(2, 3, ReloadVerdict.Wait)]
    [InlineData(2, 11, ReloadVerdict.Wait)]
    [InlineData(2, 12, ReloadVerdict.TooFarAhead)] // the Advance Part Limit: 3 / 0.317 = 9.5 parts ahead of the last
    [InlineData(3, 0, ReloadVerdict.Wait)]
    [InlineData(3, 20, ReloadVerdict.TooFarAhead)]
    public void a_blocking_reload_is_answered_once_the_segment_or_part_exists(long msn, int? part, ReloadVerdict verdict)
    {
        var position = LowLatencyPlaylist.Parse(Growing([Segment(0, 0.5, 0), Segment(1, 0.5, 0.5)], openParts: 3).Write());

        position.Judge(msn, part).ShouldBe(verdict);
    }

    [Fact]
    public void a_part_of_a_later_segment_counts_the_parts_still_to_come_before_it_against_the_advance_part_limit()
    {
        // Segment 2 has 4 parts, segment 3 its first: segment 4's part 5 is at least 3 + 6 = 9 parts ahead, its part 6 ten (limit 9.5).
        var position = LowLatencyPlaylist.Parse(Growing([Segment(0, 0.5, 0), Segment(1, 0.5, 0.5), Segment(2, 1, 1)], openParts: 1).Write());

        position.Judge(4, 5).ShouldBe(ReloadVerdict.Wait);
        position.Judge(4, 6).ShouldBe(ReloadVerdict.TooFarAhead, "§6.2.5.2: further than the Advance Part Limit past the last part");
    }

    [Fact]
    public void an_ended_playlist_answers_every_reload_at_once()
    {
        var ended = LowLatencyPlaylist.Parse((Growing([Segment(0, 0.5, 0)], openParts: 0) with { Ended = true }).Write());

        ended.Judge(9, 3).ShouldBe(ReloadVerdict.Ready);
    }
}
