namespace VideoPipeline.Modules.Analytics.RollingUpViews;

/// <summary>
/// How recomputed views change their videos' days: each view's figures as they counted before are taken out of the
/// day they counted on, and its figures as they count now put into the day it counts on now (the same day, unless its
/// first events are gone). Rerunning a view that did not change changes nothing.
/// </summary>
internal static class DayChanges
{
    public static IReadOnlyDictionary<(Guid VideoId, DateOnly Day), DayFigures> Of(IEnumerable<ViewFigures> before, IEnumerable<ViewFigures> after)
    {
        var changes = new Dictionary<(Guid, DateOnly), DayFigures>();
        foreach (var (views, sign) in new[] { (before, -1), (after, 1) })
        {
            foreach (var view in views)
            {
                var key = (view.VideoId, view.Day);
                if (!changes.TryGetValue(key, out var day))
                {
                    changes[key] = day = new DayFigures();
                }

                day.Add(view, sign);
            }
        }

        return changes;
    }

    /// <summary>Each changed day's new figures: as <paramref name="stored"/> (nothing when it had none) plus its change.</summary>
    public static IReadOnlyList<(Guid VideoId, DateOnly Day, DayFigures Figures)> Apply(
        IReadOnlyDictionary<(Guid VideoId, DateOnly Day), DayFigures> stored, IReadOnlyDictionary<(Guid VideoId, DateOnly Day), DayFigures> changes) =>
        changes.Select(change =>
        {
            var figures = new DayFigures();
            if (stored.TryGetValue(change.Key, out var before))
            {
                figures.Add(before);
            }

            figures.Add(change.Value);
            if (figures.Views < 0 || figures.Retention.Any(count => count < 0) || figures.Startup.Any(count => count < 0))
            {
                throw new InvalidOperationException(
                    $"The figures of video {change.Key.VideoId} on {change.Key.Day:yyyy-MM-dd} would count fewer than no views: they do not match its views.");
            }

            return (change.Key.VideoId, change.Key.Day, figures);
        }).ToList();
}
