using System.Diagnostics.Metrics;
using Marten.Services;
using VideoPipeline.BuildingBlocks.Observability;

namespace VideoPipeline.Modules.Usage;

/// <summary>
/// Usage as Prometheus counters, every owner together (an owner label would grow with the customers): bytes uploaded and
/// source seconds held for encoding, counted from the committed events.
/// </summary>
public sealed class UsageMetrics : DocumentSessionListenerBase
{
    private readonly Counter<long> _uploadedBytes;
    private readonly Counter<double> _inspectedSeconds;

    public UsageMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(ServiceMeter.Name);
        _uploadedBytes = meter.CreateCounter<long>("usage_uploaded_bytes", description: "Bytes of uploads that landed (every owner together).");
        _inspectedSeconds = meter.CreateCounter<double>("usage_source_seconds", description: "Seconds of source video inspected for encoding (every owner together).");
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(commit);
        foreach (var @event in commit.GetEvents())
        {
            switch (@event.Data)
            {
                case UploadCompleted landed:
                    _uploadedBytes.Add(landed.SizeBytes);
                    break;
                case SourceInspected inspected:
                    _inspectedSeconds.Add(inspected.DurationSeconds);
                    break;
            }
        }

        return Task.CompletedTask;
    }
}
