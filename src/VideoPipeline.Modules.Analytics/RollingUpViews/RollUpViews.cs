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
    /// pending views in steps, one transaction each: the views, the figures of their videos' days (changed by what each
    /// view counts now against what it counted before), and the owners' days, whose watch time is sent on as
    /// <see cref="WatchedTimeRolledUp"/> (the latest total of each owner and day).
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
            var pending = await ViewRollup.PickAsync(connection, options.Value.ViewsPerRollupStep, ct);
            if (pending.Count == 0)
            {
                await step.CommitAsync(ct);
                break;
            }

            var (before, after) = await ViewRollup.RecomputeAsync(connection, pending, ct);
            var changes = DayChanges.Of(before, after);
            var days = DayChanges.Apply(await DayRollup.LoadAsync(connection, changes.Keys, ct), changes);
            var owners = (await session.LoadManyAsync<AnalyticsVideo>(ct, changes.Keys.Select(k => k.VideoId).Distinct())).ToDictionary(v => v.Id, v => v.OwnerId);
            await DayRollup.SaveAsync(connection, days, owners, ct);
            var ownerDays = days.Where(d => owners.ContainsKey(d.VideoId)).Select(d => (owners[d.VideoId], d.Day)).Distinct().ToList();
            foreach (var total in await DayRollup.OwnerTotalsAsync(connection, ownerDays, ct))
            {
                watchTime[(total.OwnerId, total.Day)] = total;
            }

            await step.CommitAsync(ct);
        }

        return [.. watchTime.Values];
    }
}
