using VideoPipeline.MediaEngine;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Processing;

namespace VideoPipeline.Tests.Processing.Deciding;

/// <summary>Givens for the Processing deciders: a transcode job built from its events, as Marten would apply them.</summary>
internal static class AJob
{
    /// <summary>A 480p H.264/AAC MP4: browser-playable, a ladder of 480p and 360p.</summary>
    public static SourceInspected Playable480p(Guid id) =>
        new(id, Container.Mp4.Demuxer, 10, 854, 480, 0, "h264", "yuv420p", 8, 30, false, true, "aac");

    /// <summary>A VP9 WebM at 480p: it must be encoded before it plays.</summary>
    public static SourceInspected Vp9At480p(Guid id) =>
        new(id, "matroska", 10, 854, 480, 0, "vp9", "yuv420p", 8, 30, false, false, null);

    /// <summary>The storyboard of a 10 s video, stored.</summary>
    public static StoryboardReady Storyboard(Guid id) => new(id, VideoKeys.Storyboard(id), 2, 5, 5, 160, 90);

    /// <summary>A CMAF rendition an attempt finished.</summary>
    public static StreamRenditionReady Finished(Guid id, string rendition) =>
        rendition == "audio"
            ? new(id, rendition, VideoKeys.Stream(id, "audio/index.m3u8"), 0, 0, 10, 130_000, 128_000, "mp4a.40.2")
            : new(id, rendition, VideoKeys.Stream(id, $"{rendition}/index.m3u8"), 854, 480, 10, 1_000_000, 800_000, "avc1.64001e");

    /// <summary>An upload that was requested and landed, nothing processed yet.</summary>
    public static TranscodeJob Uploaded(IReadOnlyList<string>? staticRenditions = null)
    {
        var id = Guid.CreateVersion7();
        var requested = new UploadRequested(id, "owner-1", "Holiday", VideoKeys.Raw(id, "mp4"), "video/mp4", null, DateTimeOffset.UnixEpoch, StaticRenditions: staticRenditions);
        return TranscodeJob.Create(requested).With(new UploadCompleted(id, requested.RawKey, 10, "client", "\"etag-1\""));
    }

    public static TranscodeJob With(this TranscodeJob job, params object[] events)
    {
        foreach (var e in events)
        {
            ((dynamic)job).Apply((dynamic)e);
        }

        return job;
    }
}
