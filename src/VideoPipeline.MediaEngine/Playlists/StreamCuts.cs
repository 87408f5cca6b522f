namespace VideoPipeline.MediaEngine;

/// <summary>A rendition of a stream cut from another's stored segments, as its manifests describe it.</summary>
/// <param name="Name">The rung ("720p") or the audio rendition ("audio"), which is also its folder.</param>
/// <param name="Width">0 for the audio rendition.</param>
/// <param name="Playlist">Its media playlist (the one <see cref="StreamCuts.Cut"/> wrote).</param>
public sealed record CutRendition(string Name, string Codecs, int Width, int Height, long PeakBitsPerSecond, long AverageBitsPerSecond, string Playlist);

/// <summary>The media playlist of a cut, and the stretch of the original timeline its segments hold.</summary>
public sealed record CutPlaylist(string Playlist, double StartSeconds, double EndSeconds, int Segments);

/// <summary>
/// A stream made of a stretch of another stream's stored segments, cut at their boundaries, nothing encoded: its media
/// playlists (naming the original files), its HLS master playlist and its DASH manifest.
/// </summary>
public static class StreamCuts
{
    /// <summary>
    /// The finished media playlist of the segments of <paramref name="storedPlaylist"/> that hold any of
    /// <paramref name="fromSeconds"/> to <paramref name="toSeconds"/> (<see cref="SegmentSpan.Covering"/>), each file
    /// named as <paramref name="rename"/> says (the playlist is stored elsewhere than the files); null when the playlist
    /// names no segment.
    /// </summary>
    public static CutPlaylist? Cut(string storedPlaylist, double fromSeconds, double toSeconds, double targetSeconds, Func<string, string> rename)
    {
        ArgumentNullException.ThrowIfNull(rename);
        if (SegmentSpan.Covering(storedPlaylist, fromSeconds, toSeconds) is not { } span)
        {
            return null;
        }

        var chosen = span.Segments.ToHashSet(StringComparer.Ordinal);
        var segments = MediaPlaylist.Parse(storedPlaylist).Segments
            .Where(s => chosen.Contains(s.Uri))
            .Select(s => new PlaylistSegment(rename(s.Uri), s.DurationSeconds))
            .ToList();
        var playlist = new MediaPlaylist(rename(span.InitUri), segments, Ended: true).Write(targetSeconds);
        return new CutPlaylist(playlist, span.StartSeconds, span.EndSeconds, segments.Count);
    }

    /// <summary>The HLS master playlist of the cut renditions, each media playlist at <c>{name}/index.m3u8</c> beside it.</summary>
    public static string HlsMaster(IReadOnlyList<CutRendition> renditions)
    {
        var (video, audio) = Manifested(renditions);
        return StreamManifests.HlsMaster(video, audio);
    }

    /// <summary>
    /// The static DASH manifest of the cut renditions: segments numbered from 0 in each rendition's folder, on a timeline
    /// that starts where the first segment's media time does (<paramref name="startSeconds"/> of the original), which
    /// players take as the presentation's start.
    /// </summary>
    public static string Dash(IReadOnlyList<CutRendition> renditions, double startSeconds)
    {
        var (video, audio) = Manifested(renditions);
        return StreamManifests.Dash(video, audio, startSeconds);
    }

    /// <summary>
    /// The static DASH manifest of renditions played in pieces (a frame-accurate clip's: each <see cref="CutRendition.Playlist"/>
    /// a media playlist of <see cref="PlaylistPiece"/>s), one Period per piece (<see cref="StreamManifests.DashPieces"/>).
    /// <paramref name="mediaStarts"/> says, per rendition, where each piece's first segment begins on its media timeline
    /// (0 for an edge encoded again; where it is on the original's for the stored segments between).
    /// </summary>
    public static string DashOfPieces(IReadOnlyList<CutRendition> renditions, IReadOnlyDictionary<string, IReadOnlyList<double>> mediaStarts)
    {
        ArgumentNullException.ThrowIfNull(mediaStarts);
        var (video, audio) = Manifested(renditions);
        var pieces = new Dictionary<string, IReadOnlyList<DashPiece>>(StringComparer.Ordinal);
        foreach (var rendition in renditions)
        {
            var own = PlaylistPiece.Of(rendition.Playlist);
            var starts = mediaStarts[rendition.Name];
            if (own.Count != starts.Count || own.Count != PlaylistPiece.Of(renditions[0].Playlist).Count)
            {
                throw new InvalidOperationException($"The rendition {rendition.Name} is played in {own.Count} pieces, not as the others are.");
            }

            pieces[rendition.Name] = own.Select((p, i) => new DashPiece(CmafLayout.PieceInit(i), p.FirstNumber, p.Segments.Select(s => s.DurationSeconds).ToList(), starts[i])).ToList();
        }

        return StreamManifests.DashPieces(video, audio, pieces);
    }

    private static (List<ManifestRendition> Video, ManifestRendition? Audio) Manifested(IReadOnlyList<CutRendition> renditions)
    {
        ArgumentNullException.ThrowIfNull(renditions);
        var all = renditions.Select(r => new ManifestRendition(
            r.Name, new CmafHeader(r.Codecs, r.Width, r.Height, r.Width > 0), r.PeakBitsPerSecond, r.AverageBitsPerSecond, MediaPlaylist.Parse(r.Playlist))).ToList();
        return (all.Where(r => r.Header.IsVideo).ToList(), all.FirstOrDefault(r => !r.Header.IsVideo));
    }
}
