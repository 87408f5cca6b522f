using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VideoPipeline.MediaEngine;

/// <summary>How a bounded run of ffmpeg or ffprobe ended, when it was not stopped.</summary>
internal sealed record ProcessOutcome(int ExitCode, IReadOnlyList<string> Diagnostics, string StandardOutput);

/// <summary>
/// Runs ffmpeg or ffprobe under <see cref="MediaBounds"/>. The kernel holds it to its memory (RLIMIT_DATA: an allocation
/// past the bound fails) and to the size of each file it writes (RLIMIT_FSIZE), both set by <c>prlimit</c>, which then
/// becomes the tool. A one-shot timer stops it at its wall time, another, re-armed by each progress report, when its
/// output time stalls, and the progress reports' total size stops it past its total output. Cancellation and every
/// bound kill it at once; the call returns only after the process has exited, so nothing it started outlives it.
/// </summary>
internal static partial class BoundedProcess
{
    private const int DiagnosticLinesKept = 12;
    private const int SignalFileSizeExceeded = 25; // SIGXFSZ: the kernel's answer to a write past RLIMIT_FSIZE

    /// <param name="tool"><c>ffmpeg</c> or <c>ffprobe</c>.</param>
    /// <param name="arguments">The tool's arguments, quoted the way FFMpegCore quotes them.</param>
    /// <param name="onOutputTime">Progress (ffmpeg's <c>-progress pipe:2</c> output time), when the run reports it.</param>
    /// <param name="onStandardOutput">Each line the tool writes to stdout; null keeps stdout whole in the outcome instead.</param>
    /// <param name="activity">Progress the caller sees in the tool's output files, counted like its own reports.</param>
    public static async Task<ProcessOutcome> RunAsync(
        string tool,
        string arguments,
        MediaBounds bounds,
        Action<TimeSpan>? onOutputTime,
        Action<string>? onStandardOutput,
        CancellationToken ct,
        OutputActivity? activity = null)
    {
        ct.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo("prlimit", string.Create(CultureInfo.InvariantCulture,
            $"--data={bounds.MaxMemoryBytes}:{bounds.MaxMemoryBytes} --fsize={bounds.MaxOutputBytes} -- {tool} {arguments}"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} could not be started.");
        await using var watch = new RunWatch(process, bounds);
        var diagnostics = new StderrTail(DiagnosticLinesKept);
        var stdout = new StringBuilder();
        var furthest = TimeSpan.MinValue;
        var advancing = new Lock();
        // Progress means the output moved forward; ffmpeg repeats the same time while it is stuck.
        void Advance(TimeSpan time)
        {
            lock (advancing)
            {
                if (time <= furthest)
                {
                    return;
                }

                furthest = time;
            }

            watch.Progressed();
            onOutputTime?.Invoke(time);
        }

        activity?.OnReached(Advance);

        var readingErrors = ReadLinesAsync(process.StandardError, line =>
        {
            if (ProgressLine().Match(line) is not { Success: true } progress)
            {
                diagnostics.Add(line);
                return;
            }

            var (key, value) = (progress.Groups["key"].Value, progress.Groups["value"].Value);
            if (key == "out_time_us" && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var micros))
            {
                Advance(TimeSpan.FromMicroseconds(micros));
            }
            else if (key == "total_size" && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var written))
            {
                watch.Wrote(written);
            }
        });
        var readingOutput = ReadLinesAsync(process.StandardOutput, line =>
        {
            if (onStandardOutput is not null)
            {
                onStandardOutput(line);
                return;
            }

            stdout.Append(line).Append('\n');
            watch.Wrote(stdout.Length);
        });

        using (ct.Register(() => watch.Stop(StopReason.Cancelled)))
        {
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await Task.WhenAll(readingErrors, readingOutput).ConfigureAwait(false);
        }

