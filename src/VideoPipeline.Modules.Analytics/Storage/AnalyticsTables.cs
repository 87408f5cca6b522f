using System.Globalization;
using Npgsql;

namespace VideoPipeline.Modules.Analytics.Storage;

/// <summary>
/// The module's tables (schema <c>analytics</c>), plain SQL rather than Marten documents: beacons are high-volume,
/// append-only facts, written by COPY and read by aggregates.
/// <list type="bullet">
/// <item><c>beacon_events</c>: every event players sent, partitioned by the UTC day it arrived (one table per day,
/// dropped whole past the retention).</item>
/// <item><c>pending_views</c>: the views that got events since the last rollup (one row per write, appended with the events).</item>
/// <item><c>views</c>: one row per view, recomputed from its events by the rollup.</item>
/// <item><c>video_day_figures</c>: per video and day, what its views add up to (counts, times, the retention counts, a
/// startup-time histogram, time per rendition), changed by the rollup as it recomputes views; a video's report reads a row a day.</item>
/// <item><c>video_daily</c>: per video and day with its owner, the narrow copy of those figures (and the day's unique
/// viewers) that the owner's report reads.</item>
/// <item><c>viewer_salts</c>: the day's random salt of the viewer hash, deleted when the day is over.</item>
/// </list>
/// </summary>
internal static class AnalyticsTables
{
    public const string Schema = "analytics";
    public const string Events = Schema + ".beacon_events";
    public const string PendingViews = Schema + ".pending_views";
    public const string Views = Schema + ".views";
    public const string VideoDayFigures = Schema + ".video_day_figures";
    public const string VideoDaily = Schema + ".video_daily";
    public const string ViewerSalts = Schema + ".viewer_salts";

    // Concurrent nodes creating or dropping the same tables would race in the catalogue; they take turns on this lock.
    private const long DdlLock = 0x616e616c79746963;

    private const string Create = $"""
        create schema if not exists {Schema};
        create table if not exists {Events} (
            day date not null,
            received_at timestamptz not null,
            video_id uuid not null,
            view_id uuid not null,
            seq integer not null,
            kind smallint not null,
            at_ms integer not null,
            position_ms integer,
            value_ms integer,
            detail text,
            coverage bit(100),
            viewer bytea,
            client text
        ) partition by range (day);
        create index if not exists beacon_events_view on {Events} (view_id);
        create table if not exists {PendingViews} (video_id uuid not null, view_id uuid not null);
        create index if not exists pending_views_view on {PendingViews} (view_id);
        create table if not exists {Views} (
            video_id uuid not null,
            view_id uuid not null,
            day date not null,
            started_at timestamptz not null,
            viewer bytea,
            client text,
            startup_ms integer,
            playing_ms bigint not null,
            stalls integer not null,
            stall_ms bigint not null,
            seeks integer not null,
            switches integer not null,
            errors integer not null,
            last_error text,
            furthest_ms integer,
            coverage bit(100),
            renditions jsonb,
            ended boolean not null,
            primary key (video_id, view_id)
        );
        create index if not exists views_video_day_viewer on {Views} (video_id, day, viewer);
        drop index if exists {Schema}.views_video_day;
        create table if not exists {VideoDayFigures} (
            video_id uuid not null,
            day date not null,
            views bigint not null,
            playing_ms bigint not null,
            stall_ms bigint not null,
            stalls bigint not null,
            error_views bigint not null,
            covered_views bigint not null,
            covered_percents bigint not null,
            retention integer[] not null,
            startup integer[] not null,
            rendition_ms jsonb not null,
            primary key (video_id, day)
        );
        create table if not exists {VideoDaily} (
            video_id uuid not null,
            day date not null,
            owner_id text not null,
            views integer not null,
            viewers integer not null,
            watch_seconds double precision not null,
            stall_seconds double precision not null,
            stalls integer not null,
            error_views integer not null,
            primary key (video_id, day)
        );
        create index if not exists video_daily_owner_day on {VideoDaily} (owner_id, day);
        create table if not exists {ViewerSalts} (day date primary key, salt bytea not null);
        """;

    /// <summary>
    /// Creates what is missing; when <c>video_day_figures</c> is new, <paramref name="fillDayFigures"/> fills it from the
    /// stored views in the same transaction, so that no rollup ever sees views its days do not count.
    /// </summary>
    public static async Task CreateAsync(NpgsqlDataSource database, Func<NpgsqlConnection, CancellationToken, Task> fillDayFigures, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, $"select pg_advisory_xact_lock({DdlLock})", ct);
        await using var missing = new NpgsqlCommand($"select to_regclass('{VideoDayFigures}') is null", connection);
        var fill = (bool)(await missing.ExecuteScalarAsync(ct))!;
        await ExecuteAsync(connection, Create, ct);
        if (fill)
        {
            await fillDayFigures(connection, ct);
        }

        await transaction.CommitAsync(ct);
    }

    public static string PartitionOf(DateOnly day) => $"{Events}_{day:yyyyMMdd}";

    /// <summary>The partitions of <paramref name="days"/>, created if missing, inside the caller's transaction.</summary>
    public static Task EnsurePartitionsAsync(NpgsqlConnection connection, IEnumerable<DateOnly> days, CancellationToken ct) =>
        ExecuteAsync(connection, $"select pg_advisory_xact_lock({DdlLock});" + string.Concat(days.Select(day => string.Create(CultureInfo.InvariantCulture,
            $"create table if not exists {PartitionOf(day)} partition of {Events} for values from ('{day:yyyy-MM-dd}') to ('{day.AddDays(1):yyyy-MM-dd}');"))), ct);

    /// <summary>Drops the partitions of days before <paramref name="firstKept"/>, and the viewer salts of days before <paramref name="today"/>.</summary>
    public static async Task<int> DropBeforeAsync(NpgsqlConnection connection, DateOnly firstKept, DateOnly today, CancellationToken ct)
    {
        var old = new List<string>();
        await using (var find = new NpgsqlCommand(
            "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid " +
            $"where i.inhparent = '{Events}'::regclass and c.relname < $1 order by c.relname", connection))
        {
            find.Parameters.Add(new NpgsqlParameter { Value = $"beacon_events_{firstKept:yyyyMMdd}" });
            await using var reader = await find.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                old.Add(reader.GetString(0));
            }
        }

        await ExecuteAsync(connection, $"select pg_advisory_xact_lock({DdlLock});" + string.Concat(old.Select(name => $"drop table if exists {Schema}.{name};")), ct);
        await using var forget = new NpgsqlCommand($"delete from {ViewerSalts} where day < $1", connection);
        forget.Parameters.Add(new NpgsqlParameter { Value = today });
        await forget.ExecuteNonQueryAsync(ct);
        return old.Count;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
