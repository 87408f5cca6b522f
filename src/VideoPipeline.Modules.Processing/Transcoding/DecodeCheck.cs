using System.Globalization;
using FFMpegCore;

namespace VideoPipeline.Modules.Processing.Transcoding;

/// <summary>
/// ffprobe trusts headers: an MP4 whose index sits at the front but whose media data was cut off (an interrupted
/// upload) probes as complete. Decoding one picture at the start and one shortly before the announced end catches
/// that, and undecodable streams, in two runs of a few tens of milliseconds before the ladder spends minutes on them.
/// </summary>
internal static class DecodeCheck
{
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);

    public static async Task EnsureDecodableAsync(string path, SourceMedia source, double videoSeconds, CancellationToken ct)
    {
        var (decodesAtStart, startErrors) = await DecodesAPictureAsync(path, source, at: 0, ct).ConfigureAwait(false);
        if (!decodesAtStart)
        {
            throw new NotAVideoException(
                $"ffmpeg decoded no picture from the video ({source.VideoCodec}): {FfmpegDiagnostics.Summarize(startErrors, path)}");
        }

        var tailStart = Math.Max(0, videoSeconds - Math.Min(1.0, videoSeconds / 2));
        var (decodesAtEnd, endErrors) = await DecodesAPictureAsync(path, source, tailStart, ct).ConfigureAwait(false);
        if (!decodesAtEnd)
        {
            throw new NotAVideoException(
                $"The file ends early (truncated or corrupt upload): no picture decodes after {tailStart:0.0} s " +
                $"of the {videoSeconds:0.0} s it announces. ffmpeg: {FfmpegDiagnostics.Summarize(endErrors, path)}");
        }
    }

    private static async Task<(bool Decoded, IReadOnlyList<string> Errors)> DecodesAPictureAsync(
        string path, SourceMedia source, double at, CancellationToken ct)
    {
        // framecrc prints one line per decoded picture, after its '#' header lines.
        var pictures = 0;
        var processor = FFMpegArguments
            .FromFileInput(path, verifyExists: true, input =>
            {
                if (at > 0)
                {
                    input.WithCustomArgument($"-ss {FfmpegRunner.Seconds(at)}");
                }
            })
            .OutputToUrl("pipe:1", output => output.WithCustomArgument(string.Create(CultureInfo.InvariantCulture,
                $"-map 0:{source.VideoStreamIndex} -frames:v 1 -f framecrc")))
            .NotifyOnStandardOutput(line =>
            {
                if (line.Length > 0 && char.IsAsciiDigit(line[0]))
                {
                    Interlocked.Increment(ref pictures);
                }
            });

        try
        {
            var errors = await FfmpegRunner.RunAsync(processor, StallTimeout, onOutputTime: null, ct).ConfigureAwait(false);
            return (Volatile.Read(ref pictures) > 0, errors);
        }
        catch (TranscodeFailedException failed)
        {
            throw new NotAVideoException(
                $"ffmpeg cannot decode the video ({source.VideoCodec}): {FfmpegDiagnostics.Summarize(failed.LastStderrLines, path)}", failed);
        }
    }
}
