using System.Collections;
using Npgsql;
using VideoPipeline.Modules.Analytics.Storage;

namespace VideoPipeline.Modules.Analytics.RollingUpViews;

/// <summary>
/// The rollup's SQL for views. A pending view is recomputed whole from its stored events (each <c>(view, seq)</c> once,
/// so a beacon sent twice counts once), and the figures it counted before are read in the same statement, so that
/// its video's day can take the old figures out and put the new ones in (a view none of whose events are left, past
/// the retention, is left as it was).
/// </summary>
internal static class ViewRollup
{
    // Rollups on several nodes, or one that overlaps the next occurrence, take turns: each works off what is pending when it gets the lock.
    private const long RollupLock = 0x726f6c6c7570;

    private const string Figures = "video_id, day, startup_ms, playing_ms, stalls, stall_ms, errors, coverage, renditions";

    private static readonly string Pick = $"""
        with picked as (select distinct view_id from {AnalyticsTables.PendingViews} limit $1)
        delete from {AnalyticsTables.PendingViews} p using picked where p.view_id = picked.view_id returning p.video_id, p.view_id
        """;

    private static readonly string Recompute = $"""
        with touched as (select distinct video_id, view_id from unnest($1::uuid[], $2::uuid[]) as t(video_id, view_id)),
        before as (select o.* from {AnalyticsTables.Views} o join touched t on o.video_id = t.video_id and o.view_id = t.view_id),
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
            from e group by video_id, view_id),
        after as (
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
            returning {Figures})
        select false, {Figures} from before where exists (select from v where v.video_id = before.video_id and v.view_id = before.view_id)
        union all
        select true, {Figures} from after
        """;

    public static async Task LockAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select pg_advisory_xact_lock({RollupLock})", connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Takes up to <paramref name="limit"/> pending views off the list (for good when the transaction commits).</summary>
    public static async Task<IReadOnlyList<(Guid VideoId, Guid ViewId)>> PickAsync(NpgsqlConnection connection, int limit, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(Pick, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var picked = new HashSet<(Guid, Guid)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            picked.Add((reader.GetGuid(0), reader.GetGuid(1)));
        }

        return [.. picked];
    }

    /// <summary>Recomputes <paramref name="views"/> from their events: what each counted before (if it was stored) and what it counts now.</summary>
    public static async Task<(IReadOnlyList<ViewFigures> Before, IReadOnlyList<ViewFigures> After)> RecomputeAsync(
        NpgsqlConnection connection, IReadOnlyList<(Guid VideoId, Guid ViewId)> views, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(Recompute, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = views.Select(v => v.VideoId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = views.Select(v => v.ViewId).ToArray() });
        var before = new List<ViewFigures>();
        var after = new List<ViewFigures>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            (reader.GetBoolean(0) ? after : before).Add(Read(reader, 1));
        }

        return (before, after);
    }

    /// <summary>
    /// Counts every stored view into its video's day, for figures that start empty while views are already stored
    /// (the first start of a version that keeps them), in the caller's transaction, taking the rollup's turn.
    /// </summary>
    public static async Task<IReadOnlyList<(Guid VideoId, DateOnly Day, DayFigures Figures)>> CountAllAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await LockAsync(connection, ct);
        var days = new Dictionary<(Guid, DateOnly), DayFigures>();
        await using var command = new NpgsqlCommand($"select {Figures} from {AnalyticsTables.Views}", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var view = Read(reader, 0);
            if (!days.TryGetValue((view.VideoId, view.Day), out var day))
            {
                days[(view.VideoId, view.Day)] = day = new DayFigures();
            }

            day.Add(view, 1);
        }

        return [.. days.Select(d => (d.Key.Item1, d.Key.Item2, d.Value))];
    }

    /// <summary>A view's figures in the order of <see cref="Figures"/>, from the reader's column <paramref name="first"/> on.</summary>
    private static ViewFigures Read(NpgsqlDataReader reader, int first) =>
        new(
            reader.GetGuid(first),
            reader.GetFieldValue<DateOnly>(first + 1),
            reader.IsDBNull(first + 2) ? null : reader.GetInt32(first + 2),
            reader.GetInt64(first + 3),
            reader.GetInt32(first + 4),
            reader.GetInt64(first + 5),
            reader.GetInt32(first + 6) > 0,
            reader.IsDBNull(first + 7) ? null : reader.GetFieldValue<BitArray>(first + 7),
            reader.IsDBNull(first + 8) ? new Dictionary<string, long>() : StoredDayFigures.RenditionMs(reader.GetString(first + 8)));
}
