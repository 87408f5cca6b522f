using System.Collections.Concurrent;
using VideoPipeline.MediaEngine;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.MediaEngine;

[TakesAbout(27)]
public sealed class TranscodingTheLadder
{
    private static async Task<IReadOnlyList<(StreamedRendition Rendition, ProbedFile Probed)>> LadderOf(
        Func<Task<string>> clip, TempWorkspace workspace, MediaOptions? options = null)
    {
        var (_, renditions) = await TestOptions.TranscodeAsync(await clip(), workspace, options);
        var probed = new List<(StreamedRendition, ProbedFile)>();
        foreach (var rendition in renditions)
        {
            probed.Add((rendition, await Ffmpeg.ProbeAsync(rendition.Flattened)));
        }

        return probed;
    }

    private static IEnumerable<ProbedFile> Rungs(IEnumerable<(StreamedRendition Rendition, ProbedFile Probed)> ladder) =>
        ladder.Where(r => !r.Rendition.Output.IsAudio).Select(r => r.Probed);

    private static void ShouldBeBrowserReadyH264(ProbedFile probed)
    {
        probed.Video.CodecName.ShouldBe("h264");
        probed.Video.PixFmt.ShouldBe("yuv420p");
        probed.Video.Profile.ShouldBeOneOf("High", "Main");
        (probed.Video.Width % 2, probed.Video.Height % 2).ShouldBe((0, 0));
    }

    [Fact]
    public async Task a_landscape_source_gets_a_video_rendition_per_rung_and_one_audio_rendition_in_one_run()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var ladder = await LadderOf(MediaClips.Landscape, workspace);

        ladder.Select(r => r.Rendition.Name).ShouldBe(["720p", "480p", "360p", "audio"]);
        Rungs(ladder).Select(p => (p.Video.Width, p.Video.Height)).ShouldBe([(1280, 720), (854, 480), (640, 360)]);
        foreach (var probed in Rungs(ladder))
        {
            ShouldBeBrowserReadyH264(probed);
            probed.HasAudio.ShouldBeFalse("the sound is stored once, in the audio rendition");
            probed.DurationSeconds.ShouldBe(2, tolerance: 0.15);
        }

