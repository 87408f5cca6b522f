using Npgsql;
using NpgsqlTypes;
using VideoPipeline.Modules.Analytics.Storage;

namespace VideoPipeline.Modules.Analytics.RollingUpViews;

/// <summary>
/// The rollup's SQL for days: each changed video's day is read, changed (<see cref="DayChanges"/>) and written back in
/// the transaction that recomputed its views (rollups take turns, so nothing else writes it meanwhile), with its
/// narrow copy for the owner's report, then each touched owner's day is totalled.
/// </summary>
internal static class DayRollup
{
    private static readonly string Load = $"""
        select f.video_id, f.day, {StoredDayFigures.Columns}
        from {AnalyticsTables.VideoDayFigures} f join unnest($1::uuid[], $2::date[]) as k(video_id, day) on f.video_id = k.video_id and f.day = k.day
        """;

    private static readonly string SaveFigures = $"""
        insert into {AnalyticsTables.VideoDayFigures} as old (video_id, day, {StoredDayFigures.Columns})
        select k.video_id, k.day, k.views, k.playing_ms, k.stall_ms, k.stalls, k.error_views, k.covered_views, k.covered_percents,
            ($11::integer[])[((k.n::integer - 1) * {DayFigures.Percents} + 1):(k.n::integer * {DayFigures.Percents})],
            ($12::integer[])[((k.n::integer - 1) * {StartupHistogram.Buckets} + 1):(k.n::integer * {StartupHistogram.Buckets})],
            k.rendition_ms
        from unnest($1::uuid[], $2::date[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::jsonb[])
            with ordinality as k(video_id, day, views, playing_ms, stall_ms, stalls, error_views, covered_views, covered_percents, rendition_ms, n)
        on conflict (video_id, day) do update set
            views = excluded.views, playing_ms = excluded.playing_ms, stall_ms = excluded.stall_ms, stalls = excluded.stalls,
            error_views = excluded.error_views, covered_views = excluded.covered_views, covered_percents = excluded.covered_percents,
            retention = excluded.retention, startup = excluded.startup, rendition_ms = excluded.rendition_ms
        """;

    // Unique viewers are the one figure that does not add up: counted again from the day's views (an index range).
    private static readonly string SaveDaily = $"""
        insert into {AnalyticsTables.VideoDaily} as old (video_id, day, owner_id, views, viewers, watch_seconds, stall_seconds, stalls, error_views)
        select k.video_id, k.day, k.owner_id, k.views,
            (select count(distinct v.viewer) from {AnalyticsTables.Views} v where v.video_id = k.video_id and v.day = k.day),
            k.playing_ms / 1000.0, k.stall_ms / 1000.0, k.stalls, k.error_views
        from unnest($1::uuid[], $2::date[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[])
            as k(video_id, day, owner_id, views, playing_ms, stall_ms, stalls, error_views)
        on conflict (video_id, day) do update set
            owner_id = excluded.owner_id, views = excluded.views, viewers = excluded.viewers, watch_seconds = excluded.watch_seconds,
            stall_seconds = excluded.stall_seconds, stalls = excluded.stalls, error_views = excluded.error_views
        """;

    private static readonly string[] Forget =
    [
        $"delete from {AnalyticsTables.VideoDayFigures} f using unnest($1::uuid[], $2::date[]) as k(video_id, day) where f.video_id = k.video_id and f.day = k.day",
        $"delete from {AnalyticsTables.VideoDaily} d using unnest($1::uuid[], $2::date[]) as k(video_id, day) where d.video_id = k.video_id and d.day = k.day",
    ];

    private static readonly string OwnerDays = $"""
        select o.owner_id, o.day, coalesce(sum(d.watch_seconds), 0)
        from (select distinct owner_id, day from unnest($1::text[], $2::date[]) as t(owner_id, day)) o
        left join {AnalyticsTables.VideoDaily} d on d.owner_id = o.owner_id and d.day = o.day
        group by o.owner_id, o.day
        """;

