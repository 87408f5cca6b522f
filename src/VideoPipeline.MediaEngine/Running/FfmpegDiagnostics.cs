using System.Text.RegularExpressions;

namespace VideoPipeline.MediaEngine;

/// <summary>Turns ffmpeg/ffprobe stderr into one line a video's owner can read.</summary>
internal static partial class FfmpegDiagnostics
{
    private const int MaxLength = 600;

    public static string Summarize(IEnumerable<string> lines, string inputPath)
    {
        var name = Path.GetFileName(inputPath);
        var tidy = lines
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => ContextAddress().Replace(line.Replace(inputPath, name, StringComparison.Ordinal), string.Empty).Trim())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var summary = tidy.Count == 0 ? "(ffmpeg gave no reason)" : string.Join("; ", tidy);
        return summary.Length <= MaxLength ? summary : summary[..(MaxLength - 1)] + "…";
    }

    // "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55c556d1b940] moov atom not found": the address says nothing to a reader.
    [GeneratedRegex(@" @ 0x[0-9a-f]+", RegexOptions.CultureInvariant)]
    private static partial Regex ContextAddress();
}
