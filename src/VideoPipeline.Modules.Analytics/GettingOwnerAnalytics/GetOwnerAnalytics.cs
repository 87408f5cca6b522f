using Npgsql;
using VideoPipeline.Modules.Analytics.Storage;

namespace VideoPipeline.Modules.Analytics.GettingOwnerAnalytics;

/// <summary>An owner's totals per day and top videos by watch time (every owner's when <paramref name="OwnerId"/> is null: an admin).</summary>
public sealed record GetOwnerAnalytics(string? OwnerId, DayRange Days);

internal sealed record OwnerDay(DateOnly Day, long Views, long UniqueViewers, double WatchSeconds, double StallSeconds, long ErrorViews);

internal sealed record TopVideo(Guid VideoId, string Title, string OwnerId, long Views, double WatchSeconds);

/// <param name="UniqueViewers">Summed over the days: a viewer is told apart within a day only.</param>
internal sealed record OwnerAnalytics(
    string? OwnerId, DateOnly From, DateOnly To, long Views, long UniqueViewers, double WatchSeconds, IReadOnlyList<OwnerDay> Days, IReadOnlyList<TopVideo> TopVideos);

public static class GetOwnerAnalyticsHandler
{
    public const int TopVideos = 10;

    private static readonly string Days = $"""
        select day, sum(views)::bigint, sum(viewers)::bigint, sum(watch_seconds), sum(stall_seconds), sum(error_views)::bigint
        from {AnalyticsTables.VideoDaily} where ($1::text is null or owner_id = $1) and day between $2 and $3
        group by day order by day
        """;

    private static readonly string Top = $"""
        select video_id, min(owner_id), sum(views)::bigint, sum(watch_seconds)
        from {AnalyticsTables.VideoDaily} where ($1::text is null or owner_id = $1) and day between $2 and $3
        group by video_id order by 4 desc, 1 limit {TopVideos}
        """;

    public static async Task<Answer> Handle(GetOwnerAnalytics query, NpgsqlDataSource database, IQuerySession session, CancellationToken ct)
    {
        await using var batch = database.CreateBatch();
        foreach (var sql in new[] { Days, Top })
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.OwnerId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = query.Days.From });
            command.Parameters.Add(new NpgsqlParameter { Value = query.Days.To });
            batch.BatchCommands.Add(command);
        }

        var days = new List<OwnerDay>();
        var top = new List<(Guid VideoId, string OwnerId, long Views, double WatchSeconds)>();
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                days.Add(new OwnerDay(reader.GetFieldValue<DateOnly>(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetInt64(5)));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                top.Add((reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2), reader.GetDouble(3)));
            }
        }

        var titles = (await session.LoadManyAsync<AnalyticsVideo>(ct, top.Select(t => t.VideoId))).ToDictionary(v => v.Id, v => v.Title);
        return Answer.Ok(new OwnerAnalytics(
            query.OwnerId, query.Days.From, query.Days.To, days.Sum(d => d.Views), days.Sum(d => d.UniqueViewers), days.Sum(d => d.WatchSeconds), days,
            top.Select(t => new TopVideo(t.VideoId, titles.GetValueOrDefault(t.VideoId, ""), t.OwnerId, t.Views, t.WatchSeconds)).ToList()));
    }
}

internal sealed class GetOwnerAnalyticsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/analytics", ([AsParameters] AnalyticsRangeRequest range, HttpContext http, TimeProvider clock, IMessageBus bus) =>
                bus.AnswerAsync(new GetOwnerAnalytics(http.User.IsAdmin() ? null : http.User.OwnerId(), range.Days(clock)), http.RequestAborted))
            .WithTags("Analytics")
            .WithSummary("The caller's viewing per UTC day from..to (both included; default the last 30 days) and its top videos by watch time; an admin key: every owner's.")
            .Produces<OwnerAnalytics>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
