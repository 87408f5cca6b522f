using System.Collections;
using VideoPipeline.Modules.Analytics;
using VideoPipeline.Modules.Analytics.GettingVideoAnalytics;
using VideoPipeline.Modules.Analytics.RollingUpViews;

namespace VideoPipeline.Tests.Analytics.Deciding;

/// <summary>
/// A video's days add up: a recomputed view takes out what it counted and puts in what it counts now, a rerun changes
/// nothing, and a range's report is its days' sum with percentiles read from fixed startup buckets.
/// </summary>
public sealed class AddingUpDays
{
    private static readonly Guid Video = Guid.NewGuid();
    private static readonly DateOnly Monday = new(2026, 12, 7);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(9, 0)]
    [InlineData(10, 1)]
    [InlineData(1_999, 199)]
    [InlineData(2_000, 200)]
    [InlineData(2_099, 200)]
    [InlineData(9_999, 279)]
    [InlineData(10_000, 280)]
    [InlineData(59_999, 329)]
    [InlineData(60_000, 330)]
    [InlineData(86_400_000, 330)]
    public void a_startup_time_falls_in_the_bucket_that_starts_at_or_below_it(int ms, int bucket)
    {
        StartupHistogram.BucketOf(ms).ShouldBe(bucket);
        StartupHistogram.LowerBounds[bucket].ShouldBeLessThanOrEqualTo(ms);
        StartupHistogram.Buckets.ShouldBe(331);
    }

    [Fact]
    public void percentiles_of_times_on_bucket_bounds_are_those_of_percentile_cont()
    {
        var counts = Histogram(400, 1_200, 2_000);

        StartupHistogram.Percentile(counts, 0.5).ShouldBe(1_200);
        StartupHistogram.Percentile(counts, 0.95).ShouldNotBeNull().ShouldBe(1_920, 1e-9);
        StartupHistogram.Percentile(Histogram(), 0.5).ShouldBeNull();
    }

    [Fact]
    public void a_percentile_is_never_above_the_exact_one_and_less_than_a_bucket_below_it()
    {
        var random = new Random(24);
        for (var run = 0; run < 200; run++)
        {
            var times = Enumerable.Range(0, random.Next(1, 60)).Select(_ => random.Next(0, 60_000)).ToArray();
            foreach (var fraction in new[] { 0.5, 0.95 })
            {
                var (exact, widest) = PercentileCont(times, fraction);
                var read = StartupHistogram.Percentile(Histogram(times), fraction).ShouldNotBeNull();
                read.ShouldBeLessThanOrEqualTo(exact + 1e-9);
                read.ShouldBeGreaterThan(exact - widest);
            }
        }
    }

    [Fact]
    public void a_view_counted_again_with_late_events_replaces_what_it_counted()
    {
        var view = AView(startupMs: 800, playingMs: 4_000, stalls: 0, coverage: 40, ("720p", 4_000));
        var later = view with { PlayingMs = 6_000, Stalls = 1, StallMs = 500, Errored = true, Coverage = Percents(60), RenditionMs = Renditions(("720p", 4_000), ("480p", 2_000)) };
        var stored = Day(view);

        var day = DayChanges.Apply(new Dictionary<(Guid, DateOnly), DayFigures> { [(Video, Monday)] = stored }, DayChanges.Of([view], [later])).ShouldHaveSingleItem();

        day.Day.ShouldBe(Monday);
        day.Figures.ShouldBeEquivalentTo(Day(later));
        day.Figures.Views.ShouldBe(1);
        day.Figures.RenditionMs.ShouldBe(Renditions(("480p", 2_000), ("720p", 4_000)), ignoreOrder: true);
    }

    [Fact]
    public void a_view_rolled_up_again_unchanged_changes_nothing()
    {
        var view = AView(startupMs: 800, playingMs: 4_000, stalls: 1, coverage: 40, ("720p", 4_000));

        var change = DayChanges.Of([view], [view]).ShouldHaveSingleItem().Value;

        change.ShouldBeEquivalentTo(new DayFigures());
        DayChanges.Apply(new Dictionary<(Guid, DateOnly), DayFigures> { [(Video, Monday)] = Day(view, view) }, DayChanges.Of([view], [view]))
            .ShouldHaveSingleItem().Figures.ShouldBeEquivalentTo(Day(view, view));
    }

    [Fact]
    public void a_view_that_now_counts_on_another_day_leaves_its_old_day_and_an_emptied_day_is_empty()
    {
        var view = AView(startupMs: 800, playingMs: 4_000, stalls: 0, coverage: 40);
        var moved = view with { Day = Monday.AddDays(1) };

        var days = DayChanges.Apply(new Dictionary<(Guid, DateOnly), DayFigures> { [(Video, Monday)] = Day(view) }, DayChanges.Of([view], [moved]));

        days.Single(d => d.Day == Monday).Figures.IsEmpty.ShouldBeTrue();
        days.Single(d => d.Day == Monday).Figures.ShouldBeEquivalentTo(new DayFigures());
        days.Single(d => d.Day == Monday.AddDays(1)).Figures.ShouldBeEquivalentTo(Day(moved));
    }

    [Fact]
    public void taking_out_a_view_a_day_never_counted_is_refused()
    {
        var view = AView(startupMs: 800, playingMs: 4_000, stalls: 0, coverage: 40);

        Should.Throw<InvalidOperationException>(() => DayChanges.Apply(new Dictionary<(Guid, DateOnly), DayFigures>(), DayChanges.Of([view], [])));
    }

    [Fact]
    public void a_range_reports_its_days_added_up()
    {
        var first = AView(startupMs: 400, playingMs: 1_000, stalls: 0, coverage: 10, ("360p", 1_000));
        var second = AView(startupMs: 1_200, playingMs: 3_000, stalls: 2, coverage: null, ("720p", 3_000)) with { Day = Monday.AddDays(1), StallMs = 1_000, Errored = true };
        var third = AView(startupMs: 2_000, playingMs: 2_000, stalls: 0, coverage: 30, ("720p", 2_000)) with { Day = Monday.AddDays(1) };
        var query = new GetVideoAnalytics(Video, new DayRange(Monday, Monday.AddDays(6)));

        var report = GetVideoAnalyticsHandler.Figures(query, [new VideoDay(Monday, 1, Day(first)), new VideoDay(Monday.AddDays(1), 2, Day(second, third))]);

        report.Views.ShouldBe(3);
        report.UniqueViewers.ShouldBe(3, "a viewer is told apart within a day only");
        report.WatchSeconds.ShouldBe(6);
        report.AveragePercentWatched.ShouldBe(20, "of the views that said what they played");
        report.StartupMs.P50.ShouldBe(1_200);
        report.StartupMs.P95.ShouldNotBeNull().ShouldBe(1_920, 1e-9);
        report.RebufferRatio.ShouldBe(1_000.0 / 7_000, 1e-9);
        report.RebufferPerView.ShouldBe(2.0 / 3, 1e-9);
        report.ErrorRate.ShouldBe(1.0 / 3, 1e-9);
        report.Renditions.ShouldBe([new RenditionTime("720p", 5), new RenditionTime("360p", 1)]);
        report.Retention.Count.ShouldBe(100);
        report.Retention[0].Share.ShouldBe(2.0 / 3, 1e-9);
        report.Retention[20].Share.ShouldBe(1.0 / 3, 1e-9);
        report.Retention[30].Share.ShouldBe(0);
        report.Days.ShouldBe([new ViewDay(Monday, 1, 1), new ViewDay(Monday.AddDays(1), 2, 5)]);
    }

    [Fact]
    public void a_range_without_views_reports_nothing_watched()
    {
        var report = GetVideoAnalyticsHandler.Figures(new GetVideoAnalytics(Video, new DayRange(Monday, Monday)), []);

        report.Views.ShouldBe(0);
        report.StartupMs.ShouldBe(new Percentiles(null, null));
        report.Retention.ShouldAllBe(p => p.Share == 0);
        report.Renditions.ShouldBeEmpty();
        report.Days.ShouldBeEmpty();
    }

    private static ViewFigures AView(int? startupMs, long playingMs, long stalls, int? coverage, params (string Rendition, long Ms)[] renditions) =>
        new(Video, Monday, startupMs, playingMs, stalls, stalls * 250, false, coverage is { } c ? Percents(c) : null, Renditions(renditions));

    private static DayFigures Day(params ViewFigures[] views)
    {
        var day = new DayFigures();
        foreach (var view in views)
        {
            day.Add(view, 1);
        }

        return day;
    }

    private static BitArray Percents(int first) => new(Enumerable.Range(0, 100).Select(p => p < first).ToArray());

    private static Dictionary<string, long> Renditions(params (string Rendition, long Ms)[] renditions) => renditions.ToDictionary(r => r.Rendition, r => r.Ms);

    private static long[] Histogram(params int[] times)
    {
        var counts = new long[StartupHistogram.Buckets];
        foreach (var ms in times)
        {
            counts[StartupHistogram.BucketOf(ms)]++;
        }

        return counts;
    }

    /// <summary>PostgreSQL's percentile_cont, and the wider bucket of the two times it lies between.</summary>
    private static (double Exact, int Widest) PercentileCont(int[] times, double fraction)
    {
        var sorted = times.Order().ToArray();
        var rank = fraction * (sorted.Length - 1);
        var (below, above) = (sorted[(int)Math.Floor(rank)], sorted[(int)Math.Ceiling(rank)]);
        return (below + ((rank - Math.Floor(rank)) * (above - below)), Math.Max(Width(below), Width(above)));
    }

    private static int Width(int ms) => ms < 2_000 ? 10 : ms < 10_000 ? 100 : 1_000;
}
