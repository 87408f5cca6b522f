using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using VideoPipeline.Modules.Playback.Captions;

namespace VideoPipeline.Modules.Playback.Manifests;

/// <summary>
/// Rewrites the stored HLS playlists for one viewer: in the master, every playlist it names (variants, and the audio
/// rendition's <c>URI</c>) keeps pointing at the service, with the viewer's grant; in a media playlist, every file it
/// names (segments, and the <c>EXT-X-MAP</c> header) becomes a signed storage or CDN URL. Everything else passes unchanged.
/// </summary>
internal static partial class PlaylistRewriter
{
    /// <summary>Appends the grant's query to every playlist URI of a master playlist (relative URIs stay relative).</summary>
    public static string Master(string playlist, string grantQuery) =>
        RewriteUris(playlist, uri => uri + (uri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + grantQuery);

    /// <summary>The group every variant of a master names for its caption tracks.</summary>
    public const string SubtitlesGroup = "captions";

    /// <summary>
    /// Adds the caption tracks to a stored master playlist as one SUBTITLES group (each track's playlist relative to the
    /// master, under <c>subtitles/{language}/</c>) that every variant names. A master without tracks is returned as it is.
    /// </summary>
    public static string WithSubtitles(string master, IReadOnlyList<CaptionTrack> tracks)
    {
        if (tracks.Count == 0)
        {
            return master;
        }

        var output = new StringBuilder(master.Length + 200 * tracks.Count);
        var added = false;
        foreach (var raw in master.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal))
            {
                if (!added)
                {
                    foreach (var track in tracks)
                    {
                        output.Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"{SubtitlesGroup}\",NAME=\"{Quoted(track.Label)}\",")
                            .Append(CultureInfo.InvariantCulture, $"LANGUAGE=\"{track.Language}\",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,")
                            .Append(CultureInfo.InvariantCulture, $"URI=\"{SubtitlesFolder}/{track.Language}/{StreamingLayout.MediaPlaylist}\"\n");
                    }

                    added = true;
                }

                line += $",SUBTITLES=\"{SubtitlesGroup}\"";
            }

            output.Append(line).Append('\n');
        }

        return output.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>The folder, relative to the master, of the caption tracks' playlists.</summary>
    public const string SubtitlesFolder = "subtitles";

    /// <summary>
    /// A caption track as an HLS subtitle playlist: its whole WebVTT as one segment lasting the video
    /// (<paramref name="durationSeconds"/>), at <paramref name="webVtt"/>.
    /// </summary>
    public static string Subtitles(double durationSeconds, Uri webVtt)
    {
        var seconds = Math.Max(durationSeconds, 1);
        return string.Create(CultureInfo.InvariantCulture,
            $"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:{(int)Math.Ceiling(seconds)}\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n" +
            $"#EXTINF:{seconds:0.000},\n{webVtt.AbsoluteUri}\n#EXT-X-ENDLIST\n");
    }

    // A quoted-string attribute of HLS cannot hold a double quote (labels are plain text, without line breaks).
    private static string Quoted(string text) => text.Replace('"', '\'');

    /// <summary>
    /// Replaces every file URI of a media playlist stored under <paramref name="folderKey"/> with a signed URL, except the
    /// preload hint's and the rendition reports': the part a hint names is not stored yet, so it stays relative (the
    /// service's part route, beside the playlist), with the viewer's grant, and the service answers it once the part is
    /// published; a report names another rendition's playlist, the service's route beside this one.
    /// </summary>
    public static string Media(string playlist, string folderKey, Func<string, Uri> signKey, string grantQuery) =>
        RewriteUris(playlist, uri => signKey(StreamingLayout.KeyOf(folderKey, uri)).AbsoluteUri, served => $"{served}?{grantQuery}");

    private static readonly string[] ServedByTheService = ["#EXT-X-PRELOAD-HINT:", "#EXT-X-RENDITION-REPORT:"];

    private static string RewriteUris(string playlist, Func<string, string> rewrite, Func<string, string>? rewriteServed = null)
    {
        var output = new StringBuilder(playlist.Length * 2);
        foreach (var raw in playlist.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var uris = rewriteServed is not null && ServedByTheService.Any(tag => line.StartsWith(tag, StringComparison.Ordinal)) ? rewriteServed : rewrite;
            var rewritten = line.Length == 0 ? line
                : line.StartsWith('#') ? UriAttribute().Replace(line, m => $"URI=\"{uris(m.Groups["uri"].Value)}\"")
                : rewrite(line.Trim());
            output.Append(rewritten).Append('\n');
        }

        return output.ToString().TrimEnd('\n') + "\n";
    }

    [GeneratedRegex("URI=\"(?<uri>[^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex UriAttribute();
}
