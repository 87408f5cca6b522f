namespace VideoPipeline.MediaEngine;

/// <summary>A rendition's bit rates, measured from its segments as stored.</summary>
internal sealed record Bitrates(long PeakBitsPerSecond, long AverageBitsPerSecond)
{
    /// <summary>
    /// The peak is HLS's peak segment bit rate: the highest over any run of consecutive segments lasting between half and
    /// one and a half target durations (RFC 8216 section 4.3.4.2; the whole rendition when it is shorter). The average is
    /// every bit over every second.
    /// </summary>
    public static Bitrates Measure(IReadOnlyList<(double Seconds, long Bytes)> segments, double targetSeconds)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var totalSeconds = segments.Sum(s => s.Seconds);
        var totalBits = segments.Sum(s => s.Bytes * 8.0);
        if (totalSeconds <= 0)
        {
            return new Bitrates(0, 0);
        }

        var peak = 0.0;
        for (var first = 0; first < segments.Count; first++)
        {
            double seconds = 0, bits = 0;
            for (var last = first; last < segments.Count && seconds < 1.5 * targetSeconds; last++)
            {
                seconds += segments[last].Seconds;
                bits += segments[last].Bytes * 8.0;
                if (seconds >= 0.5 * targetSeconds && seconds <= 1.5 * targetSeconds)
                {
                    peak = Math.Max(peak, bits / seconds);
                }
            }
        }

        var average = totalBits / totalSeconds;
        return new Bitrates((long)Math.Ceiling(peak > 0 ? Math.Max(peak, average) : average), (long)Math.Ceiling(average));
    }
}
