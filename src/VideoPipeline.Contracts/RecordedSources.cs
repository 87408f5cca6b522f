using VideoPipeline.MediaEngine;

namespace VideoPipeline.Contracts;

/// <summary>What the engine found a source to be, as a video's stream records it (<see cref="SourceInspected"/>), both ways.</summary>
public static class RecordedSources
{
    /// <summary>The source as recorded; its container was accepted then, so it is one of <see cref="Container.Accepted"/>.</summary>
    public static SourceMedia Media(SourceInspected e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var container = Container.Of(e.Container) ?? throw new InvalidOperationException($"'{e.Container}' is not an accepted container.");
        return new SourceMedia(e.DurationSeconds, e.DisplayWidth, e.DisplayHeight, e.HasAudio, e.VideoCodec,
            e.PixelFormat, e.BitDepth, container, e.FrameRate, e.IsInterlaced, e.AudioCodec, e.VideoStreamIndex, e.LadderTop);
    }

    public static SourceInspected Inspected(Guid videoId, SourceMedia source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new(videoId, source.Container.Demuxer, source.DurationSeconds, source.DisplayWidth, source.DisplayHeight, source.VideoStreamIndex,
            source.VideoCodec, source.PixelFormat, source.BitDepth, source.FrameRate, source.IsInterlaced, source.HasAudio, source.AudioCodec, source.LadderTop);
    }
}
