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

/// <param name="AveragePercentWatched">The average share of the video each view played, in percent.</param>
/// <param name="RebufferRatio">Time stalled over time stalled and playing.</param>
/// <param name="RebufferPerView">Stalls per view.</param>
/// <param name="ErrorRate">The share of views that met an error.</param>
internal sealed record VideoAnalytics(
    Guid VideoId, DateOnly From, DateOnly To, long Views, long UniqueViewers, double WatchSeconds, double AveragePercentWatched, Percentiles StartupMs,
    double RebufferRatio, double RebufferPerView, double ErrorRate, IReadOnlyList<RenditionTime> Renditions, IReadOnlyList<RetentionPoint> Retention,
    IReadOnlyList<ViewDay> Days);

public static class GetVideoAnalyticsHandler
{
    private static readonly string Totals = $"""
        select count(*), count(distinct viewer), coalesce(sum(playing_ms), 0)::bigint, coalesce(avg(bit_count(coverage)), 0)::float8,
            percentile_cont(0.5) within group (order by startup_ms), percentile_cont(0.95) within group (order by startup_ms),
            coalesce(sum(stall_ms), 0)::bigint, coalesce(sum(stalls), 0)::bigint, count(*) filter (where errors > 0)
        from {AnalyticsTables.Views} where video_id = $1 and day between $2 and $3
        """;

    private static readonly string Renditions = $"""
        select r.key, (sum(r.value::bigint) / 1000.0)::float8 from {AnalyticsTables.Views} v, jsonb_each_text(v.renditions) r
        where v.video_id = $1 and v.day between $2 and $3 group by r.key order by 2 desc
        """;

    private static readonly string Retention = $"""
        select p, count(*) filter (where get_bit(v.coverage, p) = 1)
        from {AnalyticsTables.Views} v cross join generate_series(0, 99) p
        where v.video_id = $1 and v.day between $2 and $3 and v.coverage is not null group by p order by p
        """;

    private static readonly string Days = $"""
        select day, count(*), (sum(playing_ms) / 1000.0)::float8 from {AnalyticsTables.Views}
        where video_id = $1 and day between $2 and $3 group by day order by day
        """;

    public static async Task<Answer> Handle(GetVideoAnalytics query, NpgsqlDataSource database, CancellationToken ct)
    {
        await using var batch = database.CreateBatch();
        foreach (var sql in new[] { Totals, Renditions, Retention, Days })
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter { Value = query.VideoId });
            command.Parameters.Add(new NpgsqlParameter { Value = query.Days.From });
            command.Parameters.Add(new NpgsqlParameter { Value = query.Days.To });
            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var views = reader.GetInt64(0);
        var viewers = reader.GetInt64(1);
        var playingMs = reader.GetInt64(2);
        var averagePercent = reader.GetDouble(3);
        var startup = new Percentiles(reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.IsDBNull(5) ? null : reader.GetDouble(5));
        var stallMs = reader.GetInt64(6);
        var stalls = reader.GetInt64(7);
        var errorViews = reader.GetInt64(8);

        var renditions = new List<RenditionTime>();
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            renditions.Add(new RenditionTime(reader.GetString(0), reader.GetDouble(1)));
        }

        var retention = new List<RetentionPoint>();
        await reader.NextResultAsync(ct);
        var reported = new Dictionary<int, long>();
        while (await reader.ReadAsync(ct))
        {
            reported[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        retention.AddRange(Enumerable.Range(0, 100).Select(p => new RetentionPoint(p, Ratio(reported.GetValueOrDefault(p), views))));

        var days = new List<ViewDay>();
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            days.Add(new ViewDay(reader.GetFieldValue<DateOnly>(0), reader.GetInt64(1), reader.GetDouble(2)));
        }

        return Answer.Ok(new VideoAnalytics(
            query.VideoId, query.Days.From, query.Days.To, views, viewers, playingMs / 1000.0, averagePercent,
            startup, Ratio(stallMs, stallMs + playingMs), Ratio(stalls, views), Ratio(errorViews, views), renditions, retention, days));
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
