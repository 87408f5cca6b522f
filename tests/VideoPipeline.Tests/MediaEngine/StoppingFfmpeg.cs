using System.Diagnostics;
using VideoPipeline.MediaEngine;

namespace VideoPipeline.Tests.MediaEngine;

public sealed class StoppingFfmpeg
{
    /// <summary>Completes at ffmpeg's first progress report: it is running and encoding.</summary>
    private sealed class FirstProgress : IProgress<double>
    {
        private readonly TaskCompletionSource _reported = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reported => _reported.Task;

        public void Report(double value) => _reported.TrySetResult();
    }

    [Fact]
    public async Task cancelling_a_transcode_kills_ffmpeg_before_the_call_returns()
    {
        var options = TestOptions.Default();
        await using var workspace = TempWorkspace.Create(options);
        var clip = await MediaClips.LongLandscape();
        var source = await TestOptions.ProbeAsync(clip);
        using var cancel = new CancellationTokenSource();
        var progress = new FirstProgress();

        var transcode = StreamingLadder.RunAsync(
            source.At(clip), workspace.Path, source, LadderPlanner.Outputs(source), [], options, options.BoundsFor(source, new FileInfo(clip).Length, TestOptions.RunTime), progress, cancel.Token);
        await progress.Reported.WaitAsync(TimeSpan.FromSeconds(30));
        transcode.IsCompleted.ShouldBeFalse("the clip is long enough to still be encoding");
        FileInspection.FfmpegProcessesMentioning(workspace.Path).ShouldNotBeEmpty();

        var clock = Stopwatch.StartNew();
        await cancel.CancelAsync();
        var thrown = await Record.ExceptionAsync(() => transcode);

        thrown.ShouldBeAssignableTo<OperationCanceledException>();
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3));
        FileInspection.FfmpegProcessesMentioning(workspace.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task an_ffmpeg_that_makes_no_progress_is_killed_as_stalled()
    {
        var options = TestOptions.Default();
        options.StallTimeout = TimeSpan.FromSeconds(2);
        await using var workspace = TempWorkspace.Create(options);

        // Opening a FIFO that nobody writes to blocks ffmpeg before it reads a byte, like a hung network mount.
        var fifo = workspace.PathFor("never-written.mp4");
        await Ffmpeg.RunMkfifoAsync(fifo);
        var source = new SourceMedia(10, 640, 360, false, "h264", "yuv420p", 8, Container.Mp4, 30);

        var clock = Stopwatch.StartNew();
        var stalled = await Should.ThrowAsync<TranscodeStalledException>(() => StreamingLadder.RunAsync(
            source.At(fifo), workspace.Path, source, LadderPlanner.Outputs(source), [], options, options.BoundsFor(source, 0, TestOptions.RunTime), null, CancellationToken.None));

        clock.Elapsed.ShouldBeInRange(TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(8));
        stalled.StallTimeout.ShouldBe(TimeSpan.FromSeconds(2));
        FileInspection.FfmpegProcessesMentioning(workspace.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task an_ffmpeg_error_surfaces_with_its_last_words()
    {
        var options = TestOptions.Default();
        await using var workspace = TempWorkspace.Create(options);
        var clip = await MediaClips.Silent();
        var source = await TestOptions.ProbeAsync(clip);
        var noSuchStream = source with { VideoStreamIndex = 7 };

        var failed = await Should.ThrowAsync<TranscodeFailedException>(() => StreamingLadder.RunAsync(
            source.At(clip), workspace.Path, noSuchStream, LadderPlanner.Outputs(source), [], options, options.BoundsFor(source, new FileInfo(clip).Length, TestOptions.RunTime), null, CancellationToken.None));

        failed.ExitCode.ShouldNotBe(0);
        failed.LastStderrLines.ShouldNotBeEmpty();
        failed.Message.ShouldContain("0:7");
        FileInspection.FfmpegProcessesMentioning(workspace.Path).ShouldBeEmpty();
    }
}
