using System.Globalization;

namespace VideoPipeline.MediaEngine;

/// <summary>
/// The segment a growing low-latency playlist was producing when its writer stopped: the parts listed after its last whole
/// segment. A broadcast cut off mid-segment (its publisher gone, its node killed) has published them, and viewers have
/// played them, so its recording keeps them as one last segment instead of losing up to a segment of the broadcast.
/// </summary>
/// <param name="SegmentUri">The whole segment the parts belong to (<c>seg_00003.m4s</c> for <c>parts/seg_00003.k.m4s</c>).</param>
/// <param name="PartUris">Its parts in order, from the first.</param>
/// <param name="Discontinuity">It starts a new timeline (a publisher back after a drop).</param>
internal sealed record OpenSegment(string SegmentUri, IReadOnlyList<string> PartUris, double DurationSeconds, bool Discontinuity)
{
    /// <summary>The open segment of a stored growing playlist, or null when it is ended or lists no part after its last segment.</summary>
    public static OpenSegment? Of(string playlist)
    {
        ArgumentNullException.ThrowIfNull(playlist);
        var parts = new List<(string Uri, double Seconds)>();
        var discontinuity = false;
        foreach (var raw in playlist.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line == "#EXT-X-ENDLIST")
            {
                return null;
            }

            if (line == "#EXT-X-DISCONTINUITY")
            {
                discontinuity = true;
            }
            else if (line.StartsWith("#EXT-X-PART:", StringComparison.Ordinal))
            {
                parts.Add((Attribute(line, "URI=\""), double.Parse(Attribute(line, "DURATION="), NumberStyles.Float, CultureInfo.InvariantCulture)));
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                // A whole segment: the parts listed before it were its own.
                parts.Clear();
                discontinuity = false;
            }
        }

        if (parts.Count == 0)
        {
            return null;
        }

        var segment = SegmentOf(parts[0].Uri);
        var taken = parts.TakeWhile((part, index) => part.Uri == CmafLayout.PartsFolder + "/" + segment[..^4] + $".{index}.m4s").ToList();
        return taken.Count == parts.Count
            ? new OpenSegment(segment, taken.Select(p => p.Uri).ToList(), taken.Sum(p => p.Seconds), discontinuity)
            : throw new InvalidDataException($"The open segment's parts are not {segment}'s, in order: {string.Join(", ", parts.Select(p => p.Uri))}.");
    }

    /// <summary><c>seg_00003.m4s</c> for <c>parts/seg_00003.2.m4s</c>.</summary>
    private static string SegmentOf(string partUri)
    {
        var name = partUri.StartsWith(CmafLayout.PartsFolder + "/", StringComparison.Ordinal) ? partUri[(CmafLayout.PartsFolder.Length + 1)..] : "";
        return CmafLayout.IsPartFile(name)
            ? name[..9] + ".m4s"
            : throw new InvalidDataException($"'{partUri}' is not named like a part.");
    }

    private static string Attribute(string line, string prefix)
    {
        var start = line.IndexOf(prefix, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidDataException($"'{line}' has no {prefix.TrimEnd('"', '=')}.");
        }

        start += prefix.Length;
        var end = line.IndexOfAny(prefix.EndsWith('"') ? ['"'] : [',', '"'], start);
        return end < 0 ? line[start..] : line[start..end];
    }
}
