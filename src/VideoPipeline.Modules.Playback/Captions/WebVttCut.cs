using System.Globalization;
using System.Text;

namespace VideoPipeline.Modules.Playback.Captions;

/// <summary>A stretch of a stored WebVTT track (as <see cref="CaptionFile"/> keeps it) on a timeline of its own.</summary>
internal static class WebVttCut
{
    private const string Arrow = " --> ";

    /// <summary>
    /// The cues showing between <paramref name="fromSeconds"/> and <paramref name="toSeconds"/>, clipped to that stretch
    /// and moved so that it starts at 0; their settings and text as they were.
    /// </summary>
    public static string Between(string webVtt, double fromSeconds, double toSeconds)
    {
        ArgumentNullException.ThrowIfNull(webVtt);
        var output = new StringBuilder("WEBVTT\n");
        foreach (var cue in webVtt.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var timing = cue.Split('\n', 2);
            var arrow = timing[0].IndexOf(Arrow, StringComparison.Ordinal);
            var endEnds = timing[0].IndexOf(' ', arrow + Arrow.Length) is var space and >= 0 ? space : timing[0].Length;
            var start = Seconds(timing[0][..arrow]);
            var end = Seconds(timing[0][(arrow + Arrow.Length)..endEnds]);
            if (end <= fromSeconds || start >= toSeconds)
            {
                continue;
            }

            output.Append('\n')
                .Append(Format(Math.Max(start, fromSeconds) - fromSeconds)).Append(Arrow).Append(Format(Math.Min(end, toSeconds) - fromSeconds))
                .Append(timing[0][endEnds..]).Append('\n')
                .Append(timing.Length > 1 ? timing[1].TrimEnd('\n') + "\n" : "");
        }

        return output.ToString();
    }

    /// <summary>hh:mm:ss.mmm, as the stored tracks write it.</summary>
    private static double Seconds(string time)
    {
        var parts = time.Split(':');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture) * 3600) + (int.Parse(parts[1], CultureInfo.InvariantCulture) * 60)
               + double.Parse(parts[2], CultureInfo.InvariantCulture);
    }

    private static string Format(double seconds)
    {
        var time = TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
        return string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours:00}:{time.Minutes:00}:{time.Seconds:00}.{time.Milliseconds:000}");
    }
}