        var audio = ladder.Single(r => r.Rendition.Output.IsAudio).Probed;
        audio.Streams.ShouldHaveSingleItem().CodecName.ShouldBe("aac");
        audio.DurationSeconds.ShouldBe(2, tolerance: 0.15);
        ladder.ShouldAllBe(r => r.Rendition.Pieces.Ended);
    }

    [Fact]
    public async Task every_rung_has_its_keyframes_on_the_same_segment_boundaries()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var ladder = await LadderOf(MediaClips.LongLandscape, workspace);
        var rungs = ladder.Where(r => !r.Rendition.Output.IsAudio).ToList();

        // 6 s at 0.5 s first segments ramping to 4 s: boundaries at 0, 0.5, 1, 2 and 4 s, the same in every rung.
        var firstKeyframe = (await Ffmpeg.KeyframeTimesAsync(rungs[0].Rendition.Flattened))[0];
        foreach (var (rendition, _) in rungs)
        {
            (await Ffmpeg.KeyframeTimesAsync(rendition.Flattened)).Select(t => t - firstKeyframe).ShouldBe([0, 0.5, 1, 2, 4], tolerance: 0.001, rendition.Name);
            // ffmpeg's pieces are the parts; the publisher joins them into the schedule's segments, whose boundaries are the keyframes.
            var schedule = SegmentSchedule.Of(TestOptions.Default());
            var segments = CmafSegmenting.Progress(rendition.Pieces, rendition.Folder, schedule).Complete;
            segments.Take(4).Select(s => s.DurationSeconds).ShouldBe([0.5, 0.5, 1, 2], tolerance: 0.001, rendition.Name);
            segments.Sum(s => s.DurationSeconds).ShouldBe(6, tolerance: 0.15, rendition.Name);
            // Frames in order: every piece is the whole number of 30 fps frames just below or above 0.25 s (§4.4.4.9: at most
            // the part target, and at least 85 % of it but for a segment's last part).
            var target = schedule.PartTargetSeconds(30);
            rendition.Pieces.Segments.ShouldAllBe(piece => piece.DurationSeconds <= target, rendition.Name);
            rendition.Pieces.Segments.SkipLast(1).Count(piece => piece.DurationSeconds < 0.85 * target).ShouldBe(0, rendition.Name);
        }
    }

    [Fact]
    public async Task a_portrait_source_keeps_its_orientation()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var ladder = await LadderOf(MediaClips.Portrait, workspace);

        ladder.Where(r => !r.Rendition.Output.IsAudio).Select(r => (r.Rendition.Name, r.Probed.Video.Width, r.Probed.Video.Height))
            .ShouldBe([("720p", 720, 1280), ("480p", 480, 854), ("360p", 360, 640)]);
    }

    [Fact]
    public async Task a_rotation_flag_is_applied_to_the_pixels_and_not_carried_over()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var ladder = Rungs(await LadderOf(MediaClips.Rotated, workspace)).ToList();

        ladder.Select(p => (p.Video.Width, p.Video.Height)).ShouldBe([(720, 1280), (480, 854), (360, 640)]);
        ladder.ShouldAllBe(p => !p.Video.HasRotation);
    }

    [Fact]
    public async Task an_odd_sized_source_gets_even_outputs()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var ladder = Rungs(await LadderOf(MediaClips.OddSize, workspace)).ToList();

        ladder.Select(p => (p.Video.Width, p.Video.Height)).ShouldBe([(852, 480), (640, 360)]);
        ladder.ShouldAllBe(p => p.Video.PixFmt == "yuv420p");
    }

    [Fact]
    public async Task a_10_bit_source_becomes_8_bit_yuv420p()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var only = Rungs(await LadderOf(MediaClips.TenBit, workspace)).ShouldHaveSingleItem();

        ShouldBeBrowserReadyH264(only);
        only.Video.Profile.ShouldNotBe("High 10");
    }

    [Fact]
    public async Task a_vp9_opus_webm_becomes_h264_and_aac()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var ladder = await LadderOf(MediaClips.Vp9WebM, workspace);

        ShouldBeBrowserReadyH264(Rungs(ladder).ShouldHaveSingleItem());
        ladder.Single(r => r.Rendition.Output.IsAudio).Probed.Streams.ShouldHaveSingleItem().CodecName.ShouldBe("aac");
    }

    [Fact]
    public async Task an_hevc_source_becomes_h264()
    {
        if (!Ffmpeg.HasEncoder("libx265"))
        {
            return; // This ffmpeg build cannot make the input; nothing to test.
        }

        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        ShouldBeBrowserReadyH264(Rungs(await LadderOf(MediaClips.Hevc, workspace)).ShouldHaveSingleItem());
    }

    [Fact]
    public async Task an_interlaced_source_comes_out_progressive()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var ladder = await LadderOf(MediaClips.InterlacedMpeg2, workspace);

        ladder.Select(r => r.Rendition.Name).ShouldBe(["480p", "360p", "audio"]);
        foreach (var probed in Rungs(ladder))
        {
            ShouldBeBrowserReadyH264(probed);
            probed.Video.FieldOrder.ShouldBe("progressive");
        }
    }

    [Fact]
    public async Task a_silent_source_gets_no_audio_rendition()
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

        ladder.Select(r => r.Rendition.Name).ShouldBe(["240p", "audio"]);
        var video = Rungs(ladder).Single();
        (video.Video.Width, video.Video.Height).ShouldBe((320, 240));
    }

    [Fact]
    public async Task the_thumbnail_comes_from_the_same_decode()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var thumbnail = workspace.PathFor("thumb.jpg");

        await TestOptions.TranscodeAsync(await MediaClips.Landscape(), workspace, pictures: source => [ThumbnailCapture.Output(source, thumbnail)]);

        FileInspection.IsJpeg(thumbnail).ShouldBeTrue();
        var probed = (await Ffmpeg.ProbeAsync(thumbnail)).Video;
        (probed.Width, probed.Height).ShouldBe((640, 360));
    }

    [Fact]
    public async Task the_storyboard_comes_from_the_same_decode_a_tile_every_two_seconds()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var sprite = workspace.PathFor("storyboard.jpg");
        var thumbnail = workspace.PathFor("thumb.jpg");
        StoryboardPlan? plan = null;

        await TestOptions.TranscodeAsync(await MediaClips.LongLandscape(), workspace, pictures: source =>
        {
            plan = StoryboardCapture.Plan(source);
            return [ThumbnailCapture.Output(source, thumbnail), StoryboardCapture.Output(plan, sprite)];
        });

        plan.ShouldBe(new StoryboardPlan(IntervalSeconds: 2, Count: 3, Columns: 3, TileWidth: 160, TileHeight: 90));
        FileInspection.IsJpeg(sprite).ShouldBeTrue();
        var probed = (await Ffmpeg.ProbeAsync(sprite)).Video;
        (probed.Width, probed.Height).ShouldBe((3 * 160, 90));
        FileInspection.IsJpeg(thumbnail).ShouldBeTrue();
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
