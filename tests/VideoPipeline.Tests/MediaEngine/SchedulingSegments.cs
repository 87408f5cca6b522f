using VideoPipeline.MediaEngine;

namespace VideoPipeline.Tests.MediaEngine;

/// <summary>Where segments begin, and how ffmpeg's pieces become them: short first segments, then steady ones.</summary>
public sealed class SchedulingSegments
{
    private static readonly SegmentSchedule OneThenFour = new(1, 4);

    [Fact]
    public void segments_start_short_and_double_until_they_reach_the_steady_length()
    {
        Enumerable.Range(0, 7).Select(OneThenFour.Start).ShouldBe([0, 1, 2, 4, 8, 12, 16]);
        new SegmentSchedule(2, 2).Start(3).ShouldBe(6);
    }

    [Fact]
    public void a_moment_belongs_to_the_segment_it_falls_in_even_a_hair_early()
    {
        new[] { 0, 0.99, 1, 1.9995, 2, 3.9, 4.0107, 7.99, 8.02, 13 }.Select(OneThenFour.IndexAt).ShouldBe([0, 0, 1, 2, 2, 2, 3, 3, 4, 5]);
    }

    [Fact]
    public void the_steady_length_must_be_the_first_times_a_power_of_two()
    {
        SegmentSchedule.IsPowerOfTwoMultiple(4, 1).ShouldBeTrue();
        SegmentSchedule.IsPowerOfTwoMultiple(6, 1).ShouldBeFalse();
        Should.Throw<ArgumentException>(() => new MediaOptions { FirstSegmentSeconds = 1, SegmentSeconds = 6 }.Validate());
    }

    [Fact]
    public void audio_pieces_of_a_second_are_joined_into_the_schedules_segments()
    {
        // What ffmpeg writes for 9 s of 48 kHz AAC cut every second: 47 frames of 1024 samples a piece.
        var pieces = Enumerable.Range(0, 9).Select(i => new PlaylistSegment($"piece_{i:D5}.m4s", 1.002667)).ToList();

        var segments = CmafSegmenting.Progress(new MediaPlaylist("init.mp4", pieces, Ended: true), "/work", OneThenFour).Complete;

        segments.Select(s => s.Pieces.Count).ShouldBe([1, 1, 2, 4, 1]);
        segments.Select(s => s.Name).ShouldBe(["seg_00000.m4s", "seg_00001.m4s", "seg_00002.m4s", "seg_00003.m4s", "seg_00004.m4s"]);
        segments[3].Pieces.Select(p => p.Path).ShouldBe(["/work/piece_00004.m4s", "/work/piece_00005.m4s", "/work/piece_00006.m4s", "/work/piece_00007.m4s"]);
        segments.Sum(s => s.DurationSeconds).ShouldBe(9 * 1.002667, tolerance: 1e-9);
    }

    [Fact]
    public void a_segment_is_published_once_its_listed_pieces_reach_the_next_segment()
    {
        var pieces = Enumerable.Range(0, 5).Select(i => new PlaylistSegment($"piece_{i:D5}.m4s", 1.002667)).ToList();

        var growing = CmafSegmenting.Progress(new MediaPlaylist("init.mp4", pieces, Ended: false), "/work", OneThenFour).Complete;

        growing.Select(s => s.Pieces.Count).ShouldBe([1, 1, 2], "the piece from 4 s on is joined by the next three");
    }

    [Fact]
    public void the_first_segment_goes_out_as_soon_as_ffmpeg_lists_its_piece()
    {
        List<PlaylistSegment> first = [new("piece_00000.m4s", 1.0)];

        var growing = CmafSegmenting.Progress(new MediaPlaylist("init.mp4", first, Ended: false), "/work", OneThenFour).Complete;

        growing.Select(s => s.Name).ShouldBe(["seg_00000.m4s"], "a listed piece is finished, and this one ends where the next segment starts");
    }

    [Fact]
    public void a_segment_whose_pieces_stop_short_of_the_next_boundary_waits_for_more()
    {
        List<PlaylistSegment> pieces = [new("piece_00000.m4s", 1.002667), new("piece_00001.m4s", 1.002667), new("piece_00002.m4s", 1.002667)];

        var growing = CmafSegmenting.Progress(new MediaPlaylist("init.mp4", pieces, Ended: false), "/work", OneThenFour).Complete;

        growing.Select(s => s.Pieces.Count).ShouldBe([1, 1], "the segment from 2 s to 4 s has only its first piece");
    }

    [Fact]
    public void the_pieces_of_the_segment_being_written_are_its_parts_so_far()
    {
        var pieces = Enumerable.Range(0, 5).Select(i => new PlaylistSegment($"piece_{i:D5}.m4s", 1.002667)).ToList();

        var progress = CmafSegmenting.Progress(new MediaPlaylist("init.mp4", pieces, Ended: false), "/work", OneThenFour);

        progress.Open.Select(p => p.Path).ShouldBe(["/work/piece_00004.m4s"], "the segment from 4 s on has one piece so far: one part");
    }

    [Fact]
    public void a_segment_must_hold_a_whole_number_of_parts()
    {
        Should.Throw<ArgumentException>(() => new MediaOptions { FirstSegmentSeconds = 0.5, PartSeconds = 0.3 }.Validate());
    }

    [Theory]
    [InlineData(30, 0.27)]
    [InlineData(29.97, 0.27)]
    [InlineData(25, 0.28)]
    [InlineData(24, 0.25)]
    [InlineData(50, 0.26)]
    [InlineData(60, 0.25)]
    public void frames_encoded_in_order_give_parts_of_a_whole_number_of_frames_each_at_least_85_percent_of_the_target(double fps, double target)
    {
        var schedule = new SegmentSchedule(0.5, 2, 0.25);

        schedule.PartTargetSeconds(fps).ShouldBe(target);
        var longest = Math.Ceiling(0.25 * fps) / fps;
        var shortest = Math.Floor(0.25 * fps) / fps;
        longest.ShouldBeLessThanOrEqualTo(target, "§4.4.4.9: no part longer than the target");
        shortest.ShouldBeGreaterThanOrEqualTo(0.85 * target, "§4.4.4.9: every part but a segment's last at least 85 % of the target");
    }

    [Fact]
    public void an_aac_part_in_order_fits_the_target_at_every_sample_rate()
    {
        // 22.05 kHz: six 1024-sample frames (0.279 s) are the longest cut of 0.25 s parts; every audio part is independent.
        new SegmentSchedule(0.5, 2, 0.25).PartTargetSeconds(frameRate: null).ShouldBe(0.28);
    }
}
