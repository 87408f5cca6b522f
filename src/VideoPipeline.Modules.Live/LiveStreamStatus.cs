namespace VideoPipeline.Modules.Live;

/// <summary>Where a live stream is: no broadcast, a publisher connected, or a broadcast waiting for its publisher to come back.</summary>
public static class LiveStreamStatus
{
    public const string Idle = "idle";
    public const string Active = "active";
    public const string Disconnected = "disconnected";
}

/// <summary>The latency modes a live stream may ask for: a sliding playlist of whole segments, or LL-HLS.</summary>
public static class LiveLatency
{
    public const string Standard = "standard";
    public const string Low = "low";
}
