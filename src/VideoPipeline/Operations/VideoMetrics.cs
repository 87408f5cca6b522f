using System.Diagnostics.Metrics;
using Marten;
using Marten.Services;
using VideoPipeline.Contracts;

namespace VideoPipeline.Operations;

/// <summary>
/// The service's counters, counted from the events every module appends (so no module is reached into). Exported with
/// the other meters at <c>/metrics</c>.
/// </summary>
public sealed class VideoMetrics : DocumentSessionListenerBase
{
    public const string MeterName = "VideoPipeline";

    private readonly Counter<long> _uploadsRequested;
    private readonly Counter<long> _processed;
    private readonly Counter<long> _failed;

    public VideoMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _uploadsRequested = meter.CreateCounter<long>("uploads_requested", description: "Upload URLs issued.");
        _processed = meter.CreateCounter<long>("videos_processed", description: "Videos that finished processing.");
        _failed = meter.CreateCounter<long>("videos_failed", description: "Videos that failed for good (rejected upload, failed URL ingest, not a video, retries exhausted).");
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
                case ProcessingAttemptFailed { WillRetry: false } or UploadRejected or UrlIngestFailed:
                    _failed.Add(1);
                    break;
            }
        }

        return Task.CompletedTask;
    }
}
