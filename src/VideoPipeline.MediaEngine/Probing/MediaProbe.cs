using System.Globalization;
using FFMpegCore;

namespace VideoPipeline.MediaEngine;

/// <summary>Reads what an upload is, and refuses with <see cref="MediaRefusedException"/> what can never be played or must not be.</summary>
public static class MediaProbe
{
    private static readonly HashSet<string> InterlacedFieldOrders = new(StringComparer.Ordinal) { "tt", "bb", "tb", "bt" };

    /// <summary>
    /// Identifies the upload as one of the accepted containers (<see cref="GuardedFfmpeg.IdentifyAsync"/>), refuses it
    /// before anything decodes it when it is beyond the limits (pixels, frame rate, streams, duration), then decodes a
    /// picture at the start and one near the end (see <see cref="DecodeCheck"/>). Throws <see cref="MediaRefusedException"/>
    /// for anything else: another format, no video stream, a still image, zero duration, an unreadable or truncated file.
    /// </summary>
    public static Task<SourceMedia> ProbeAsync(string path, MediaOptions options, CancellationToken ct) =>
        ProbeAsync(MediaLocation.File(path), options, ct);

    /// <summary>The same, for an upload read in place where it is stored (<see cref="MediaLocation"/>).</summary>
    public static async Task<SourceMedia> ProbeAsync(MediaLocation location, MediaOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(options);
        if (location.Size == 0)
        {
            throw new MediaRefusedException("The file is empty.");
        }

        var identified = await GuardedFfmpeg.IdentifyAsync(location, options.ProbeBounds, ct).ConfigureAwait(false);
        var source = Describe(identified.Analysis, identified.Input.Container);
        RefuseBeyondLimits(identified.Analysis, source, options);
        await DecodeCheck.EnsureDecodableAsync(identified.Input, source, VideoSeconds(identified.Analysis, source), options, ct).ConfigureAwait(false);
        return source;
    }

    private static SourceMedia Describe(IMediaAnalysis analysis, Container container)
    {
        var video = analysis.VideoStreams.FirstOrDefault(stream => !IsPicture(stream))
            ?? throw new MediaRefusedException(NoVideoReason(analysis));

        var duration = analysis.Duration.TotalSeconds;
        if (!(duration > 0))
        {
            throw new MediaRefusedException($"The video has no duration ({container.Description}, codec '{video.CodecName}').");
        }

        var width = video.Width ?? 0;
        var height = video.Height ?? 0;
        if (width <= 0 || height <= 0)
        {
            throw new MediaRefusedException($"The video stream ({video.CodecName}) has no picture size.");
        }

        var rotation = ((video.Rotation % 360) + 360) % 360;
        var (sarNum, sarDen) = video.SampleAspectRatio;
        var shownWidth = sarNum > 0 && sarDen > 0 ? Math.Max(1, (int)Math.Round((double)width * sarNum / sarDen)) : width;
        var sideways = rotation is 90 or 270;
        var raw = analysis.Raw.Streams.FirstOrDefault(stream => stream.Index == video.Index);
        var audio = analysis.PrimaryAudioStream;

        return new SourceMedia(
            DurationSeconds: duration,
            DisplayWidth: sideways ? height : shownWidth,
            DisplayHeight: sideways ? shownWidth : height,
            HasAudio: audio is not null,
            VideoCodec: video.CodecName ?? "unknown",
            PixelFormat: video.PixelFormat ?? "unknown",
            BitDepth: BitDepth(video),
            Container: container,
            FrameRate: FrameRate(video),
            IsInterlaced: raw?.FieldOrder is { } fieldOrder && InterlacedFieldOrders.Contains(fieldOrder),
            AudioCodec: audio?.CodecName,
            VideoStreamIndex: video.Index);
    }

    /// <summary>Bombs: a file small on disk that would take a machine's memory, CPU or days to decode. Checked on what ffprobe read from the headers.</summary>
    private static void RefuseBeyondLimits(IMediaAnalysis analysis, SourceMedia source, MediaOptions options)
    {
        var streams = analysis.Raw.Streams.Count;
        if (streams > options.MaxStreams)
        {
            throw new MediaRefusedException($"The file has {streams} streams, more than the {options.MaxStreams} accepted.");
        }

        foreach (var picture in analysis.VideoStreams)
        {
            var pixels = (long)(picture.Width ?? 0) * (picture.Height ?? 0);
            if (pixels > options.MaxPixels)
            {
                throw new MediaRefusedException(string.Create(CultureInfo.InvariantCulture,
                    $"The video is {picture.Width}x{picture.Height} ({pixels / 1e6:0.#} megapixels), larger than the {options.MaxPixels / 1e6:0.#} megapixels accepted."));
            }
        }

        var video = analysis.VideoStreams.First(stream => stream.Index == source.VideoStreamIndex);
        var declaredRate = double.IsFinite(video.AverageFrameRate) && video.AverageFrameRate > 0 ? video.AverageFrameRate : video.RealFrameRate;
        if (declaredRate > options.MaxFrameRate)
        {
            throw new MediaRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"The video runs at {declaredRate:0.#} frames per second, more than the {options.MaxFrameRate:0.#} accepted."));
        }

        if (source.DurationSeconds > options.MaxDurationSeconds)
        {
            throw new MediaRefusedException(
                $"The video lasts {Clock(source.DurationSeconds)}, longer than the {Clock(options.MaxDurationSeconds)} accepted.");
        }
    }

    private static string Clock(double seconds) => TimeSpan.FromSeconds(Math.Floor(seconds)).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);

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
