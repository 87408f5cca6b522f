using System.Diagnostics.Metrics;
using JasperFx.Events;
using Marten;
using Marten.Services;
using Npgsql;
using VideoPipeline.Contracts;

namespace VideoPipeline.Operations;

/// <summary>
/// The service's counters, counted from the events every module appends (so no module is reached into), and gauges of
/// the durable queue read from Wolverine's tables. Exported with the other meters at <c>/metrics</c>.
/// </summary>
public sealed class VideoMetrics : DocumentSessionListenerBase
{
    public const string MeterName = "VideoPipeline";

    private readonly Counter<long> _uploadsRequested;
    private readonly Counter<long> _processed;
    private readonly Counter<long> _failed;

    public VideoMetrics(IMeterFactory meters, NpgsqlDataSource database)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _uploadsRequested = meter.CreateCounter<long>("uploads_requested", description: "Upload URLs issued.");
        _processed = meter.CreateCounter<long>("videos_processed", description: "Videos that finished processing.");
        _failed = meter.CreateCounter<long>("videos_failed", description: "Videos that failed for good (rejected upload, not a video, retries exhausted).");
        meter.CreateObservableGauge("transcode_queue_depth", () => Count(database,
            "select count(*) from videos.wolverine_incoming_envelopes where message_type like '%TranscodeVideo%' and status <> 'Handled'"),
            description: "Transcodes waiting or running.");
        meter.CreateObservableGauge("dead_letters", () => Count(database,
            "select count(*) from videos.wolverine_dead_letters where archived_at is null"),
            description: "Messages in Wolverine's dead-letter store.");
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(commit);
        foreach (var @event in commit.GetEvents())
        {
            switch (@event.Data)
            {
                case UploadRequested:
                    _uploadsRequested.Add(1);
                    break;
                case ProcessingCompleted:
                    _processed.Add(1);
                    break;
                case ProcessingAttemptFailed { WillRetry: false } or UploadRejected:
                    _failed.Add(1);
                    break;
            }
        }

        return Task.CompletedTask;
    }

    private static long Count(NpgsqlDataSource database, string sql)
    {
        try
        {
            using var command = database.CreateCommand(sql);
            command.CommandTimeout = 5;
            return (long)command.ExecuteScalar()!;
        }
        catch (NpgsqlException)
        {
            // The database is down: readiness says so; the gauge shows nothing rather than a wrong zero.
            return -1;
        }
    }
}
