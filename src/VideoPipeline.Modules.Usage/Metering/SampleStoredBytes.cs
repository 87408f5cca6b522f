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

        // Three statements, not one: a statement that updates the sample row cannot also read it locked (it would skip it).
        DateTimeOffset previous;
        await using (var last = new NpgsqlCommand($"select sampled_at from {UsageSchema.Samples} where id = 1 for update", connection, transaction))
        {
            previous = new DateTimeOffset((DateTime)(await last.ExecuteScalarAsync(ct))!);
        }

        var hours = (now - previous).TotalHours;
        if (hours > 0)
        {
            await using var add = new NpgsqlCommand(
                $"insert into {UsageSchema.Daily} as d (owner_id, day, metric, amount) " +
                $"select owner_id, $1, '{Metrics.StoredByteHours}', used * $2 from {QuotaSchema.UsedSql} used where quota = '{QuotaNames.StoredBytes}' and used > 0 " +
                "on conflict (owner_id, day, metric) do update set amount = d.amount + excluded.amount", connection, transaction);
            add.Parameters.Add(new NpgsqlParameter { Value = DateOnly.FromDateTime(now.UtcDateTime) });
            add.Parameters.Add(new NpgsqlParameter { Value = hours });
            await add.ExecuteNonQueryAsync(ct);

            await using var record = new NpgsqlCommand($"update {UsageSchema.Samples} set sampled_at = $1 where id = 1", connection, transaction);
            record.Parameters.Add(new NpgsqlParameter { Value = now });
            await record.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }
}
