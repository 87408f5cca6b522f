using System.Text.RegularExpressions;

namespace VideoPipeline.MediaEngine;

/// <summary>Turns ffmpeg/ffprobe stderr into one line a video's owner can read.</summary>
internal static partial class FfmpegDiagnostics
{
    private const int MaxLength = 600;

    public static string Summarize(IEnumerable<string> lines, string inputPath)
    {
        var name = NameOf(inputPath);
        var tidy = lines
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => ContextAddress().Replace(line.Replace(inputPath, name, StringComparison.Ordinal), string.Empty))
            // A URL ffmpeg names otherwise (one it was redirected to) keeps no query either.
            .Select(line => HttpUrl().Replace(line, url => NameOf(url.Value)).Trim())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var summary = tidy.Count == 0 ? "(ffmpeg gave no reason)" : string.Join("; ", tidy);
        return summary.Length <= MaxLength ? summary : summary[..(MaxLength - 1)] + "…";
    }

    /// <summary>What an input is called in a message: its file name; never a URL's query, which may hold its signature.</summary>
    public static string NameOf(string inputPath) =>
        Uri.TryCreate(inputPath, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? Path.GetFileName(url.AbsolutePath)
            : Path.GetFileName(inputPath);

    [GeneratedRegex(@"https?://\S+", RegexOptions.CultureInvariant)]
    private static partial Regex HttpUrl();

    // "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55c556d1b940] moov atom not found": the address says nothing to a reader.
    [GeneratedRegex(@" @ 0x[0-9a-f]+", RegexOptions.CultureInvariant)]
    private static partial Regex ContextAddress();
}
