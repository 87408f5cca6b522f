using System.Globalization;
using VideoPipeline.BuildingBlocks.Media;

namespace VideoPipeline.Modules.Processing.Transcoding;

/// <summary>
/// ffprobe trusts headers: an MP4 whose index sits at the front but whose media data was cut off (an interrupted
/// upload) probes as complete. Decoding one picture at the start and one shortly before the announced end catches
/// that, and undecodable streams, in two runs of a few tens of milliseconds before the ladder spends minutes on them.
/// A container without an index (<see cref="Container.HasIndex"/>) announces only what its data holds, and a seek in
/// it lands between keyframes, where nothing decodes in a long GOP: its end is not checked.
/// </summary>
internal static class DecodeCheck
{
    public static async Task EnsureDecodableAsync(MediaInput input, SourceMedia source, double videoSeconds, TranscodeOptions options, CancellationToken ct)
    {
        // Both at once: they sit before the ladder on the way to playable, and each is mostly process start-up.
        var tailStart = Math.Max(0, videoSeconds - Math.Min(1.0, videoSeconds / 2));
        var atStart = DecodesAPictureAsync(input, source, at: 0, options, ct);
        var atEnd = input.Container.HasIndex
            ? DecodesAPictureAsync(input, source, tailStart, options, ct)
            : Task.FromResult<(bool, IReadOnlyList<string>)>((true, []));
        await Task.WhenAll(atStart, atEnd).ConfigureAwait(false);

        var (decodesAtStart, startErrors) = await atStart.ConfigureAwait(false);
        if (!decodesAtStart)
        {
            throw new MediaRefusedException(
                $"ffmpeg decoded no picture from the video ({source.VideoCodec}): {FfmpegDiagnostics.Summarize(startErrors, input.Path)}");
        }

        var (decodesAtEnd, endErrors) = await atEnd.ConfigureAwait(false);
        if (!decodesAtEnd)
        {
            throw new MediaRefusedException(
                $"The file ends early (truncated or corrupt upload): no picture decodes after {tailStart:0.0} s " +
                $"of the {videoSeconds:0.0} s it announces. ffmpeg: {FfmpegDiagnostics.Summarize(endErrors, input.Path)}");
        }
    }

    private static async Task<(bool Decoded, IReadOnlyList<string> Errors)> DecodesAPictureAsync(
        MediaInput input, SourceMedia source, double at, TranscodeOptions options, CancellationToken ct)
    {
        // framecrc prints one line per decoded picture, after its '#' header lines.
        var pictures = 0;
        var command = GuardedFfmpeg
            .Read(input, arguments =>
            {
                if (at > 0)
                {
                    arguments.WithCustomArgument($"-ss {GuardedFfmpeg.Seconds(at)}");
                }
            })
            .OutputToUrl("pipe:1", output => output.WithCustomArgument(string.Create(CultureInfo.InvariantCulture,
                $"-map 0:{source.VideoStreamIndex} -frames:v 1 -f framecrc")));

        try
        {
            var errors = await GuardedFfmpeg.RunAsync(command, options.ProbeBounds with { StallTimeout = options.StallTimeout }, onOutputTime: null, line =>
            {
                if (line.Length > 0 && char.IsAsciiDigit(line[0]))
                {
                    Interlocked.Increment(ref pictures);
                }
            }, ct).ConfigureAwait(false);
            return (Volatile.Read(ref pictures) > 0, errors);
        }
        catch (TranscodeFailedException failed)
        {
            throw new MediaRefusedException(
                $"ffmpeg cannot decode the video ({source.VideoCodec}): {FfmpegDiagnostics.Summarize(failed.LastStderrLines, input.Path)}", failed);
        }
    }
}
