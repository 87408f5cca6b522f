using System.Globalization;

namespace VideoPipeline.MediaEngine;

/// <summary>
/// A piece of a media playlist: a header (<c>EXT-X-MAP</c>) and the segments played with it, the number of its first
/// segment counted across the whole playlist. A frame-accurate clip's playlist has up to three (its first edge, the
/// stored segments between, its last edge); any other, one.
/// </summary>
public sealed record PlaylistPiece(string InitUri, IReadOnlyList<(string Uri, double DurationSeconds)> Segments, int FirstNumber)
{
    /// <summary>The pieces of <paramref name="mediaPlaylist"/>, in order; none when it names no header.</summary>
    public static IReadOnlyList<PlaylistPiece> Of(string mediaPlaylist)
    {
        ArgumentNullException.ThrowIfNull(mediaPlaylist);
        var pieces = new List<(string Init, List<(string, double)> Segments)>();
        double? duration = null;
        foreach (var raw in mediaPlaylist.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("#EXT-X-MAP:URI=\"", StringComparison.Ordinal) && line.IndexOf('"', 16) is var end and > 16)
            {
                pieces.Add((line[16..end], []));
            }
            else if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                duration = double.Parse(line["#EXTINF:".Length..].Split(',')[0], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
            else if (line.Length > 0 && !line.StartsWith('#') && duration is { } seconds && pieces.Count > 0)
            {
                pieces[^1].Segments.Add((line, seconds));
                duration = null;
            }
        }

        var numbered = new List<PlaylistPiece>(pieces.Count);
        var number = 0;
        foreach (var (init, segments) in pieces.Where(p => p.Segments.Count > 0))
        {
            numbered.Add(new PlaylistPiece(init, segments, number));
            number += segments.Count;
        }

        return numbered;
    }

    /// <summary>
    /// The URI <paramref name="mediaPlaylist"/> names for a file of a rendition as the DASH manifest of its pieces names it
    /// (<see cref="CmafLayout.PieceInit"/>, and the segments numbered across the pieces); null when it has no such file.
    /// </summary>
    public static string? UriOf(string mediaPlaylist, string dashFile)
    {
        ArgumentNullException.ThrowIfNull(dashFile);
        var pieces = Of(mediaPlaylist);
        for (var p = 0; p < pieces.Count; p++)
        {
            if (dashFile == CmafLayout.PieceInit(p))
            {
                return pieces[p].InitUri;
            }
        }

        if (!CmafLayout.IsRenditionFile(dashFile) || !dashFile.StartsWith("seg_", StringComparison.Ordinal))
        {
            return null;
        }

        var index = int.Parse(dashFile.AsSpan(4, 5), CultureInfo.InvariantCulture);
        return pieces.FirstOrDefault(p => index >= p.FirstNumber && index < p.FirstNumber + p.Segments.Count) is { } piece
            ? piece.Segments[index - piece.FirstNumber].Uri
            : null;
    }
}
