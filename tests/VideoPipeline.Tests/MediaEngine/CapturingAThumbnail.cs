using VideoPipeline.MediaEngine;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.MediaEngine;

[TakesAbout(10)]
public sealed class CapturingAThumbnail
{
    private static async Task<ProbedTrack> ThumbnailOf(Func<Task<string>> clip)
    {
        var path = await clip();
        var source = await TestOptions.ProbeAsync(path);
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var thumb = workspace.PathFor("thumb.jpg");

        await ThumbnailCapture.CaptureAsync(source.At(path), thumb, source, TestOptions.Default().BoundsFor(source, new FileInfo(path).Length, TestOptions.RunTime), CancellationToken.None);

        FileInspection.IsJpeg(thumb).ShouldBeTrue();
        return (await Ffmpeg.ProbeAsync(thumb)).Video;
    }

    [Fact]
    public async Task a_landscape_thumbnail_is_at_most_640_wide()
    {
        var thumb = await ThumbnailOf(MediaClips.Landscape);

        (thumb.Width, thumb.Height).ShouldBe((640, 360));
    }

    [Fact]
    public async Task a_portrait_thumbnail_is_taller_than_wide_and_at_most_360_high()
    {
        var thumb = await ThumbnailOf(MediaClips.Portrait);

        (thumb.Width, thumb.Height).ShouldBe((202, 360));
    }

    [Fact]
    public async Task a_rotated_source_gets_an_upright_thumbnail()
    {
        var thumb = await ThumbnailOf(MediaClips.Rotated);

        thumb.Height.ShouldBeGreaterThan(thumb.Width);
    }

    [Fact]
    public async Task a_sub_second_clip_still_gets_a_thumbnail()
    {
        var thumb = await ThumbnailOf(MediaClips.SubSecond);

        (thumb.Width, thumb.Height).ShouldBe((320, 240));
    }

    [Fact]
    public async Task an_interlaced_source_gets_a_deinterlaced_thumbnail() =>
        (await ThumbnailOf(MediaClips.InterlacedMpeg2)).Width.ShouldBe(640);

    [Fact]
    public async Task a_video_track_that_ends_before_2_s_still_gets_a_thumbnail()
    {
        var thumb = await ThumbnailOf(MediaClips.VideoShorterThanAudio);

        (thumb.Width, thumb.Height).ShouldBe((640, 360));
    }

    [Fact]
    public async Task a_small_source_is_not_upscaled() =>
        (await ThumbnailOf(MediaClips.OddSize)).Width.ShouldBe(640);
}