    /// <summary>The stored figures of those of <paramref name="days"/> that have some.</summary>
    public static async Task<IReadOnlyDictionary<(Guid VideoId, DateOnly Day), DayFigures>> LoadAsync(
        NpgsqlConnection connection, IEnumerable<(Guid VideoId, DateOnly Day)> days, CancellationToken ct)
    {
        var keys = days.ToList();
        await using var command = new NpgsqlCommand(Load, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(k => k.VideoId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(k => k.Day).ToArray() });
        var stored = new Dictionary<(Guid, DateOnly), DayFigures>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            stored[(reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1))] = StoredDayFigures.Read(reader, 2);
        }

        return stored;
    }

    /// <summary>
    /// Writes each day's figures, and its owner's copy when <paramref name="owners"/> knows the video; a day left
    /// without views is deleted.
    /// </summary>
    public static async Task SaveAsync(
        NpgsqlConnection connection, IReadOnlyList<(Guid VideoId, DateOnly Day, DayFigures Figures)> days, IReadOnlyDictionary<Guid, string> owners,
        CancellationToken ct)
    {
        var kept = days.Where(d => !d.Figures.IsEmpty).ToList();
        var owned = kept.Where(d => owners.ContainsKey(d.VideoId)).ToList();
        var gone = days.Where(d => d.Figures.IsEmpty).ToList();
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(SaveFigures,
            kept.Select(d => d.VideoId).ToArray(), kept.Select(d => d.Day).ToArray(), Each(kept, f => f.Views), Each(kept, f => f.PlayingMs),
            Each(kept, f => f.StallMs), Each(kept, f => f.Stalls), Each(kept, f => f.ErrorViews), Each(kept, f => f.CoveredViews), Each(kept, f => f.CoveredPercents),
            new NpgsqlParameter { Value = kept.Select(d => StoredDayFigures.RenditionMs(d.Figures.RenditionMs)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
            kept.SelectMany(d => d.Figures.Retention.Select(c => checked((int)c))).ToArray(),
            kept.SelectMany(d => d.Figures.Startup.Select(c => checked((int)c))).ToArray()));
        batch.BatchCommands.Add(Command(SaveDaily,
            owned.Select(d => d.VideoId).ToArray(), owned.Select(d => d.Day).ToArray(), owned.Select(d => owners[d.VideoId]).ToArray(), Each(owned, f => f.Views),
            Each(owned, f => f.PlayingMs), Each(owned, f => f.StallMs), Each(owned, f => f.Stalls), Each(owned, f => f.ErrorViews)));
        foreach (var forget in Forget)
        {
            batch.BatchCommands.Add(Command(forget, gone.Select(d => d.VideoId).ToArray(), gone.Select(d => d.Day).ToArray()));
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The day's watch time of each owner of <paramref name="days"/>.</summary>
    public static async Task<IReadOnlyList<WatchedTimeRolledUp>> OwnerTotalsAsync(
        NpgsqlConnection connection, IReadOnlyList<(string OwnerId, DateOnly Day)> days, CancellationToken ct)
    {
        await using var owners = new NpgsqlCommand(OwnerDays, connection);
        owners.Parameters.Add(new NpgsqlParameter { Value = days.Select(d => d.OwnerId).ToArray() });
        owners.Parameters.Add(new NpgsqlParameter { Value = days.Select(d => d.Day).ToArray() });
        var totals = new List<WatchedTimeRolledUp>();
        await using var reader = await owners.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            totals.Add(new WatchedTimeRolledUp(reader.GetString(0), reader.GetFieldValue<DateOnly>(1), (long)Math.Round(reader.GetDouble(2))));
        }

        return totals;
    }

    private static long[] Each(IEnumerable<(Guid VideoId, DateOnly Day, DayFigures Figures)> days, Func<DayFigures, long> figure) =>
        days.Select(d => figure(d.Figures)).ToArray();

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(values.Select(value => value as NpgsqlParameter ?? new NpgsqlParameter { Value = value }).ToArray());
        return command;
    }
}
