using Npgsql;
using VideoPipeline.BuildingBlocks.Quotas;

namespace VideoPipeline.Modules.Usage.Metering;

/// <summary>A look at what every owner stores: sent on the cluster's recurring schedule (<see cref="UsageOptions.SampleSchedule"/>), handled once per occurrence.</summary>
public sealed record SampleStoredBytes;

/// <summary>
/// Stored byte-hours: what each owner stores now (its <c>storedBytes</c> counter) times the hours since the previous
/// sample, added to the owner's day. The previous sample's time is taken under its row's lock, so two samples that meet
/// (a late occurrence, a second node) split the hours between them and never count them twice.
/// </summary>
public static class SampleStoredBytesHandler
{
    public const string ScheduleName = "usage-stored-bytes";

    public static async Task Handle(SampleStoredBytes _, NpgsqlDataSource database, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var seed = new NpgsqlCommand($"insert into {UsageSchema.Samples} (id, sampled_at) values (1, $1) on conflict (id) do nothing", connection, transaction))
        {
            seed.Parameters.Add(new NpgsqlParameter { Value = now });
            await seed.ExecuteNonQueryAsync(ct);
        }

        await using var sample = new NpgsqlCommand(
            $"""
            with previous as (select sampled_at from {UsageSchema.Samples} where id = 1 for update),
            hours as (select greatest(extract(epoch from ($1 - previous.sampled_at)) / 3600, 0) as h from previous),
            added as (
              insert into {UsageSchema.Daily} as d (owner_id, day, metric, amount)
              select c.owner_id, ($1 at time zone 'utc')::date, '{Metrics.StoredByteHours}', c.used * hours.h
              from {QuotaSchema.Counters} c, hours where c.quota = '{QuotaNames.StoredBytes}' and c.used > 0 and hours.h > 0
              on conflict (owner_id, day, metric) do update set amount = d.amount + excluded.amount)
            update {UsageSchema.Samples} set sampled_at = greatest(sampled_at, $1) where id = 1
            """, connection, transaction);
        sample.Parameters.Add(new NpgsqlParameter { Value = now });
        await sample.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
