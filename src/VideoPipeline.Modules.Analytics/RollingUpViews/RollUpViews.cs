using Npgsql;
using VideoPipeline.Modules.Analytics.Storage;

namespace VideoPipeline.Modules.Analytics.RollingUpViews;

/// <summary>
/// Roll up what players reported since the last time: sent on the cluster's recurring schedule
/// (<see cref="AnalyticsOptions.RollupSchedule"/>), handled once per occurrence.
/// </summary>
public sealed record RollUpViews;

public static class RollUpViewsHandler
{
    public const string ScheduleName = "analytics-rollup";

    /// <summary>
    /// Keeps the day partitions (today's and tomorrow's made ahead, those past the retention dropped), then works off the
    /// pending views in steps, one transaction each: the views, their videos' days, and the owners' days, whose watch
    /// time is sent on as <see cref="WatchedTimeRolledUp"/> (the latest total of each owner and day).
    /// </summary>
    public static async Task<OutgoingMessages> Handle(
        RollUpViews _, NpgsqlDataSource database, IQuerySession session, TimeProvider clock, IOptions<AnalyticsOptions> options, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using (var partitions = await connection.BeginTransactionAsync(ct))
        {
            await AnalyticsTables.EnsurePartitionsAsync(connection, [today, today.AddDays(1)], ct);
            await AnalyticsTables.DropBeforeAsync(connection, today.AddDays(1 - options.Value.RawRetentionDays), today, ct);
            await partitions.CommitAsync(ct);
        }

        var watchTime = new Dictionary<(string, DateOnly), WatchedTimeRolledUp>();
        while (true)
        {
            await using var step = await connection.BeginTransactionAsync(ct);
            await ViewRollup.LockAsync(connection, ct);
            var touched = await ViewRollup.ViewsAsync(connection, options.Value.ViewsPerRollupStep, ct);
            if (touched.Count == 0)
            {
                await step.CommitAsync(ct);
                break;
            }

            var videos = (await session.LoadManyAsync<AnalyticsVideo>(ct, touched.Select(t => t.VideoId).Distinct())).ToDictionary(v => v.Id);
            var days = touched.Where(t => videos.ContainsKey(t.VideoId)).Select(t => (t.VideoId, t.Day, videos[t.VideoId].OwnerId)).ToList();
            foreach (var total in await ViewRollup.DaysAsync(connection, days, ct))
            {
                watchTime[(total.OwnerId, total.Day)] = total;
            }

            await step.CommitAsync(ct);
        }

        return [.. watchTime.Values];
    }
}
