using System.Text;

namespace VideoPipeline.Modules.Playback.Hls;

/// <summary>
/// Rewrites the stored HLS playlists for one viewer: the master's variant lines keep pointing at the service (with the
/// viewer's grant), a media playlist's segment lines become signed storage or CDN URLs. Tags pass through unchanged.
/// </summary>
internal static class PlaylistRewriter
{
    /// <summary>Appends the grant's query to every variant URI of a master playlist (relative URIs stay relative).</summary>
    public static string Master(string playlist, string grantQuery) =>
        RewriteUris(playlist, uri => uri + (uri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + grantQuery);

    /// <summary>Replaces every segment URI of a media playlist stored under <paramref name="folderKey"/> with a signed URL.</summary>
    public static string Media(string playlist, string folderKey, Func<string, Uri> signKey) =>
        RewriteUris(playlist, uri => signKey($"{folderKey}/{uri}").AbsoluteUri);

    private static string RewriteUris(string playlist, Func<string, string> rewrite)
    {
        var output = new StringBuilder(playlist.Length * 2);
        foreach (var raw in playlist.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            output.Append(line.Length == 0 || line.StartsWith('#') ? line : rewrite(line.Trim())).Append('\n');
        }

        return output.ToString().TrimEnd('\n') + "\n";
    }
}