        ct.ThrowIfCancellationRequested();
        return watch.Reason switch
        {
            StopReason.Stalled => throw new TranscodeStalledException(bounds.StallTimeout!.Value, diagnostics.Lines()),
            StopReason.WallTime => throw new MediaBoundExceededException(MediaBound.WallTime, string.Create(CultureInfo.InvariantCulture,
                $"{tool} was stopped after {bounds.WallTime.TotalSeconds:0.#} s, the time bound for this video.")),
            StopReason.Output => throw OutputBoundExceeded(tool, bounds),
            _ when process.ExitCode == 128 + SignalFileSizeExceeded => throw OutputBoundExceeded(tool, bounds),
            _ when process.ExitCode != 0 && diagnostics.Lines().Any(OutOfMemory().IsMatch) => throw MemoryBoundExceeded(tool, bounds),
            _ => new ProcessOutcome(process.ExitCode, diagnostics.Lines(), stdout.ToString()),
        };
    }

    private static MediaBoundExceededException MemoryBoundExceeded(string tool, MediaBounds bounds) =>
        new(MediaBound.Memory, string.Create(CultureInfo.InvariantCulture,
            $"{tool} was stopped: it used more than {Mebibytes(bounds.MaxMemoryBytes)} MiB of memory, the memory bound."));

    private static MediaBoundExceededException OutputBoundExceeded(string tool, MediaBounds bounds) =>
        new(MediaBound.Output, string.Create(CultureInfo.InvariantCulture,
            $"{tool} was stopped: it wrote more than {Mebibytes(bounds.MaxOutputBytes)} MiB, the output bound for this video."));

    private static string Mebibytes(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.##", CultureInfo.InvariantCulture);

    private static async Task ReadLinesAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            onLine(line);
        }
    }

    // What ffmpeg's -progress writes: "key=value" lines (frame=, fps=, out_time_us=, total_size=, progress=, ...).
    [GeneratedRegex(@"^(?<key>frame|fps|stream_\d+_\d+_q|bitrate|total_size|out_time_us|out_time_ms|out_time|dup_frames|drop_frames|speed|progress)=\s*(?<value>.*)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex ProgressLine();

    // How ffmpeg, its libraries and the loader report an allocation the kernel refused (ENOMEM under RLIMIT_DATA).
    [GeneratedRegex(@"Cannot allocate memory|malloc of size \d+ failed|failed to map segment|Out of memory", RegexOptions.CultureInvariant)]
    private static partial Regex OutOfMemory();

    private enum StopReason
    {
        None,
        Cancelled,
        Stalled,
        WallTime,
        Output,
    }

    /// <summary>
    /// Stops one process (once, for the first reason) when it breaks a bound it is watched for: its wall time and a
    /// stall are one-shot timers, the stall timer re-armed by each step of progress; its total output is checked as
    /// ffmpeg reports it.
    /// </summary>
    private sealed class RunWatch : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly MediaBounds _bounds;
        private readonly Timer _wallTime;
        private readonly Timer? _stall;
        private int _reason;

        public RunWatch(Process process, MediaBounds bounds)
        {
            _process = process;
            _bounds = bounds;
            _wallTime = new Timer(_ => Stop(StopReason.WallTime), null, bounds.WallTime, Timeout.InfiniteTimeSpan);
            _stall = bounds.StallTimeout is { } stall ? new Timer(_ => Stop(StopReason.Stalled), null, stall, Timeout.InfiniteTimeSpan) : null;
        }

        public StopReason Reason => (StopReason)Volatile.Read(ref _reason);

        public void Progressed() => _stall?.Change(_bounds.StallTimeout!.Value, Timeout.InfiniteTimeSpan);

        public void Wrote(long bytes)
        {
            if (bytes > _bounds.MaxOutputBytes)
            {
                Stop(StopReason.Output);
            }
        }

        public void Stop(StopReason reason)
        {
            if (Interlocked.CompareExchange(ref _reason, (int)reason, (int)StopReason.None) != (int)StopReason.None)
            {
                return;
            }

            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It had just exited.
            }
        }

        // Waits for a callback in flight, so that none touches the process once it is disposed.
        public async ValueTask DisposeAsync()
        {
            await _wallTime.DisposeAsync().ConfigureAwait(false);
            if (_stall is not null)
            {
                await _stall.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
