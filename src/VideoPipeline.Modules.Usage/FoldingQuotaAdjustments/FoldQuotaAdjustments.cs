using Npgsql;
using VideoPipeline.BuildingBlocks.Quotas;

namespace VideoPipeline.Modules.Usage.FoldingQuotaAdjustments;

/// <summary>
/// Fold what was given back to the quotas into their counters: sent on the cluster's recurring schedule
/// (<see cref="UsageOptions.FoldSchedule"/>), handled once per occurrence.
/// </summary>
public sealed record FoldQuotaAdjustments;

/// <summary>
/// Settled and released holdings only add rows to <c>quotas.adjustments</c> (no counter lock on the hot path); an owner
/// that holds nothing new would gather them without end, and every look at its quotas would add them all up. Each
/// counter's adjustments are folded into it in a transaction of its own (<c>quotas.fold</c>), so the counter row is locked
/// only for that moment; a fold that meets another, or a hold that folds, counts each adjustment once.
/// </summary>
public static class FoldQuotaAdjustmentsHandler
{
    public const string ScheduleName = "quota-fold";

    /// <summary>The most counters one occurrence folds; the next takes the rest.</summary>
    public const int CountersPerFold = 1000;

    public static async Task Handle(FoldQuotaAdjustments _, NpgsqlDataSource database, CancellationToken ct)
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
    }
}
