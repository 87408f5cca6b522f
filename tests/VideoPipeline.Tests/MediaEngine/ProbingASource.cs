using VideoPipeline.MediaEngine;

namespace VideoPipeline.Tests.MediaEngine;

public sealed class ProbingASource
{
    [Fact]
    public async Task a_landscape_h264_mp4_is_described()
    {
        var source = await TestOptions.ProbeAsync(await MediaClips.Landscape());

        source.DurationSeconds.ShouldBe(2, tolerance: 0.1);
        (source.DisplayWidth, source.DisplayHeight).ShouldBe((1280, 720));
        source.HasAudio.ShouldBeTrue();
        source.AudioCodec.ShouldBe("aac");
        (source.VideoCodec, source.PixelFormat, source.BitDepth).ShouldBe(("h264", "yuv420p", 8));
        source.Container.ShouldBe(Container.Mp4);
        source.FrameRate.ShouldBe(30, tolerance: 0.01);
        source.IsInterlaced.ShouldBeFalse();
    }

    [Fact]
    public async Task a_rotation_flag_swaps_the_display_size()
    {
        var source = await TestOptions.ProbeAsync(await MediaClips.Rotated());

        (source.DisplayWidth, source.DisplayHeight).ShouldBe((720, 1280));
        source.IsPortrait.ShouldBeTrue();
        LadderPlanner.Plan(source)[0].ShouldBe(new Rendition("720p", 1280, 720), "the ladder is planned from the size as shown");
    }

    [Fact]
    public async Task non_square_pixels_are_measured_as_shown_and_planned_so()
    {
        var source = await TestOptions.ProbeAsync(await MediaClips.Anamorphic());

        (source.DisplayWidth, source.DisplayHeight).ShouldBe((1024, 576));
        LadderPlanner.Plan(source).ShouldBe([new Rendition("480p", 480, 854), new Rendition("360p", 360, 640)]);
    }

    [Fact]
    public async Task a_10_bit_source_is_not_browser_playable()
    {
        var source = await TestOptions.ProbeAsync(await MediaClips.TenBit());

        (source.PixelFormat, source.BitDepth).ShouldBe(("yuv420p10le", 10));
    }

    [Fact]
    public async Task a_vp9_webm_is_not_browser_playable_as_is()
    {
        var source = await TestOptions.ProbeAsync(await MediaClips.Vp9WebM());

        (source.VideoCodec, source.AudioCodec).ShouldBe(("vp9", "opus"));
        source.DurationSeconds.ShouldBe(1, tolerance: 0.1);
    }

    [Fact]
    public async Task an_interlaced_source_is_flagged_for_deinterlacing()
    {
        var source = await TestOptions.ProbeAsync(await MediaClips.InterlacedMpeg2());

        source.VideoCodec.ShouldBe("mpeg2video");
        source.IsInterlaced.ShouldBeTrue();
    }

    [Fact]
    public async Task an_interlaced_capture_without_an_index_and_with_a_long_gop_is_accepted_whole()
    {
        // A seek near its end lands between keyframes: nothing decodes there, yet nothing is missing.
        var source = await TestOptions.ProbeAsync(await MediaClips.InterlacedH264Ts());

        (source.Container.Demuxer, source.VideoCodec, source.IsInterlaced).ShouldBe(("mpegts", "h264", true));
        source.DurationSeconds.ShouldBe(3, tolerance: 0.1);
    }

    [Fact]
    public async Task an_odd_sized_source_reports_its_real_size()
    {
        var source = await TestOptions.ProbeAsync(await MediaClips.OddSize());

        (source.DisplayWidth, source.DisplayHeight).ShouldBe((854, 481));
    }

    [Fact]
    public async Task a_silent_source_has_no_audio()
    {
        var source = await TestOptions.ProbeAsync(await MediaClips.Silent());

        source.HasAudio.ShouldBeFalse();
        source.AudioCodec.ShouldBeNull();
    }

    [Fact]
    public async Task a_sub_second_clip_is_still_a_video()
    {
        var source = await TestOptions.ProbeAsync(await MediaClips.SubSecond());

        source.DurationSeconds.ShouldBeInRange(0.3, 0.6);
    }
}
