using System.Globalization;
using System.Text.RegularExpressions;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>An HLS playlist read as a player reads it: its lines, a tag's attributes, and the LL-HLS part rules (RFC 8216bis §4.4.4.9).</summary>
internal static class PlaylistLines
{
    public static string[] Lines(string playlist) => playlist.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();

    public static string Attribute(IEnumerable<string> lines, string tag, string name)
    {
        var line = lines.First(l => l.StartsWith(tag, StringComparison.Ordinal));
        var match = Regex.Match(line[tag.Length..], $"(?:^|,){name}=(\"[^\"]*\"|[^,]*)");
        match.Success.ShouldBeTrue($"{tag} has {name}: {line}");
        return match.Groups[1].Value;
    }

    public static double Number(string value) => double.Parse(value, CultureInfo.InvariantCulture);

    /// <summary>The durations of the parts listed.</summary>
    public static IEnumerable<double> PartDurations(string[] lines) =>
        lines.Where(l => l.StartsWith("#EXT-X-PART:", StringComparison.Ordinal)).Select(part => Number(Attribute([part], "#EXT-X-PART:", "DURATION")));

    /// <summary>The parts shorter than <paramref name="shortest"/> that are neither independent nor their segment's last.</summary>
    public static List<string> ShortParts(string[] lines, double shortest)
    {
        var found = new List<string>();
        var ofSegment = new List<string>();
        foreach (var line in lines.Append("end"))
        {
            if (line.StartsWith("#EXT-X-PART:", StringComparison.Ordinal))
            {
                ofSegment.Add(line);
            }
            else if (!line.StartsWith('#'))
            {
                // A segment (or the end of the playlist, where the open segment's parts so far are all full-length) closes its parts.
                var closed = line != "end" && ofSegment.Count > 0 ? ofSegment[..^1] : ofSegment;
                found.AddRange(closed.Where(part => !part.Contains("INDEPENDENT=YES", StringComparison.Ordinal)
                    && Number(Attribute([part], "#EXT-X-PART:", "DURATION")) < shortest));
                ofSegment = [];
            }
        }

        return found;
    }
}
