namespace VideoPipeline.Modules.Live;

/// <summary>
/// The Live module's state of one live stream (an inline snapshot, also what its routes read and what a stream key is
/// looked up by), and its decisions: each takes the stream as committed and the facts gathered, and returns what to record.
/// </summary>
public sealed class LiveStream
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public string Title { get; set; } = "";
    public string KeyHash { get; set; } = "";
    public string Latency { get; set; } = LiveLatency.Standard;
    public int ReconnectWindowSeconds { get; set; }
    public bool Record { get; set; }
    public string Status { get; set; } = LiveStreamStatus.Idle;

    /// <summary>The video recording the broadcast under way (active or disconnected).</summary>
    public Guid? ActiveVideoId { get; set; }

    /// <summary>Every broadcast's video, oldest first.</summary>
    public List<Guid> Recordings { get; set; } = [];

    /// <summary>The newest accepted publish's number; a scheduled end or an ingest's end names the one it is about.</summary>
    public int Connection { get; set; }

    /// <summary>The ingest server's id of the connected publisher, and the node that took it.</summary>
    public string? PublisherId { get; set; }
    public string? Node { get; set; }

    /// <summary>A node still reads the newest connection's input (it ends after the publisher leaves, once the last segments are out).</summary>
    public bool IngestRunning { get; set; }

    /// <summary>The broadcast ended while its input was still being read: its recording is finished once the reading ends.</summary>
    public Guid? FinishAfterIngest { get; set; }

    /// <summary>What each recording's input was found to be (its first connection's), by video: the ladder a reconnect continues and the recording is finished with.</summary>
    public Dictionary<Guid, SourceInspected> Sources { get; set; } = [];

    public string? LastRefusal { get; set; }
    public bool Deleted { get; set; }

    /// <summary>Where each broadcast is forwarded to, oldest first, and how forwarding the newest connection goes.</summary>
    public List<SimulcastTargetState> SimulcastTargets { get; set; } = [];

    public static LiveStream Create(LiveStreamCreated e) => new()
    {
        Id = e.LiveStreamId,
        OwnerId = e.OwnerId,
        Title = e.Title,
        KeyHash = e.KeyHash,
        Latency = e.Latency,
        ReconnectWindowSeconds = e.ReconnectWindowSeconds,
        Record = e.Record,
    };

    public void Apply(LiveStreamKeyReset e) => KeyHash = e.KeyHash;

    public void Apply(BroadcastStarted e)
    {
        Connect(e.Connection, e.PublisherId, e.Node);
        ActiveVideoId = e.VideoId;
        Recordings.Add(e.VideoId);
    }

    public void Apply(PublisherReconnected e) => Connect(e.Connection, e.PublisherId, e.Node);

    public void Apply(PublishRefused e) => LastRefusal = e.Reason;

    public void Apply(PublisherDisconnected _)
    {
        Status = LiveStreamStatus.Disconnected;
        PublisherId = null;
    }

    public void Apply(LiveInputRefused e) => LastRefusal = e.Reason;

    public void Apply(LiveInputAccepted e) => Sources.TryAdd(e.VideoId, e.Source);

    public void Apply(LiveIngestEnded e)
    {
        if (e.Connection == Connection)
        {
            IngestRunning = false;
            FinishAfterIngest = null;
        }
    }

    public void Apply(BroadcastEnded e)
    {
        Status = LiveStreamStatus.Idle;
        ActiveVideoId = null;
        PublisherId = null;
        FinishAfterIngest = IngestRunning ? e.VideoId : null;
    }

    public void Apply(LiveStreamDeleted _) => Deleted = true;

    public void Apply(SimulcastTargetAdded e) => SimulcastTargets.Add(new SimulcastTargetState(e.TargetId, e.Url, e.Passthrough, Simulcasting.SimulcastTargets.Idle, null));

    public void Apply(SimulcastTargetRemoved e) => SimulcastTargets.RemoveAll(t => t.Id == e.TargetId);

    public void Apply(SimulcastTargetReported e)
    {
        var target = SimulcastTargets.FindIndex(t => t.Id == e.TargetId);
        if (e.Connection == Connection && target >= 0)
        {
            SimulcastTargets[target] = SimulcastTargets[target] with { Status = e.Status, Reason = e.Reason };
        }
    }

    private void Connect(int connection, string publisherId, string node)
    {
        Status = LiveStreamStatus.Active;
        Connection = connection;
        PublisherId = publisherId;
        Node = node;
        IngestRunning = true;
        LastRefusal = null;
        SimulcastTargets = [.. SimulcastTargets.Select(t => t with { Status = Simulcasting.SimulcastTargets.Idle, Reason = null })];
    }
}

/// <summary>
/// A simulcast target (<see cref="SimulcastTargetAdded"/>; <paramref name="Url"/> holds its secret key) and how forwarding
/// the newest connection to it goes (<see cref="SimulcastTargetReported"/>).
/// </summary>
public sealed record SimulcastTargetState(Guid Id, string Url, string? Passthrough, string Status, string? Reason);
