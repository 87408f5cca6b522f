using Npgsql;
using VideoPipeline.Modules.Analytics.Storage;

namespace VideoPipeline.Modules.Analytics.GettingVideoAnalytics;

/// <summary>How one video was watched and how well it played, on the days <paramref name="From"/> to <paramref name="To"/> (ownership is checked before this runs).</summary>
public sealed record GetVideoAnalytics(Guid VideoId, DayRange Days);

internal sealed record Percentiles(double? P50, double? P95);

internal sealed record RenditionTime(string Resolution, double Seconds);

/// <param name="Percent">A percent of the video's length, 0 to 99.</param>
/// <param name="Share">The share of views that played it, 0 to 1.</param>
internal sealed record RetentionPoint(int Percent, double Share);

internal sealed record ViewDay(DateOnly Day, long Views, double WatchSeconds);

/// <param name="UniqueViewers">Summed over the days: a viewer is told apart within a day only.</param>
/// <param name="AveragePercentWatched">The average share of the video each view played, in percent.</param>
/// <param name="RebufferRatio">Time stalled over time stalled and playing.</param>
/// <param name="StartupMs">Read from fixed buckets (<see cref="StartupHistogram"/>): at most a bucket's width under the exact figure.</param>
/// <param name="RebufferPerView">Stalls per view.</param>
/// <param name="ErrorRate">The share of views that met an error.</param>
internal sealed record VideoAnalytics(
    Guid VideoId, DateOnly From, DateOnly To, long Views, long UniqueViewers, double WatchSeconds, double AveragePercentWatched, Percentiles StartupMs,
    double RebufferRatio, double RebufferPerView, double ErrorRate, IReadOnlyList<RenditionTime> Renditions, IReadOnlyList<RetentionPoint> Retention,
    IReadOnlyList<ViewDay> Days);

/// <summary>A video's figures on one day, as the rollup left them.</summary>
internal sealed record VideoDay(DateOnly Day, long UniqueViewers, DayFigures Figures);

public static class GetVideoAnalyticsHandler
{
    // At most a row per day (the primary key's range); unique viewers from the owner's copy of the same day.
    private static readonly string Days = $"""
        select day, coalesce((select d.viewers from {AnalyticsTables.VideoDaily} d where d.video_id = f.video_id and d.day = f.day), 0)::bigint,
            {StoredDayFigures.Columns}
        from {AnalyticsTables.VideoDayFigures} f where video_id = $1 and day between $2 and $3 order by day
        """;

    public static async Task<Answer> Handle(GetVideoAnalytics query, NpgsqlDataSource database, CancellationToken ct)
    {
        await using var command = database.CreateCommand(Days);
        command.Parameters.Add(new NpgsqlParameter { Value = query.VideoId });
        command.Parameters.Add(new NpgsqlParameter { Value = query.Days.From });
        command.Parameters.Add(new NpgsqlParameter { Value = query.Days.To });
        var days = new List<VideoDay>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            days.Add(new VideoDay(reader.GetFieldValue<DateOnly>(0), reader.GetInt64(1), StoredDayFigures.Read(reader, 2)));
        }

        return Answer.Ok(Figures(query, days));
    }

    /// <summary>The report of <paramref name="days"/>: their figures added up, the percentiles read from the added startup buckets.</summary>
    internal static VideoAnalytics Figures(GetVideoAnalytics query, IReadOnlyList<VideoDay> days)
    {
        var all = new DayFigures();
        foreach (var day in days)
        {
            all.Add(day.Figures);
        }

        return new VideoAnalytics(
            query.VideoId, query.Days.From, query.Days.To, all.Views, days.Sum(d => d.UniqueViewers), all.PlayingMs / 1000.0,
            all.CoveredViews == 0 ? 0 : all.CoveredPercents / (double)all.CoveredViews,
            new Percentiles(StartupHistogram.Percentile(all.Startup, 0.5), StartupHistogram.Percentile(all.Startup, 0.95)),
            Ratio(all.StallMs, all.StallMs + all.PlayingMs), Ratio(all.Stalls, all.Views), Ratio(all.ErrorViews, all.Views),
            [.. all.RenditionMs.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => new RenditionTime(r.Key, r.Value / 1000.0))],
            [.. all.Retention.Select((views, percent) => new RetentionPoint(percent, Ratio(views, all.Views)))],
            [.. days.Select(d => new ViewDay(d.Day, d.Figures.Views, d.Figures.PlayingMs / 1000.0))]);
    }

    private static double Ratio(long part, long whole) => whole == 0 ? 0 : part / (double)whole;
}

internal sealed class GetVideoAnalyticsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/videos/{id:guid}/analytics", (Guid id, [AsParameters] AnalyticsRangeRequest range, TimeProvider clock, IMessageBus bus, CancellationToken ct) =>
                bus.AnswerAsync(new GetVideoAnalytics(id, range.Days(clock)), ct))
            .WithTags("Analytics")
            .WithSummary("How a video was watched and how well it played, per UTC day from..to (both included; default the last 30 days), as of the last rollup.")
            .Produces<VideoAnalytics>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
