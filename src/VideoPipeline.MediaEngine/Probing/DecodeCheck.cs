using System.Globalization;

namespace VideoPipeline.MediaEngine;

/// <summary>
/// ffprobe trusts headers: an MP4 whose index sits at the front but whose media data was cut off (an interrupted
/// upload) probes as complete. Decoding one picture at the start catches undecodable streams, and reading the video's
/// packets of its last second catches the cut-off data, before the ladder spends minutes on them. The end is read, not
/// decoded: decoding there starts at the keyframe before it, seconds of pictures in a long GOP, and this check sits
/// on the way to playable. A container without an index (<see cref="Container.HasIndex"/>) announces only what its
/// data holds: its end is not checked.
/// </summary>
internal static class DecodeCheck
{
    public static async Task EnsureDecodableAsync(MediaInput input, SourceMedia source, double videoSeconds, MediaOptions options, CancellationToken ct)
    {
        // Both at once: they sit before the ladder on the way to playable, and each is mostly process start-up.
        var tailStart = Math.Max(0, videoSeconds - Math.Min(1.0, videoSeconds / 2));
        var atStart = DecodesAPictureAsync(input, source, options, ct);
        var atEnd = input.Container.HasIndex
            ? HasDataFromAsync(input, source, tailStart, options, ct)
            : Task.FromResult<(bool, IReadOnlyList<string>)>((true, []));
        await Task.WhenAll(atStart, atEnd).ConfigureAwait(false);

        var (decodesAtStart, startErrors) = await atStart.ConfigureAwait(false);
        if (!decodesAtStart)
        {
            throw new MediaRefusedException(
                $"ffmpeg decoded no picture from the video ({source.VideoCodec}): {FfmpegDiagnostics.Summarize(startErrors, input.Path)}");
        }

        var (readsToTheEnd, endErrors) = await atEnd.ConfigureAwait(false);
        if (!readsToTheEnd)
        {
            throw new MediaRefusedException(
                $"The file ends early (truncated or corrupt upload): it holds no video after {tailStart:0.0} s " +
                $"of the {videoSeconds:0.0} s it announces. ffmpeg: {FfmpegDiagnostics.Summarize(endErrors, input.Path)}");
        }
    }

    private static Task<(bool Found, IReadOnlyList<string> Errors)> DecodesAPictureAsync(
        MediaInput input, SourceMedia source, MediaOptions options, CancellationToken ct) =>
        // framecrc prints one line per decoded picture, after its '#' header lines.
        MatchesALineAsync(input, source, at: 0, $"-map 0:{source.VideoStreamIndex} -frames:v 1 -f framecrc",
            line => line.Length > 0 && char.IsAsciiDigit(line[0]), options, ct);

    /// <summary>
    /// Whether the video's packets from <paramref name="from"/> on can be read. The seek lands on the keyframe before it;
    /// stream-copied, the packets before the seek point come out with negative times (framecrc's third column, pts).
    /// </summary>
    private static Task<(bool Found, IReadOnlyList<string> Errors)> HasDataFromAsync(
        MediaInput input, SourceMedia source, double from, MediaOptions options, CancellationToken ct) =>
        MatchesALineAsync(input, source, from, $"-map 0:{source.VideoStreamIndex} -c copy -f framecrc",
            line => line.Length > 0 && char.IsAsciiDigit(line[0]) && line.Split(',') is [_, _, var pts, ..]
                && long.TryParse(pts, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var t)
                && t >= 0,
            options, ct);

    /// <summary>Runs ffmpeg from <paramref name="at"/> seconds with <paramref name="output"/> to its standard output; true when a line matched.</summary>
    private static async Task<(bool Found, IReadOnlyList<string> Errors)> MatchesALineAsync(
        MediaInput input, SourceMedia source, double at, string output, Func<string, bool> isAMatch, MediaOptions options, CancellationToken ct)
    {
        var matches = 0;
        var command = GuardedFfmpeg
            .Read(input, arguments =>
            {
                if (at > 0)
                {
                    arguments.WithCustomArgument($"-ss {GuardedFfmpeg.Seconds(at)}");
                }
            })
            .OutputToUrl("pipe:1", o => o.WithCustomArgument(output));

        try
        {
            var errors = await GuardedFfmpeg.RunAsync(command, options.ProbeBounds with { StallTimeout = options.StallTimeout }, onOutputTime: null, line =>
            {
                if (isAMatch(line))
                {
                    Interlocked.Increment(ref matches);
                }
            }, ct).ConfigureAwait(false);
            return (Volatile.Read(ref matches) > 0, errors);
        }
        catch (TranscodeFailedException failed)
        {
            throw new MediaRefusedException(
                $"ffmpeg cannot decode the video ({source.VideoCodec}): {FfmpegDiagnostics.Summarize(failed.LastStderrLines, input.Path)}", failed);
        }
    }
}
