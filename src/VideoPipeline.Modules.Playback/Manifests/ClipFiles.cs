using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Playback.Manifests;

/// <summary>
/// A clip's DASH manifest numbers each rendition's segments from 0 as its media playlist lists them, while the playlist
/// names the files where they are stored (the parent's segments): the manifest's file names are looked up in it.
/// </summary>
internal static class ClipFiles
{
    /// <summary>The storage key of the header (<c>init.mp4</c>) or the numbered segment a clip's DASH manifest names; null when there is none.</summary>
    public static string? KeyOf(string mediaPlaylist, string folderKey, string file)
    {
        var span = SegmentSpan.Covering(mediaPlaylist, 0, double.MaxValue);
        if (span is null)
        {
            return null;
        }

        if (file == StreamingLayout.InitSegment)
        {
            return StreamingLayout.KeyOf(folderKey, span.InitUri);
        }

        var index = int.Parse(file.AsSpan(4, 5), System.Globalization.CultureInfo.InvariantCulture);
        return index < span.Segments.Count ? StreamingLayout.KeyOf(folderKey, span.Segments[index]) : null;
    }
}
