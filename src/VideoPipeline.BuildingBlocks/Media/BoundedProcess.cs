using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VideoPipeline.BuildingBlocks.Media;

/// <summary>How a bounded run of ffmpeg or ffprobe ended, when it was not stopped.</summary>
internal sealed record ProcessOutcome(int ExitCode, IReadOnlyList<string> Diagnostics, string StandardOutput);

/// <summary>
/// Runs ffmpeg or ffprobe under <see cref="MediaBounds"/>: the kernel caps each file it writes (RLIMIT_FSIZE, set by
/// <c>prlimit</c>, which then becomes the tool), and a watch every 200 ms stops it past its wall time, its resident
/// memory, its total output or, when it reports progress, a stall. Cancellation and every bound kill it at once; the call
/// returns only after the process has exited, so nothing it started outlives it.
/// </summary>
internal static partial class BoundedProcess
{
    private const int DiagnosticLinesKept = 12;
    private const int SignalFileSizeExceeded = 25; // SIGXFSZ: the kernel's answer to a write past RLIMIT_FSIZE
    private static readonly TimeSpan WatchPeriod = TimeSpan.FromMilliseconds(200);

    /// <param name="tool"><c>ffmpeg</c> or <c>ffprobe</c>.</param>
    /// <param name="arguments">The tool's arguments, quoted the way FFMpegCore quotes them.</param>
    /// <param name="onOutputTime">Progress (ffmpeg's <c>-progress pipe:2</c> output time), when the run reports it.</param>
    /// <param name="onStandardOutput">Each line the tool writes to stdout; null keeps stdout whole in the outcome instead.</param>
    public static async Task<ProcessOutcome> RunAsync(
        string tool,
        string arguments,
        MediaBounds bounds,
        Action<TimeSpan>? onOutputTime,
        Action<string>? onStandardOutput,
        CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo("prlimit", string.Create(CultureInfo.InvariantCulture,
            $"--fsize={bounds.MaxOutputBytes} -- {tool} {arguments}"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} could not be started.");
        var watch = new RunWatch(process, bounds);
        var diagnostics = new StderrTail(DiagnosticLinesKept);
        var stdout = new StringBuilder();
        var furthest = TimeSpan.MinValue;

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
                // Progress means the output moved forward; ffmpeg repeats the same time while it is stuck.
                var time = TimeSpan.FromMicroseconds(micros);
                if (time > furthest)
                {
                    furthest = time;
                    watch.Progressed();
                    onOutputTime?.Invoke(time);
                }
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
            await watch.WatchUntilExitAsync().ConfigureAwait(false);
            await Task.WhenAll(readingErrors, readingOutput).ConfigureAwait(false);
        }

        ct.ThrowIfCancellationRequested();
        return watch.Reason switch
        {
            StopReason.Stalled => throw new TranscodeStalledException(bounds.StallTimeout!.Value, diagnostics.Lines()),
            StopReason.WallTime => throw new MediaBoundExceededException(MediaBound.WallTime, string.Create(CultureInfo.InvariantCulture,
                $"{tool} was stopped after {bounds.WallTime.TotalSeconds:0.#} s, the time bound for this video.")),
            StopReason.Memory => throw new MediaBoundExceededException(MediaBound.Memory, string.Create(CultureInfo.InvariantCulture,
                $"{tool} was stopped: it used more than {Mebibytes(bounds.MaxMemoryBytes)} MiB of memory, the memory bound.")),
            StopReason.Output => throw OutputBoundExceeded(tool, bounds),
            _ when process.ExitCode == 128 + SignalFileSizeExceeded => throw OutputBoundExceeded(tool, bounds),
            _ => new ProcessOutcome(process.ExitCode, diagnostics.Lines(), stdout.ToString()),
        };
    }

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

    private enum StopReason
    {
        None,
        Cancelled,
        Stalled,
        WallTime,
        Memory,
        Output,
    }

    /// <summary>Watches one process against its bounds and stops it (once, for the first reason) when it breaks one.</summary>
    private sealed class RunWatch(Process process, MediaBounds bounds)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _lastProgressAt;
        private int _reason;

        public StopReason Reason => (StopReason)Volatile.Read(ref _reason);

        public void Progressed() => Volatile.Write(ref _lastProgressAt, _clock.ElapsedMilliseconds);

        public void Wrote(long bytes)
        {
            if (bytes > bounds.MaxOutputBytes)
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
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It had just exited.
            }
        }

        public async Task WatchUntilExitAsync()
        {
            using var ticks = new PeriodicTimer(WatchPeriod);
            var exited = process.WaitForExitAsync();
            while (!exited.IsCompleted)
            {
                await Task.WhenAny(exited, ticks.WaitForNextTickAsync().AsTask()).ConfigureAwait(false);
                if (exited.IsCompleted)
                {
                    break;
                }

                if (_clock.Elapsed > bounds.WallTime)
                {
                    Stop(StopReason.WallTime);
                }
                else if (ResidentBytes() > bounds.MaxMemoryBytes)
                {
                    Stop(StopReason.Memory);
                }
                else if (bounds.StallTimeout is { } stall && _clock.ElapsedMilliseconds - Volatile.Read(ref _lastProgressAt) > stall.TotalMilliseconds)
                {
                    Stop(StopReason.Stalled);
                }
            }

            await exited.ConfigureAwait(false);
        }

        // VmRSS of /proc/<pid>/status; prlimit execs the tool, so the pid is the tool's own.
        private long ResidentBytes()
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
                {
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    {
                        var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                        return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                    }
                }
            }
            catch (IOException)
            {
                // The process exited between two looks.
            }

            return 0;
        }
    }
}
