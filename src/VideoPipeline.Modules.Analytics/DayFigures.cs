using System.Collections;

namespace VideoPipeline.Modules.Analytics;

/// <summary>What one view adds to its video's figures of its day: its row of <c>analytics.views</c>, as far as it adds up.</summary>
/// <param name="Coverage">Bit <c>p</c> set when the view played percent <c>p</c> of the video; null when it never said.</param>
/// <param name="RenditionMs">Milliseconds played per rendition.</param>
internal sealed record ViewFigures(
    Guid VideoId, DateOnly Day, int? StartupMs, long PlayingMs, long Stalls, long StallMs, bool Errored, BitArray? Coverage,
    IReadOnlyDictionary<string, long> RenditionMs);

/// <summary>
/// The figures of some views of a video that add up: a day's (kept per video and day by the rollup), or a range's
/// (the days' sum). Counts, times and buckets only, so that a view is added and taken away exactly.
/// </summary>
internal sealed class DayFigures
{
    public const int Percents = 100;

    private readonly long[] _retention = new long[Percents];
    private readonly long[] _startup = new long[StartupHistogram.Buckets];
    private readonly SortedDictionary<string, long> _renditionMs = new(StringComparer.Ordinal);

    public long Views { get; private set; }

    public long PlayingMs { get; private set; }

    public long StallMs { get; private set; }

    public long Stalls { get; private set; }

    public long ErrorViews { get; private set; }

    /// <summary>The views that said which percents they played.</summary>
    public long CoveredViews { get; private set; }

    /// <summary>The percents those views played, added up.</summary>
    public long CoveredPercents { get; private set; }

    /// <summary>Per percent of the video, the views that played it.</summary>
    public IReadOnlyList<long> Retention => _retention;

    /// <summary>The views' times to first frame, per <see cref="StartupHistogram"/> bucket.</summary>
    public IReadOnlyList<long> Startup => _startup;

    public IReadOnlyDictionary<string, long> RenditionMs => _renditionMs;

    public bool IsEmpty => Views == 0;

    /// <summary>Figures as stored.</summary>
    public static DayFigures Of(
        long views, long playingMs, long stallMs, long stalls, long errorViews, long coveredViews, long coveredPercents,
        IReadOnlyList<int> retention, IReadOnlyList<int> startup, IReadOnlyDictionary<string, long> renditionMs)
    {
        if (retention.Count != Percents || startup.Count != StartupHistogram.Buckets)
        {
            throw new ArgumentException($"Stored figures have {retention.Count} retention counts and {startup.Count} startup buckets, not {Percents} and {StartupHistogram.Buckets}.");
        }

        var figures = new DayFigures
        {
            Views = views, PlayingMs = playingMs, StallMs = stallMs, Stalls = stalls, ErrorViews = errorViews, CoveredViews = coveredViews,
            CoveredPercents = coveredPercents,
        };
        for (var p = 0; p < Percents; p++)
        {
            figures._retention[p] = retention[p];
        }

        for (var bucket = 0; bucket < startup.Count; bucket++)
        {
            figures._startup[bucket] = startup[bucket];
        }

        figures.AddRenditions(renditionMs, 1);
        return figures;
    }

    /// <summary>Counts <paramref name="view"/> in (<paramref name="sign"/> 1) or out again (-1: as it was before the rollup recomputed it).</summary>
    public void Add(ViewFigures view, int sign)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(Math.Abs(sign), 1, nameof(sign));
        Views += sign;
        PlayingMs += sign * view.PlayingMs;
        StallMs += sign * view.StallMs;
        Stalls += sign * view.Stalls;
        ErrorViews += view.Errored ? sign : 0;
        if (view.StartupMs is { } startup)
        {
            _startup[StartupHistogram.BucketOf(startup)] += sign;
        }

        if (view.Coverage is { } coverage)
        {
            CoveredViews += sign;
            for (var p = 0; p < Percents && p < coverage.Length; p++)
            {
                if (coverage[p])
                {
                    CoveredPercents += sign;
                    _retention[p] += sign;
                }
            }
        }

        AddRenditions(view.RenditionMs, sign);
    }

    /// <summary>Adds another day's (or another change's) figures.</summary>
    public void Add(DayFigures other)
    {
        Views += other.Views;
        PlayingMs += other.PlayingMs;
        StallMs += other.StallMs;
        Stalls += other.Stalls;
        ErrorViews += other.ErrorViews;
        CoveredViews += other.CoveredViews;
        CoveredPercents += other.CoveredPercents;
        for (var p = 0; p < Percents; p++)
        {
            _retention[p] += other._retention[p];
        }

        for (var bucket = 0; bucket < _startup.Length; bucket++)
        {
            _startup[bucket] += other._startup[bucket];
        }

        AddRenditions(other._renditionMs, 1);
    }

    private void AddRenditions(IReadOnlyDictionary<string, long> renditionMs, int sign)
    {
        foreach (var (rendition, ms) in renditionMs)
        {
            var total = _renditionMs.GetValueOrDefault(rendition) + (sign * ms);
            if (total == 0)
            {
                _renditionMs.Remove(rendition);
            }
            else
            {
                _renditionMs[rendition] = total;
            }
        }
    }
}
