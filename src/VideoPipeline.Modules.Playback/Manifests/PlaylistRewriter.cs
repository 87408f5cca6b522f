using System.Text;
using System.Text.RegularExpressions;

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

    /// <summary>Replaces every file URI of a media playlist stored under <paramref name="folderKey"/> with a signed URL.</summary>
    public static string Media(string playlist, string folderKey, Func<string, Uri> signKey) =>
        RewriteUris(playlist, uri => signKey($"{folderKey}/{uri}").AbsoluteUri);

    private static string RewriteUris(string playlist, Func<string, string> rewrite)
    {
        var output = new StringBuilder(playlist.Length * 2);
        foreach (var raw in playlist.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var rewritten = line.Length == 0 ? line
                : line.StartsWith('#') ? UriAttribute().Replace(line, m => $"URI=\"{rewrite(m.Groups["uri"].Value)}\"")
                : rewrite(line.Trim());
            output.Append(rewritten).Append('\n');
        }

        return output.ToString().TrimEnd('\n') + "\n";
    }

    [GeneratedRegex("URI=\"(?<uri>[^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex UriAttribute();
}
