using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace VideoPipeline.Modules.Analytics.Storage;

/// <summary>
/// Writes beacons in batches: each request hands its events over and waits until they are committed, while one loop
/// per node takes whatever has gathered since its last write and stores it with one binary COPY (plus the views it
/// touched, for the rollup) in one transaction. Under load the batches grow instead of the round trips multiplying, and
/// a beacon is answered only once it is stored, so an accepted beacon is never lost.
/// </summary>
public sealed class BeaconWriter(NpgsqlDataSource database, IOptions<AnalyticsOptions> options, ILogger<BeaconWriter> log) : BackgroundService
{
    private const string Columns = "day, received_at, video_id, view_id, seq, kind, at_ms, position_ms, value_ms, detail, coverage, viewer, client";

    private readonly Channel<Write> _waiting = Channel.CreateBounded<Write>(
        new BoundedChannelOptions(options.Value.MaxWaitingBeacons) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly HashSet<DateOnly> _partitions = [];

    /// <summary>Queues <paramref name="events"/>; false when too many beacons already wait (the database is behind or away).</summary>
    public bool TryWrite(IReadOnlyList<StoredEvent> events, out Task stored)
    {
        var write = new Write(events, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        stored = write.Stored.Task;
        return _waiting.Writer.TryWrite(write);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _waiting.Reader.WaitToReadAsync(stoppingToken))
            {
                var batch = new List<Write>();
                var count = 0;
                while (count < options.Value.MaxEventsPerWrite && _waiting.Reader.TryRead(out var write))
                {
                    batch.Add(write);
                    count += write.Events.Count;
                }

                await StoreAsync(batch, stoppingToken);
            }
        }
        finally
        {
            _waiting.Writer.TryComplete();
            while (_waiting.Reader.TryRead(out var left))
            {
                left.Stored.TrySetCanceled(stoppingToken);
            }
        }
    }

    private async Task StoreAsync(List<Write> batch, CancellationToken ct)
    {
        try
        {
            var events = batch.SelectMany(w => w.Events).ToList();
            try
            {
                await CopyAsync(events, ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation)
            {
                // No partition for a day this node thought had one (the retention dropped it, a clock moved): make them again.
                _partitions.Clear();
                await CopyAsync(events, ct);
            }

            batch.ForEach(w => w.Stored.TrySetResult());
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            batch.ForEach(w => w.Stored.TrySetCanceled(ct));
            throw;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or IOException)
        {
            // Each waiting request answers for itself (503 while the database is away); the loop goes on with the next batch.
            log.LogWarning(e, "Storing {Beacons} beacons failed", batch.Count);
            batch.ForEach(w => w.Stored.TrySetException(e));
        }
    }

    private async Task CopyAsync(List<StoredEvent> events, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var newDays = events.Select(e => e.Day).Distinct().Where(day => !_partitions.Contains(day)).ToList();
        if (newDays.Count > 0)
        {
            await AnalyticsTables.EnsurePartitionsAsync(connection, newDays, ct);
        }

        await using (var copy = await connection.BeginBinaryImportAsync($"copy {AnalyticsTables.Events} ({Columns}) from stdin (format binary)", ct))
        {
            foreach (var e in events)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(e.Day, NpgsqlDbType.Date, ct);
                await copy.WriteAsync(e.ReceivedAt, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(e.VideoId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(e.ViewId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(e.Seq, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync((short)e.Kind, NpgsqlDbType.Smallint, ct);
                await copy.WriteAsync(e.AtMs, NpgsqlDbType.Integer, ct);
                await WriteOrNullAsync(copy, e.PositionMs, NpgsqlDbType.Integer, ct);
                await WriteOrNullAsync(copy, e.ValueMs, NpgsqlDbType.Integer, ct);
                await WriteOrNullAsync(copy, e.Detail, NpgsqlDbType.Text, ct);
                await WriteOrNullAsync(copy, e.Coverage, NpgsqlDbType.Bit, ct);
                await WriteOrNullAsync(copy, e.Viewer, NpgsqlDbType.Bytea, ct);
                await WriteOrNullAsync(copy, e.Client, NpgsqlDbType.Text, ct);
            }

            await copy.CompleteAsync(ct);
        }

        var views = events.Select(e => (e.VideoId, e.ViewId)).Distinct().ToList();
        await using (var pending = new NpgsqlCommand($"insert into {AnalyticsTables.PendingViews} (video_id, view_id) select * from unnest($1, $2)", connection))
        {
            pending.Parameters.Add(new NpgsqlParameter { Value = views.Select(v => v.VideoId).ToArray() });
            pending.Parameters.Add(new NpgsqlParameter { Value = views.Select(v => v.ViewId).ToArray() });
            await pending.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        newDays.ForEach(day => _partitions.Add(day));
    }

    private static async Task WriteOrNullAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null)
        {
            await copy.WriteNullAsync(ct);
        }
        else
        {
            await copy.WriteAsync(value, type, ct);
        }
    }

    private sealed record Write(IReadOnlyList<StoredEvent> Events, TaskCompletionSource Stored);
}
