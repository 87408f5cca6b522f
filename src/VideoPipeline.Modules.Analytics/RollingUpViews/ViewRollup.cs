using Npgsql;
using VideoPipeline.Modules.Analytics.Storage;

namespace VideoPipeline.Modules.Analytics.RollingUpViews;

/// <summary>
/// The rollup's SQL. A view is recomputed whole from its stored events (each <c>(view, seq)</c> once, so a beacon
/// sent twice counts once), then each touched video's day from its views, then each touched owner's day.
/// </summary>
internal static class ViewRollup
{
    // Rollups on several nodes, or one that overlaps the next occurrence, take turns: each works off what is pending when it gets the lock.
    private const long RollupLock = 0x726f6c6c7570;

    private static readonly string RecomputeViews = $"""
        with picked as (select distinct view_id from {AnalyticsTables.PendingViews} limit $1),
        gone as (delete from {AnalyticsTables.PendingViews} p using picked where p.view_id = picked.view_id returning p.video_id, p.view_id),
        touched as (select distinct video_id, view_id from gone),
        e as (
            select distinct on (b.video_id, b.view_id, b.seq) b.*
            from {AnalyticsTables.Events} b join touched t on b.view_id = t.view_id and b.video_id = t.video_id
            order by b.video_id, b.view_id, b.seq, b.received_at),
        r as (
            select video_id, view_id, jsonb_object_agg(detail, ms) as renditions
            from (select video_id, view_id, detail, sum(value_ms) as ms from e where kind = {(int)BeaconKind.Played} and detail is not null group by 1, 2, 3) played
            group by 1, 2),
        v as (
            select video_id, view_id, min(day) as day, min(received_at) as started_at,
                (array_agg(viewer) filter (where viewer is not null))[1] as viewer,
                (array_agg(client) filter (where client is not null))[1] as client,
                min(value_ms) filter (where kind = {(int)BeaconKind.FirstFrame}) as startup_ms,
                coalesce(sum(value_ms) filter (where kind = {(int)BeaconKind.Played}), 0) as playing_ms,
                count(*) filter (where kind = {(int)BeaconKind.Stall}) as stalls,
                coalesce(sum(value_ms) filter (where kind = {(int)BeaconKind.Stall}), 0) as stall_ms,
                count(*) filter (where kind = {(int)BeaconKind.Seek}) as seeks,
                count(*) filter (where kind = {(int)BeaconKind.Switch}) as switches,
                count(*) filter (where kind = {(int)BeaconKind.Error}) as errors,
                (array_agg(detail order by seq desc) filter (where kind = {(int)BeaconKind.Error}))[1] as last_error,
                max(position_ms) as furthest_ms,
                bit_or(coverage) as coverage,
                bool_or(kind = {(int)BeaconKind.Ended}) as ended
            from e group by video_id, view_id)
        insert into {AnalyticsTables.Views} as old
            (video_id, view_id, day, started_at, viewer, client, startup_ms, playing_ms, stalls, stall_ms, seeks, switches, errors, last_error,
             furthest_ms, coverage, renditions, ended)
        select v.video_id, v.view_id, v.day, v.started_at, v.viewer, v.client, v.startup_ms, v.playing_ms, v.stalls, v.stall_ms, v.seeks, v.switches,
            v.errors, v.last_error, v.furthest_ms, v.coverage, r.renditions, v.ended
        from v left join r on r.video_id = v.video_id and r.view_id = v.view_id
        on conflict (video_id, view_id) do update set
            day = excluded.day, started_at = excluded.started_at, viewer = excluded.viewer, client = excluded.client,
            startup_ms = excluded.startup_ms, playing_ms = excluded.playing_ms, stalls = excluded.stalls, stall_ms = excluded.stall_ms,
            seeks = excluded.seeks, switches = excluded.switches, errors = excluded.errors, last_error = excluded.last_error,
            furthest_ms = excluded.furthest_ms, coverage = excluded.coverage, renditions = excluded.renditions, ended = excluded.ended
        returning video_id, day
        """;

    private static readonly string RecomputeDays = $"""
        insert into {AnalyticsTables.VideoDaily} as old (video_id, day, owner_id, views, viewers, watch_seconds, stall_seconds, stalls, error_views)
        select v.video_id, v.day, o.owner_id, count(*), count(distinct v.viewer), sum(v.playing_ms) / 1000.0, sum(v.stall_ms) / 1000.0,
            sum(v.stalls), count(*) filter (where v.errors > 0)
        from unnest($1::uuid[], $2::date[], $3::text[]) as o(video_id, day, owner_id)
        join {AnalyticsTables.Views} v on v.video_id = o.video_id and v.day = o.day
        group by v.video_id, v.day, o.owner_id
        on conflict (video_id, day) do update set
            owner_id = excluded.owner_id, views = excluded.views, viewers = excluded.viewers, watch_seconds = excluded.watch_seconds,
            stall_seconds = excluded.stall_seconds, stalls = excluded.stalls, error_views = excluded.error_views
        """;

    private static readonly string OwnerDays = $"""
        select o.owner_id, o.day, coalesce(sum(d.watch_seconds), 0)
        from (select distinct owner_id, day from unnest($1::text[], $2::date[]) as t(owner_id, day)) o
        left join {AnalyticsTables.VideoDaily} d on d.owner_id = o.owner_id and d.day = o.day
        group by o.owner_id, o.day
        """;

    public static async Task LockAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select pg_advisory_xact_lock({RollupLock})", connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Recomputes up to <paramref name="limit"/> pending views; the videos and days they count on.</summary>
    public static async Task<IReadOnlyList<(Guid VideoId, DateOnly Day)>> ViewsAsync(NpgsqlConnection connection, int limit, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(RecomputeViews, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var touched = new HashSet<(Guid, DateOnly)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            touched.Add((reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1)));
        }

        return [.. touched];
    }

    /// <summary>Recomputes each video's day from its views; the day's watch time of each owner touched.</summary>
    public static async Task<IReadOnlyList<WatchedTimeRolledUp>> DaysAsync(
        NpgsqlConnection connection, IReadOnlyList<(Guid VideoId, DateOnly Day, string OwnerId)> days, CancellationToken ct)
    {
        await using (var recompute = new NpgsqlCommand(RecomputeDays, connection))
        {
            recompute.Parameters.Add(new NpgsqlParameter { Value = days.Select(d => d.VideoId).ToArray() });
            recompute.Parameters.Add(new NpgsqlParameter { Value = days.Select(d => d.Day).ToArray() });
            recompute.Parameters.Add(new NpgsqlParameter { Value = days.Select(d => d.OwnerId).ToArray() });
            await recompute.ExecuteNonQueryAsync(ct);
        }

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
}
