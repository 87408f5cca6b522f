using System.Diagnostics;
using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Tests.Processing.Transcoding;

public sealed class RemuxingForFastStart
{
    [Fact]
    public async Task a_playable_source_is_copied_with_its_index_moved_to_the_front()
    {
        var clip = await MediaClips.Landscape();
        FileInspection.TopLevelAtoms(clip).ShouldBe(["ftyp", "free", "mdat", "moov"], "the input has its index at the end");
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var output = workspace.PathFor("playable.mp4");

        var clock = Stopwatch.StartNew();
        await TestOptions.RemuxAsync(clip, output);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));

        FileInspection.IndexComesFirst(output).ShouldBeTrue(string.Join(",", FileInspection.TopLevelAtoms(output)));
        var probed = await Ffmpeg.ProbeAsync(output);
        probed.Streams.Select(s => s.CodecName).ShouldBe(["h264", "aac"]);
        (probed.Video.Width, probed.Video.Height).ShouldBe((1280, 720));
    }

    [Fact]
    public async Task subtitle_tracks_are_dropped()
    {
        var clip = await MediaClips.WithSubtitles();
        (await Ffmpeg.ProbeAsync(clip)).Streams.ShouldContain(s => s.CodecType == "subtitle");
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var output = workspace.PathFor("playable.mp4");

        await TestOptions.RemuxAsync(clip, output);

        (await Ffmpeg.ProbeAsync(output)).Streams.Select(s => s.CodecType).ShouldBe(["video", "audio"]);
    }

    [Fact]
    public async Task the_display_rotation_travels_with_the_copied_video()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var output = workspace.PathFor("playable.mp4");

        await TestOptions.RemuxAsync(await MediaClips.Rotated(), output);

        var source = await TestOptions.ProbeAsync(output);
        (source.DisplayWidth, source.DisplayHeight).ShouldBe((720, 1280));
    }
}
