using VideoPipeline.MediaEngine;

namespace VideoPipeline.Tests.MediaEngine;

public sealed class PlanningTheLadder
{
    private static SourceMedia Shown(int width, int height) => new(
        DurationSeconds: 10, DisplayWidth: width, DisplayHeight: height,
        HasAudio: true, VideoCodec: "h264", PixelFormat: "yuv420p", BitDepth: 8, Container: Container.Mp4, FrameRate: 30);

    private static IReadOnlyList<Rendition> Plan(int width, int height) => LadderPlanner.Plan(Shown(width, height));

    [Fact]
    public void a_1080p_source_gets_every_rung()
    {
        Plan(1920, 1080).ShouldBe([
            new Rendition("1080p", 1080, 1920),
            new Rendition("720p", 720, 1280),
            new Rendition("480p", 480, 854),
            new Rendition("360p", 360, 640),
        ]);
    }

    [Fact]
    public void a_4k_source_tops_out_at_1080p()
    {
        Plan(3840, 2160).Select(r => r.Name).ShouldBe(["1080p", "720p", "480p", "360p"]);
    }

    [Fact]
    public void a_capped_ladder_tops_out_at_its_top_rung_and_still_never_upscales()
    {
        LadderPlanner.Plan(Shown(1920, 1080) with { LadderTop = 720 }).Select(r => r.Name).ShouldBe(["720p", "480p", "360p"]);
        LadderPlanner.Outputs(Shown(1080, 1920) with { LadderTop = 720 }).Select(o => o.Name).ShouldBe(["720p", "480p", "360p", "audio"]);
        LadderPlanner.Plan(Shown(854, 480) with { LadderTop = 720 }).Select(r => r.Name).ShouldBe(["480p", "360p"]);
    }

    [Fact]
    public void a_video_rungs_files_are_stored_as_video_and_the_audio_renditions_as_audio()
    {
        LadderPlanner.Outputs(Shown(854, 480)).Select(o => (o.Name, o.ContentType))
            .ShouldBe([("480p", "video/mp4"), ("360p", "video/mp4"), ("audio", "audio/mp4")]);
    }

    [Fact]
    public void a_720p_source_is_never_upscaled()
    {
        Plan(1280, 720).Select(r => r.Name).ShouldBe(["720p", "480p", "360p"]);
    }

    [Fact]
    public void a_portrait_source_is_measured_on_its_short_side()
    {
        Plan(1080, 1920).ShouldBe([
            new Rendition("1080p", 1920, 1080),
            new Rendition("720p", 1280, 720),
            new Rendition("480p", 854, 480),
            new Rendition("360p", 640, 360),
        ]);
    }

    [Fact]
    public void an_odd_sized_source_gets_even_rungs_that_keep_its_aspect()
    {
        Plan(854, 481).ShouldBe([new Rendition("480p", 480, 852), new Rendition("360p", 360, 640)]);
    }

    [Fact]
    public void a_source_smaller_than_every_rung_gets_one_rung_at_its_own_even_size()
    {
        Plan(200, 120).ShouldBe([new Rendition("120p", 120, 200)]);
        Plan(201, 121).ShouldBe([new Rendition("120p", 120, 200)]);
        Plan(121, 201).ShouldBe([new Rendition("120p", 200, 120)]);
    }

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(1080, 1920)]
    [InlineData(2560, 1080)]
    [InlineData(1440, 1080)]
    [InlineData(853, 480)]
    [InlineData(640, 358)]
    [InlineData(359, 640)]
    [InlineData(3, 3)]
    [InlineData(1, 1)]
    public void every_rung_is_even_and_none_is_bigger_than_the_source(int width, int height)
    {
        var rungs = Plan(width, height);
        rungs.ShouldNotBeEmpty();
        rungs.ShouldAllBe(r => r.Width % 2 == 0 && r.Height % 2 == 0 && r.Width >= 2 && r.Height >= 2);
        rungs.ShouldAllBe(r => Math.Min(r.Width, r.Height) <= Math.Max(2, Math.Min(width, height)));
        rungs.Select(r => r.Name).ShouldBeUnique();
    }
}
