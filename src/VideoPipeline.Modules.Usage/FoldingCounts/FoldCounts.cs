using Npgsql;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.Modules.Usage.Metering;

namespace VideoPipeline.Modules.Usage.FoldingCounts;

/// <summary>
/// Fold what was given back to the quotas into their counters, and the usage added per event into the owners' days:
/// sent on the cluster's recurring schedule (<see cref="UsageOptions.FoldSchedule"/>), handled once per occurrence.
/// </summary>
public sealed record FoldCounts;

/// <summary>
/// Settled and released holdings only add rows to <c>quotas.adjustments</c>, and the usage of an event (an upload's
/// bytes, a rendered image) only to <c>usage.additions</c>: the hot paths take no lock on an owner's counter or day. Rows
/// gathered without end would make every look at the quotas and the usage add them all up, so they are folded in here:
/// each counter's adjustments in a transaction of its own (<c>quotas.fold</c>, locking the counter only for that moment;
/// a fold that meets another, or a hold that folds, counts each adjustment once), the additions in one statement that
/// moves them into <c>usage.daily</c>.
/// </summary>
public static class FoldCountsHandler
{
    public const string ScheduleName = "fold-counts";

    /// <summary>The most quota counters one occurrence folds; the next takes the rest.</summary>
    public const int CountersPerFold = 1000;

    public static async Task Handle(FoldCounts _, NpgsqlDataSource database, CancellationToken ct)
    {
        var counters = new List<(string Owner, string Quota, string Period)>();
        await using (var pending = database.CreateCommand($"select distinct owner_id, quota, period from {QuotaSchema.Adjustments} limit {CountersPerFold}"))
        await using (var reader = await pending.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                counters.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        foreach (var (owner, quota, period) in counters)
        {
            await using var fold = database.CreateCommand($"select {QuotaSchema.Name}.fold($1, $2, $3)");
            fold.Parameters.Add(new NpgsqlParameter { Value = owner });
            fold.Parameters.Add(new NpgsqlParameter { Value = quota });
            fold.Parameters.Add(new NpgsqlParameter { Value = period });
            await fold.ExecuteNonQueryAsync(ct);
        }

        await using var usage = database.CreateCommand(Metrics.FoldAdditionsSql);
        await usage.ExecuteNonQueryAsync(ct);
    }
}
