using System.Globalization;
using System.Text.RegularExpressions;

namespace VideoPipeline.Modules.Playback.ServingImages;

/// <summary>
/// The rungs of a video processed before <see cref="PlayableVideo.Rungs"/> was kept, read from its stored HLS master
/// playlist: each variant's <c>RESOLUTION</c> and media playlist, as the final master names them.
/// </summary>
internal static partial class StoredRungs
{
    /// <summary>The video rungs <paramref name="master"/> (stored at <paramref name="masterKey"/>) names, smallest first.</summary>
    public static List<PlayableRung> FromMaster(string master, string masterKey)
    {
        ArgumentNullException.ThrowIfNull(master);
        var folder = masterKey[..masterKey.LastIndexOf('/')];
        var lines = master.Split('\n').Select(l => l.Trim()).ToList();
        var rungs = new List<PlayableRung>();
        for (var i = 0; i < lines.Count - 1; i++)
        {
            if (lines[i].StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal) && Resolution().Match(lines[i]) is { Success: true } size
                && lines[i + 1] is { Length: > 0 } uri && !uri.StartsWith('#') && uri.Contains('/', StringComparison.Ordinal))
            {
                rungs.Add(new PlayableRung(uri[..uri.IndexOf('/', StringComparison.Ordinal)],
                    int.Parse(size.Groups["w"].Value, CultureInfo.InvariantCulture), int.Parse(size.Groups["h"].Value, CultureInfo.InvariantCulture),
                    StreamingLayout.KeyOf(folder, uri)));
            }
        }

        rungs.Sort((a, b) => ((long)a.Width * a.Height).CompareTo((long)b.Width * b.Height));
        return rungs;
    }

    [GeneratedRegex(@"RESOLUTION=(?<w>\d{1,5})x(?<h>\d{1,5})", RegexOptions.CultureInvariant)]
    private static partial Regex Resolution();
}
