using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Processing;

/// <summary>What the engine's guard found in an upload, as the video's stream records it (<see cref="SourceInspected"/>).</summary>
internal static class InspectedSource
{
    /// <summary>What the guard recorded; its container was accepted then, so it is one of <see cref="Container.Accepted"/>.</summary>
    public static SourceMedia From(SourceInspected e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var container = Container.Of(e.Container) ?? throw new InvalidOperationException($"'{e.Container}' is not an accepted container.");
        return new SourceMedia(e.DurationSeconds, e.DisplayWidth, e.DisplayHeight, e.HasAudio, e.VideoCodec,
            e.PixelFormat, e.BitDepth, container, e.FrameRate, e.IsInterlaced, e.AudioCodec, e.VideoStreamIndex);
    }

    public static SourceInspected Recorded(Guid videoId, SourceMedia source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new(videoId, source.Container.Demuxer, source.DurationSeconds, source.DisplayWidth, source.DisplayHeight, source.VideoStreamIndex,
            source.VideoCodec, source.PixelFormat, source.BitDepth, source.FrameRate, source.IsInterlaced, source.HasAudio, source.AudioCodec);
    }
}
