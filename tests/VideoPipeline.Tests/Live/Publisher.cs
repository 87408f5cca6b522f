using System.Diagnostics;
using System.Globalization;

namespace VideoPipeline.Tests.Live;

/// <summary>
/// A broadcaster: ffmpeg publishing a tiny lavfi picture and tone (320x180, 30 fps, a keyframe a second) in real time
/// (<c>-re</c>) to an RTMP URL or, as MPEG-TS, to an SRT URL, for at most <c>seconds</c>. Killed when disposed if it still runs.
/// </summary>
public sealed class Publisher : IAsyncDisposable
{
    private readonly Process _process;

    private Publisher(Process process) => _process = process;

    public static Publisher Start(Uri rtmpUrl, string streamKey, int seconds) =>
        Run(seconds, $"-f flv {rtmpUrl.ToString().TrimEnd('/')}/{streamKey}");

    /// <summary>Publishes over SRT as OBS does: MPEG-TS to <paramref name="srtUrl"/>, whose <c>streamid</c> carries the key.</summary>
    public static Publisher StartSrt(Uri srtUrl, int seconds) => Run(seconds, $"-f mpegts \"{srtUrl.OriginalString}\"");

    private static Publisher Run(int seconds, string output)
    {
        var arguments = string.Create(CultureInfo.InvariantCulture,
            $"-hide_banner -loglevel error -re -f lavfi -i testsrc2=size=320x180:rate=30 -f lavfi -i sine=frequency=440:sample_rate=44100 -t {seconds} " +
            $"-c:v libx264 -preset ultrafast -tune zerolatency -g 30 -pix_fmt yuv420p -c:a aac -b:a 64k {output}");
        return new Publisher(Process.Start(new ProcessStartInfo("ffmpeg", arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!);
    }

    /// <summary>ffmpeg ended (refused, dropped, or done).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Waits for ffmpeg to end (refused, dropped, or done) and gives its exit code and what it said.</summary>
    public async Task<(int ExitCode, string Errors)> ExitAsync(TimeSpan within)
    {
        var errors = _process.StandardError.ReadToEndAsync();
        await _process.WaitForExitAsync().WaitAsync(within);
        return (_process.ExitCode, await errors);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
