using FFMpegCore;

namespace VideoPipeline.MediaEngine;

/// <summary>
/// Forwards a live input as it arrives, without encoding it again (<c>-c copy</c>), to an RTMP(S) server as FLV: one
/// simulcast target's run. The caller gives the target's address literally (<paramref name="target"/>, its host an IP
/// the service judged) and the URL the server is told it was called by (<paramref name="tcUrl"/>, with the host's name).
/// </summary>
public static class LiveForwarding
{
    /// <summary>
    /// Runs until the input ends (returns) or the run fails or is cancelled (throws). <paramref name="onFlowing"/> is called
    /// each time ffmpeg reports progress, which it does only once connected to the target.
    /// </summary>
    public static async Task ForwardAsync(MediaInput input, Uri target, Uri tcUrl, MediaBounds bounds, Action onFlowing, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(tcUrl);
        ArgumentNullException.ThrowIfNull(bounds);
        ArgumentNullException.ThrowIfNull(onFlowing);
        var connectTimeoutMicroseconds = (long)(bounds.StallTimeout ?? TimeSpan.FromSeconds(20)).TotalMicroseconds;
        await GuardedFfmpeg.RunAsync(
            GuardedFfmpeg.Read(input).OutputToUrl(target, output => output.WithCustomArgument(
                $"-map 0:v:0? -map 0:a:0? -c copy -rw_timeout {connectTimeoutMicroseconds} -rtmp_tcurl {GuardedFfmpeg.Quote(tcUrl.AbsoluteUri)} -f flv")),
            bounds, _ => onFlowing(), onStandardOutput: null, ct).ConfigureAwait(false);
    }
}
