using FFMpegCore;
using FFMpegCore.Exceptions;

namespace VideoPipeline.Modules.Processing.Transcoding;

/// <summary>Reads what an upload is, and refuses with <see cref="NotAVideoException"/> what can never be played.</summary>
public static class MediaProbe
{
    // Demuxers that accept almost any bytes as "text art" and report them as a video stream.
    private static readonly HashSet<string> TextArtFormats = new(StringComparer.Ordinal) { "tty", "bin", "ansi", "xbin", "adf", "idf" };
    private static readonly HashSet<string> InterlacedFieldOrders = new(StringComparer.Ordinal) { "tt", "bb", "tb", "bt" };

    // ffprobe reads headers only; if it takes this long the file system is stuck, not the file.
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Probes with ffprobe, then decodes a picture at the start and one near the end (see <see cref="DecodeCheck"/>).
    /// Throws <see cref="NotAVideoException"/> for no video stream, a still image, text, zero duration, or a file
    /// ffprobe/ffmpeg cannot read or that ends before its announced duration.
    /// </summary>
    public static async Task<SourceMedia> ProbeAsync(string path, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new FileNotFoundException("The file to probe does not exist.", path);
        }

        if (file.Length == 0)
        {
            throw new NotAVideoException("The file is empty.");
        }

        IMediaAnalysis analysis;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            // FFMpegCore kills ffprobe when the token is cancelled.
            analysis = await FFProbe.AnalyseAsync(path, cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TranscodeStalledException($"ffprobe did not answer within {ProbeTimeout.TotalSeconds:0} s.");
        }
        catch (FFProbeProcessException unreadable)
        {
            throw new NotAVideoException(
                $"ffprobe cannot read the file: {FfmpegDiagnostics.Summarize(unreadable.StandardError, path)}", unreadable);
        }
        catch (FFProbeException unreadable)
        {
            throw new NotAVideoException($"ffprobe cannot read the file: {unreadable.Message}", unreadable);
        }

        var source = Describe(analysis);
        await DecodeCheck.EnsureDecodableAsync(path, source, VideoSeconds(analysis, source), ct).ConfigureAwait(false);
        return source;
    }

    private static SourceMedia Describe(IMediaAnalysis analysis)
    {
        var format = analysis.Format.FormatName ?? string.Empty;
        if (TextArtFormats.Contains(format))
        {
            throw new NotAVideoException($"ffprobe reads the file as text or binary data (format '{format}'), not as a video.");
        }

        var video = analysis.VideoStreams.FirstOrDefault(stream => !IsPicture(stream));
        if (video is null)
        {
            throw new NotAVideoException(NoVideoReason(analysis));
        }

        if (format == "image2" || format.EndsWith("_pipe", StringComparison.Ordinal))
        {
            throw new NotAVideoException($"The file is a still image ({video.CodecName}), not a video.");
        }

        var duration = analysis.Duration.TotalSeconds;
        if (!(duration > 0))
        {
            throw new NotAVideoException($"The video has no duration (format '{format}', codec '{video.CodecName}').");
        }

        var width = video.Width ?? 0;
        var height = video.Height ?? 0;
        if (width <= 0 || height <= 0)
        {
            throw new NotAVideoException($"The video stream ({video.CodecName}) has no picture size.");
        }

        var rotation = ((video.Rotation % 360) + 360) % 360;
        var (sarNum, sarDen) = video.SampleAspectRatio;
        var shownWidth = sarNum > 0 && sarDen > 0 ? Math.Max(1, (int)Math.Round((double)width * sarNum / sarDen)) : width;
        var sideways = rotation is 90 or 270;
        var raw = analysis.Raw.Streams.FirstOrDefault(stream => stream.Index == video.Index);
        var audio = analysis.PrimaryAudioStream;

        return new SourceMedia(
            DurationSeconds: duration,
            CodedWidth: width,
            CodedHeight: height,
            Rotation: rotation,
            DisplayWidth: sideways ? height : shownWidth,
            DisplayHeight: sideways ? shownWidth : height,
            HasAudio: audio is not null,
            VideoCodec: video.CodecName ?? "unknown",
            PixelFormat: video.PixelFormat ?? "unknown",
            BitDepth: BitDepth(video),
            ContainerFormat: format,
            FrameRate: FrameRate(video),
            IsInterlaced: raw?.FieldOrder is { } fieldOrder && InterlacedFieldOrders.Contains(fieldOrder),
            AudioCodec: audio?.CodecName,
            VideoStreamIndex: video.Index);
    }

    // Cover art in music files and thumbnails in MP4s are "video" streams of one picture.
    private static bool IsPicture(VideoStream stream) =>
        stream.Disposition is { } disposition
        && (disposition.GetValueOrDefault("attached_pic") || disposition.GetValueOrDefault("still_image"));

    private static string NoVideoReason(IMediaAnalysis analysis)
    {
        var streams = analysis.AudioStreams.Select(a => $"audio ({a.CodecName})")
            .Concat(analysis.VideoStreams.Select(v => $"picture ({v.CodecName})"))
            .Concat(analysis.SubtitleStreams.Select(s => $"subtitles ({s.CodecName})"))
            .ToList();
        return streams.Count == 0
            ? $"The file has no video stream (ffprobe found format '{analysis.Format.FormatName}' with no streams)."
            : $"The file has no video stream, only {string.Join(", ", streams)}.";
    }

    private static int BitDepth(VideoStream video)
    {
        var pixelFormat = video.PixelFormat ?? string.Empty;
        foreach (var bits in (int[])[16, 14, 12, 10, 9])
        {
            if (pixelFormat.Contains($"p{bits}", StringComparison.Ordinal))
            {
                return bits;
            }
        }

        return video.BitsPerRawSample is > 0 and var declared ? declared : 8;
    }

    private static double FrameRate(VideoStream video)
    {
        foreach (var rate in (double[])[video.AverageFrameRate, video.RealFrameRate])
        {
            // Some VFR files declare a timebase (90000) as their "real" rate.
            if (double.IsFinite(rate) && rate is > 0 and <= 300)
            {
                return rate;
            }
        }

        return 30;
    }

    // The tail check must look where the video stream ends, not where a longer audio track ends.
    private static double VideoSeconds(IMediaAnalysis analysis, SourceMedia source)
    {
        var video = analysis.VideoStreams.First(stream => stream.Index == source.VideoStreamIndex);
        var seconds = video.Duration.TotalSeconds;
        return seconds > 0 ? Math.Min(seconds, source.DurationSeconds) : source.DurationSeconds;
    }
}
