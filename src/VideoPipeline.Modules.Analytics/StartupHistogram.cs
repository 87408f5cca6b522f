namespace VideoPipeline.Modules.Analytics;

/// <summary>
/// Times to first frame counted in fixed buckets, so that a video's days add up and its percentiles are read from the
/// sum: 10 ms wide below 2 s, 100 ms below 10 s, 1 s below 60 s, and one bucket for 60 s and more. A percentile is
/// what <c>percentile_cont</c> gives over the times rounded down to their bucket's lower bound: never above the exact
/// figure, and less than the wider bucket of the two times it lies between below it (times from 60 s on count as 60 s).
/// </summary>
internal static class StartupHistogram
{
    private static readonly (int Below, int Width)[] Steps = [(2_000, 10), (10_000, 100), (60_000, 1_000)];

    /// <summary>The lower bound of each bucket, in milliseconds, ascending.</summary>
    public static IReadOnlyList<int> LowerBounds { get; } = Bounds();

    public static int Buckets => LowerBounds.Count;

    /// <summary>The bucket of <paramref name="ms"/> (0 or more).</summary>
    public static int BucketOf(int ms)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ms);
        var first = 0;
        var from = 0;
        foreach (var (below, width) in Steps)
        {
            if (ms < below)
            {
                return first + ((ms - from) / width);
            }

            first += (below - from) / width;
            from = below;
        }

        return first;
    }

    /// <summary>The <paramref name="fraction"/> percentile (0 to 1) of the times counted in <paramref name="counts"/>; null when none are.</summary>
    public static double? Percentile(IReadOnlyList<long> counts, double fraction)
    {
        var total = counts.Sum();
        if (total == 0)
        {
            return null;
        }

        var rank = fraction * (total - 1);
        var below = (long)Math.Floor(rank);
        var lower = ValueAt(counts, below);
        return lower + ((rank - below) * (ValueAt(counts, (long)Math.Ceiling(rank)) - lower));
    }

    /// <summary>The lower bound of the bucket holding the <paramref name="index"/>-th time (from 0) in ascending order.</summary>
    private static int ValueAt(IReadOnlyList<long> counts, long index)
    {
        long seen = 0;
        for (var bucket = 0; bucket < counts.Count; bucket++)
        {
            seen += counts[bucket];
            if (index < seen)
            {
                return LowerBounds[bucket];
            }
        }

        throw new ArgumentOutOfRangeException(nameof(index), index, "Past the times counted.");
    }

    private static int[] Bounds()
    {
        var bounds = new List<int>();
        var from = 0;
        foreach (var (below, width) in Steps)
        {
            for (var at = from; at < below; at += width)
            {
                bounds.Add(at);
            }

            from = below;
        }

        bounds.Add(from);
        return [.. bounds];
    }
}
