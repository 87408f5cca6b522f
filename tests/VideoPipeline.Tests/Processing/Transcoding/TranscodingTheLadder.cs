using System.Collections.Concurrent;
using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Tests.Processing.Transcoding;

public sealed class TranscodingTheLadder
{
    private static async Task<IReadOnlyList<(RenditionFile File, ProbedFile Probed)>> LadderOf(
        Func<Task<string>> clip, TempWorkspace workspace, TranscodeOptions? options = null)
    {
        var (_, files) = await TestOptions.TranscodeAsync(await clip(), workspace, options);
        var probed = new List<(RenditionFile, ProbedFile)>();
        foreach (var file in files)
        {
            probed.Add((file, await Ffmpeg.ProbeAsync(file.Path)));
        }

        return probed;
    }

    private static void ShouldBeBrowserReadyH264(ProbedFile probed)
    {
        probed.Video.CodecName.ShouldBe("h264");
        probed.Video.PixFmt.ShouldBe("yuv420p");
        probed.Video.Profile.ShouldBeOneOf("High", "Main");
        (probed.Video.Width % 2, probed.Video.Height % 2).ShouldBe((0, 0));
    }

    [Fact]
    public async Task a_landscape_source_gets_one_h264_mp4_per_rung_in_one_run()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var ladder = await LadderOf(MediaClips.Landscape, workspace);

        ladder.Select(r => Path.GetFileName(r.File.Path)).ShouldBe(["720p.mp4", "480p.mp4", "360p.mp4"]);
        ladder.Select(r => (r.Probed.Video.Width, r.Probed.Video.Height)).ShouldBe([(1280, 720), (854, 480), (640, 360)]);
        foreach (var (file, probed) in ladder)
        {
            ShouldBeBrowserReadyH264(probed);
            probed.HasAudio.ShouldBeTrue();
            probed.Streams.Single(s => s.CodecType == "audio").CodecName.ShouldBe("aac");
            probed.DurationSeconds.ShouldBe(2, tolerance: 0.15);
            (file.Width, file.Height).ShouldBe((probed.Video.Width, probed.Video.Height));
            file.SizeBytes.ShouldBe(new FileInfo(file.Path).Length);
        }
    }

    [Fact]
    public async Task every_rendition_starts_with_its_index_so_it_plays_while_downloading()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var ladder = await LadderOf(MediaClips.Silent, workspace);

        foreach (var (file, _) in ladder)
        {
            FileInspection.IndexComesFirst(file.Path).ShouldBeTrue(string.Join(",", FileInspection.TopLevelAtoms(file.Path)));
        }
    }

    [Fact]
    public async Task a_portrait_source_keeps_its_orientation()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var ladder = await LadderOf(MediaClips.Portrait, workspace);

        ladder.Select(r => (r.File.Rendition.Name, r.Probed.Video.Width, r.Probed.Video.Height))
            .ShouldBe([("720p", 720, 1280), ("480p", 480, 854), ("360p", 360, 640)]);
    }

    [Fact]
    public async Task a_rotation_flag_is_applied_to_the_pixels_and_not_carried_over()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var ladder = await LadderOf(MediaClips.Rotated, workspace);

        ladder.Select(r => (r.Probed.Video.Width, r.Probed.Video.Height)).ShouldBe([(720, 1280), (480, 854), (360, 640)]);
        ladder.ShouldAllBe(r => !r.Probed.Video.HasRotation);
    }

    [Fact]
    public async Task an_odd_sized_source_gets_even_outputs()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var ladder = await LadderOf(MediaClips.OddSize, workspace);

        ladder.Select(r => (r.Probed.Video.Width, r.Probed.Video.Height)).ShouldBe([(852, 480), (640, 360)]);
        ladder.ShouldAllBe(r => r.Probed.Video.PixFmt == "yuv420p");
    }

    [Fact]
    public async Task a_10_bit_source_becomes_8_bit_yuv420p()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var ladder = await LadderOf(MediaClips.TenBit, workspace);

        var only = ladder.ShouldHaveSingleItem().Probed;
        ShouldBeBrowserReadyH264(only);
        only.Video.Profile.ShouldNotBe("High 10");
    }

    [Fact]
    public async Task a_vp9_opus_webm_becomes_h264_aac()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var ladder = await LadderOf(MediaClips.Vp9WebM, workspace);

        var only = ladder.ShouldHaveSingleItem().Probed;
        ShouldBeBrowserReadyH264(only);
        only.Streams.Single(s => s.CodecType == "audio").CodecName.ShouldBe("aac");
    }

    [Fact]
    public async Task an_hevc_source_becomes_h264()
    {
        if (!Ffmpeg.HasEncoder("libx265"))
        {
            return; // This ffmpeg build cannot make the input; nothing to test.
        }

        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var ladder = await LadderOf(MediaClips.Hevc, workspace);

        ShouldBeBrowserReadyH264(ladder.ShouldHaveSingleItem().Probed);
    }

    [Fact]
    public async Task an_interlaced_source_comes_out_progressive()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var ladder = await LadderOf(MediaClips.InterlacedMpeg2, workspace);

        ladder.Select(r => r.File.Rendition.Name).ShouldBe(["480p", "360p"]);
        foreach (var (_, probed) in ladder)
        {
            ShouldBeBrowserReadyH264(probed);
            probed.Video.FieldOrder.ShouldBe("progressive");
            probed.HasAudio.ShouldBeTrue();
        }
    }

    [Fact]
    public async Task a_silent_source_gets_renditions_without_an_audio_track()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var ladder = await LadderOf(MediaClips.Silent, workspace);

        ladder.ShouldHaveSingleItem().Probed.Streams.ShouldAllBe(s => s.CodecType == "video");
    }

    [Fact]
    public async Task a_tiny_sub_second_clip_gets_one_rung_at_its_own_size()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var ladder = await LadderOf(MediaClips.SubSecond, workspace);

        var (file, probed) = ladder.ShouldHaveSingleItem();
        file.Rendition.Name.ShouldBe("240p");
        (probed.Video.Width, probed.Video.Height).ShouldBe((320, 240));
        probed.HasAudio.ShouldBeTrue();
    }

    [Fact]
    public async Task progress_climbs_to_100_at_most_about_once_a_second()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var reports = new ConcurrentQueue<(double Percent, long At)>();
        var started = Environment.TickCount64;

        await TestOptions.TranscodeAsync(await MediaClips.LongLandscape(), workspace, progress: new SynchronousProgress(reports));
        var elapsedSeconds = (Environment.TickCount64 - started) / 1000.0;

        var percents = reports.Select(r => r.Percent).ToList();
        percents.ShouldNotBeEmpty();
        percents.ShouldAllBe(p => p >= 0 && p <= 100);
        percents.ShouldBe(percents.Order().ToList(), "progress never goes back");
        percents[^1].ShouldBe(100);
        percents.Count.ShouldBeLessThanOrEqualTo((int)Math.Ceiling(elapsedSeconds) + 2, $"reports: {string.Join(", ", percents)}");
    }

    private sealed class SynchronousProgress(ConcurrentQueue<(double, long)> reports) : IProgress<double>
    {
        public void Report(double value) => reports.Enqueue((value, Environment.TickCount64));
    }
}
