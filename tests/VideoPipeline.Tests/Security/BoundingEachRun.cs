using FFMpegCore;
using VideoPipeline.MediaEngine;
using VideoPipeline.Tests.MediaEngine;

namespace VideoPipeline.Tests.Security;

/// <summary>
/// Every ffmpeg run is bounded in wall time, memory and output; one that breaks a bound is stopped at once and the
/// failure names the bound. Shown on a real encode with bounds far below what it needs.
/// </summary>
public sealed class BoundingEachRun : IDisposable
{
    private static readonly MediaBounds Roomy = new(TimeSpan.FromMinutes(2), 2L * 1024 * 1024 * 1024, 1024L * 1024 * 1024);
    private readonly TempWorkspace _workspace = TempWorkspace.Create(TestOptions.Default());

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task a_run_past_its_time_bound_is_stopped_and_says_so()
    {
        var stopped = await EncodeAsync(Roomy with { WallTime = TimeSpan.FromMilliseconds(300) });

        stopped.Bound.ShouldBe(MediaBound.WallTime);
        stopped.Reason.ShouldBe("ffmpeg was stopped after 0.3 s, the time bound for this video.");
    }

    [Fact]
    public async Task a_run_past_its_memory_bound_is_stopped_and_says_so()
    {
        var stopped = await EncodeAsync(Roomy with { MaxMemoryBytes = 8L * 1024 * 1024 });

        stopped.Bound.ShouldBe(MediaBound.Memory);
        stopped.Reason.ShouldBe("ffmpeg was stopped: it used more than 8 MiB of memory, the memory bound.");
    }

    [Fact]
    public async Task a_run_past_its_output_bound_is_stopped_and_says_so()
    {
        var stopped = await EncodeAsync(Roomy with { MaxOutputBytes = 64 * 1024 });

        stopped.Bound.ShouldBe(MediaBound.Output);
        stopped.Reason.ShouldBe("ffmpeg was stopped: it wrote more than 0.06 MiB, the output bound for this video.");
        new FileInfo(_workspace.PathFor("out.mp4")).Length.ShouldBeLessThanOrEqualTo(64 * 1024);
    }

    [Fact]
    public async Task the_same_run_within_its_bounds_succeeds()
    {
        var clip = await MediaClips.LongLandscape();

        await GuardedFfmpeg.RunAsync(Encode(clip), Roomy, onOutputTime: null, onStandardOutput: null, CancellationToken.None);

        (await Ffmpeg.ProbeAsync(_workspace.PathFor("out.mp4"))).Video.Height.ShouldBe(720);
    }

    [Fact]
    public async Task a_command_with_an_unguarded_input_is_not_run()
    {
        var clip = await MediaClips.Landscape();
        var unguarded = FFMpegArguments.FromFileInput(clip).OutputToFile(_workspace.PathFor("out.mp4"));

        await Should.ThrowAsync<InvalidOperationException>(() =>
            GuardedFfmpeg.RunAsync(unguarded, Roomy, onOutputTime: null, onStandardOutput: null, CancellationToken.None));
        File.Exists(_workspace.PathFor("out.mp4")).ShouldBeFalse();
    }

    private async Task<MediaBoundExceededException> EncodeAsync(MediaBounds bounds)
    {
        var command = Encode(await MediaClips.LongLandscape());
        var stopped = await Should.ThrowAsync<MediaBoundExceededException>(() =>
            GuardedFfmpeg.RunAsync(command, bounds, onOutputTime: null, onStandardOutput: null, CancellationToken.None));
        FileInspection.FfmpegProcessesMentioning(_workspace.Path).ShouldBeEmpty();
        return stopped;
    }

    private FFMpegArgumentProcessor Encode(string clip) =>
        GuardedFfmpeg.Read(new MediaInput(clip, Container.Mp4))
            .OutputToFile(_workspace.PathFor("out.mp4"), overwrite: true, output => output.WithCustomArgument("-c:v libx264 -preset ultrafast -c:a aac"));
}
