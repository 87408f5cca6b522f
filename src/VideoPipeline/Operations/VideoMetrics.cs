using System.Diagnostics.Metrics;
using Marten;
using Marten.Services;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Observability;
using VideoPipeline.Contracts;

namespace VideoPipeline.Operations;

/// <summary>
/// The service's counters, counted from the events every module appends (so no module is reached into). Exported with
/// the other meters at <c>/metrics</c>. Each node counts what it committed, labelled with its <c>node</c> name, so the
/// sum over the nodes is the cluster's count.
/// </summary>
public sealed class VideoMetrics : DocumentSessionListenerBase
{
    private readonly Counter<long> _uploadsRequested;
    private readonly Counter<long> _processed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _queueChecks;
    private readonly KeyValuePair<string, object?> _node;

    public VideoMetrics(IMeterFactory meters, NodeIdentity node)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(node);
        _node = new KeyValuePair<string, object?>("node", node.Name);
        var meter = meters.Create(ServiceMeter.Name);
        _uploadsRequested = meter.CreateCounter<long>("uploads_requested", description: "Upload URLs issued.");
        _processed = meter.CreateCounter<long>("videos_processed", description: "Videos that finished processing.");
        _failed = meter.CreateCounter<long>("videos_failed", description: "Videos that failed for good (rejected upload, failed URL ingest, not a video, retries exhausted).");
        _queueChecks = meter.CreateCounter<long>("queue_checks", description: "Looks at the queue this node took (the recurring check runs once per occurrence in the cluster).");
    }

    public void QueueChecked() => _queueChecks.Add(1, _node);

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(commit);
        foreach (var @event in commit.GetEvents())
        {
            switch (@event.Data)
            {
                case UploadRequested:
                    _uploadsRequested.Add(1, _node);
                    break;
                case ProcessingCompleted:
                    _processed.Add(1, _node);
                    break;
                case ProcessingAttemptFailed { WillRetry: false } or UploadRejected or UrlIngestFailed:
                    _failed.Add(1, _node);
                    break;
            }
        }

        return Task.CompletedTask;
    }
}
