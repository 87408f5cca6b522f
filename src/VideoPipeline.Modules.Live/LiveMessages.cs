namespace VideoPipeline.Modules.Live;

// The messages the live stream's decisions send. Each names the connection or video it is about, so one that arrives late
// (after a reconnect, after the broadcast ended) changes nothing.

/// <summary>
/// This node's queue "live-ingest" (in memory: the node whose ingest server took the publish reads it): read the
/// connection's input from the ingest server (<paramref name="StreamName"/>) into the ladder, publishing into the recording.
/// </summary>
/// <param name="Source">The recording's input as its first connection found it; null for a broadcast's first connection.</param>
/// <param name="PublisherId">The ingest server's id of the publisher (an SRT publisher's is read from this node's SRT ingest).</param>
/// <param name="Latency">The live stream's latency (<see cref="LiveLatency"/>): "low" publishes an LL-HLS live playlist.</param>
/// <param name="SimulcastTargets">
/// The targets the input is also forwarded to as it arrives, as the publish found them (null for none); those added or
/// removed later are caught up by <see cref="Simulcasting.SimulcastForwarders"/>.
/// </param>
public sealed record RunLiveIngest(
    Guid LiveStreamId, Guid VideoId, int Connection, string StreamName, SourceInspected? Source, string PublisherId, string Latency = LiveLatency.Standard,
    IReadOnlyList<SimulcastTargetState>? SimulcastTargets = null);

/// <summary>
/// Durable: disconnect the publisher of <paramref name="StreamName"/> from the ingest server of <paramref name="Node"/>
/// (whichever node handles it tells that one, <see cref="EndingBroadcasts.PublisherDrops"/>).
/// </summary>
public sealed record DropPublisher(Guid LiveStreamId, string StreamName, string Node);

/// <summary>
/// Durable: the broadcast recorded as <paramref name="VideoId"/> ended and nothing reads its input any more: finish the
/// recording as a video on demand (<paramref name="Keep"/>), or delete it.
/// </summary>
public sealed record FinishRecording(Guid LiveStreamId, Guid VideoId, bool Keep);

/// <summary>Durable, scheduled when the publisher of <paramref name="Connection"/> left: ends the broadcast unless it came back.</summary>
public sealed record EndBroadcastAfterWindow(Guid LiveStreamId, int Connection);

/// <summary>
/// Durable, scheduled for when the lease of the node reading <paramref name="Connection"/> runs out (<see cref="IngestLease"/>):
/// once in the cluster, whichever node is up, it finds the lease renewed (checked again later) or the reader's node lost.
/// </summary>
public sealed record CheckIngest(Guid LiveStreamId, int Connection);
