using System.Diagnostics.Metrics;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Observability;

namespace VideoPipeline.Modules.Processing;

/// <summary>How long transcodes take, on the service's shared meter (exported at <c>/metrics</c> as <c>transcode_duration_seconds</c>, labelled with the node).</summary>
public sealed class ProcessingMetrics(IMeterFactory meters, NodeIdentity node)
{
    private readonly Histogram<double> _duration = meters.Create(ServiceMeter.Name).CreateHistogram<double>(
        "transcode_duration", unit: "s", description: "Wall time of a transcode attempt that finished the video.");

    public void TranscodeFinished(TimeSpan elapsed) => _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("node", node.Name));
}
