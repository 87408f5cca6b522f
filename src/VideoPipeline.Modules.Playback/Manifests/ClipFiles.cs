using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Playback.Manifests;

/// <summary>
/// A clip's DASH manifest names each rendition's files as its media playlist lists them (headers by piece, segments
/// numbered from 0 across the pieces, <see cref="PlaylistPiece"/>), while the playlist names the files where they are
/// stored (the parent's segments, the clip's edges): the manifest's file names are looked up in it.
/// </summary>
internal static class ClipFiles
{
    /// <summary>The storage key of the header or the numbered segment a clip's DASH manifest names; null when there is none.</summary>
    public static string? KeyOf(string mediaPlaylist, string folderKey, string file) =>
        PlaylistPiece.UriOf(mediaPlaylist, file) is { } uri ? StreamingLayout.KeyOf(folderKey, uri) : null;
}
