using FFMpegCore;
using FFMpegCore.Enums;

namespace VideoPipeline.Modules.Processing.Transcoding;

/// <summary>
/// Runs one ffmpeg command through FFMpegCore with the guarantees every caller needs: cancellation and stalls kill
/// ffmpeg at once (no grace period: partial outputs are thrown away anyway) and the call returns only after the
/// process has exited, so no ffmpeg outlives it.
/// </summary>
/// <remarks>
/// FFMpegCore kills the ffmpeg process itself; ffmpeg starts no child processes for file inputs and outputs, so that
/// process is the whole tree.
/// </remarks>
internal static class FfmpegRunner
{
    private const int StderrLinesKept = 12;

    /// <summary>
    /// Runs to completion and returns ffmpeg's last diagnostic lines; throws <see cref="OperationCanceledException"/>,
    /// <see cref="TranscodeStalledException"/> or <see cref="TranscodeFailedException"/>.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RunAsync(
        FFMpegArgumentProcessor processor,
        TimeSpan stallTimeout,
        Action<TimeSpan>? onOutputTime,
        CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var stderr = new StderrTail(StderrLinesKept);
        var watchdog = new StallWatchdog(stallTimeout);
        await using var _ = watchdog.ConfigureAwait(false);
        var furthest = TimeSpan.MinValue;

        processor
            .WithLogLevel(FFMpegLogLevel.Error)
            .NotifyOnStandardError(stderr.Add)
            .NotifyOnProgress(time =>
            {
                // Progress means the output moved forward; ffmpeg repeats the same time while it is stuck.
                if (time > furthest)
                {
                    furthest = time;
                    watchdog.Progressed();
                    onOutputTime?.Invoke(time);
                }
            })
            .CancellableThrough(ct, TimeSpan.Zero)
            .CancellableThrough(watchdog.Token, TimeSpan.Zero);

        // ct is registered above with no grace period; a token passed here would get FFMpegCore's 5 s grace instead.
        var result = await processor.ProcessAsynchronously(throwOnError: false, cancellationToken: CancellationToken.None).ConfigureAwait(false);

        ct.ThrowIfCancellationRequested();
        if (result.Success)
        {
            return stderr.Lines();
        }

        if (watchdog.Fired)
        {
            throw new TranscodeStalledException(stallTimeout, stderr.Lines());
        }

        throw new TranscodeFailedException(result.ExitCode, stderr.Lines());
    }

    /// <summary>Quotes a path for ffmpeg's command line the way FFMpegCore quotes its own.</summary>
    public static string Quote(string path) => "\"" + path.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>Formats seconds for ffmpeg without the current culture's decimal comma.</summary>
    public static string Seconds(double seconds) => seconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
