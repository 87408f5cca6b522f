using Npgsql;
using VideoPipeline.Contracts;

namespace VideoPipeline.BuildingBlocks.Quotas;

/// <summary>Reads an owner's quotas as committed: a snapshot for display and for sizing a request, never a decision (holds decide).</summary>
public static class QuotaReader
{
    public static async Task<QuotaStanding> StandingAsync(NpgsqlDataSource database, string ownerId, QuotaOptions limits, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(limits);
        var used = new Dictionary<string, long>(StringComparer.Ordinal);
        var overrides = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var command = database.CreateCommand(
            $"select quota, period, used, 'used' from {QuotaSchema.UsedSql} used where owner_id = $1 " +
            $"union all select quota, '', value, 'limit' from {QuotaSchema.OwnerLimits} where owner_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = ownerId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (quota, period, value, kind) = (reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3));
            if (kind == "limit")
            {
                overrides[quota] = value;
            }
            else if (period == QuotaLedger.PeriodOf(quota, now))
            {
                used[quota] = value;
            }
        }

        return new QuotaStanding(ownerId, [.. QuotaNames.All.Select(name =>
        {
            var limit = overrides.TryGetValue(name, out var set) ? set : limits.DefaultOf(name);
            var inUse = used.GetValueOrDefault(name);
            return new QuotaUse(name, limit, inUse, AtLimit: inUse >= limit, Exceeded: inUse > limit);
        })]);
    }

    /// <summary>An admin's override of one of the owner's limits (<c>limits</c> of <c>/admin/owners</c>), or null: the configured default holds.</summary>
    public static async Task<long?> OverrideAsync(NpgsqlDataSource database, string ownerId, string limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var command = database.CreateCommand($"select value from {QuotaSchema.OwnerLimits} where owner_id = $1 and quota = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = ownerId });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        return await command.ExecuteScalarAsync(ct) is long value ? value : null;
    }

    /// <summary>What is left of <paramref name="quota"/> now (never below zero).</summary>
    public static async Task<long> RemainingAsync(NpgsqlDataSource database, string ownerId, string quota, QuotaOptions limits, DateTimeOffset now, CancellationToken ct)
    {
        var use = (await StandingAsync(database, ownerId, limits, now, ct)).Quotas.Single(q => q.Name == quota);
        return Math.Max(0, use.Limit - use.Used);
    }
}

public static class QuotaShortfalls
{
    /// <summary>
    /// The first of <paramref name="holds"/> (new holds, nothing held before) that <paramref name="standing"/> has no room
    /// for: a look before anything is started, so a request that is plainly over a quota starts nothing; the hold decides.
    /// </summary>
    public static QuotaExceeded? FirstOf(QuotaStanding standing, params QuotaHold[] holds)
    {
        ArgumentNullException.ThrowIfNull(standing);
        return holds.OrderBy(h => h.Quota, StringComparer.Ordinal)
            .Select(h => (Hold: h, Use: standing.Quotas.Single(q => q.Name == h.Quota)))
            .Where(x => x.Use.Used + x.Hold.Amount > x.Use.Limit)
            .Select(x => new QuotaExceeded(x.Hold.Quota, x.Use.Limit, x.Use.Used, x.Hold.Amount))
            .FirstOrDefault();
    }
}
