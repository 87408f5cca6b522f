
namespace VideoPipeline.MediaEngine;

/// <summary>What <see cref="MediaProbe"/> found in an upload.</summary>
/// <param name="DurationSeconds">Always positive.</param>
/// <param name="DisplayWidth">Width as shown: non-square pixels applied, then rotation.</param>
/// <param name="DisplayHeight">Height as shown: non-square pixels applied, then rotation.</param>
/// <param name="HasAudio">Whether there is an audio stream to carry over.</param>
/// <param name="VideoCodec">ffprobe codec name, e.g. <c>h264</c>, <c>hevc</c>, <c>vp9</c>.</param>
/// <param name="PixelFormat">ffprobe pixel format, e.g. <c>yuv420p</c>, <c>yuv420p10le</c>.</param>
/// <param name="BitDepth">Bits per colour sample.</param>
/// <param name="Container">The accepted container it was identified as; every later run forces it.</param>
/// <param name="FrameRate">Average frames per second (30 when the file does not say).</param>
/// <param name="IsInterlaced">The video stream is field-coded and needs deinterlacing.</param>
/// <param name="AudioCodec">ffprobe codec name of the first audio stream, or null.</param>
/// <param name="VideoStreamIndex">Index of the video stream in the file (cover art and other pictures skipped).</param>
/// <param name="LadderTop">
/// The short side the ladder stops at, when it is capped below the source (a live input's ladder must hold real time);
/// null: every rung that does not upscale (<see cref="LadderPlanner"/>).
/// </param>
public sealed record SourceMedia(
    double DurationSeconds,
    int DisplayWidth,
    int DisplayHeight,
    bool HasAudio,
    string VideoCodec,
    string PixelFormat,
    int BitDepth,
    Container Container,
    double FrameRate,
    bool IsInterlaced = false,
    string? AudioCodec = null,
    int VideoStreamIndex = 0,
    int? LadderTop = null)
{
    public bool IsPortrait => DisplayHeight > DisplayWidth;

    public int ShortSide => Math.Min(DisplayWidth, DisplayHeight);

    public int LongSide => Math.Max(DisplayWidth, DisplayHeight);

    /// <summary>The upload at <paramref name="path"/>, read as the container it was identified as.</summary>
    public MediaInput At(string path) => new(path, Container);

    /// <summary>The upload at <paramref name="location"/>, read as the container it was identified as.</summary>
    public MediaInput At(MediaLocation location) => MediaInput.At(location, Container);
}
