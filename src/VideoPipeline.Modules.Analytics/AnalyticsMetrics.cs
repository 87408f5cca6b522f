using System.Diagnostics.Metrics;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Observability;
using VideoPipeline.Modules.Analytics.Storage;

namespace VideoPipeline.Modules.Analytics;

/// <summary>
/// Viewers' quality of experience across all videos, on the service's shared meter (<c>/metrics</c>): views started,
/// startup time, stall time. Counted from the beacons this node stored, labelled with the node only (never a video:
/// that is what <c>GET /videos/{id}/analytics</c> is for).
/// </summary>
public sealed class AnalyticsMetrics
{
    private static readonly double[] StartupBuckets = [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 8, 13, 20];

    private readonly Counter<long> _views;
    private readonly Histogram<double> _startup;
    private readonly Counter<double> _stalls;
    private readonly Counter<long> _events;
    private readonly KeyValuePair<string, object?> _node;

    public AnalyticsMetrics(IMeterFactory meters, NodeIdentity node)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(node);
        _node = new KeyValuePair<string, object?>("node", node.Name);
        var meter = meters.Create(ServiceMeter.Name);
        _views = meter.CreateCounter<long>("player_views", description: "Views players reported starting.");
        _startup = meter.CreateHistogram("player_startup_duration", unit: "s", description: "Time from a view's start to its first frame.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StartupBuckets });
        _stalls = meter.CreateCounter<double>("player_stall_duration", unit: "s", description: "Time players spent stalled, waiting for data.");
        _events = meter.CreateCounter<long>("player_beacon_events", description: "Beacon events stored.");
    }

    public void Stored(IReadOnlyList<StoredEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        _events.Add(events.Count, _node);
        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case BeaconKind.View:
                    _views.Add(1, _node);
                    break;
                case BeaconKind.FirstFrame:
                    _startup.Record(e.ValueMs!.Value / 1000.0, _node);
                    break;
                case BeaconKind.Stall:
                    _stalls.Add(e.ValueMs!.Value / 1000.0, _node);
                    break;
            }
        }
    }
}
