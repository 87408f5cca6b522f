using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Live;

/// <summary>Live streaming (section <c>VideoPipeline:Live</c>): where publishers connect, how this node reads them, what a broadcast may be.</summary>
public sealed class LiveOptions
{
    public const string Section = "VideoPipeline:Live";

    /// <summary>What publishers are told to connect to (the stream key follows it): the ingest server's RTMP application as the world reaches it.</summary>
    public Uri RtmpUrl { get; set; } = new("rtmp://127.0.0.1:1935/live");

    /// <summary>The same application as this node reads it (the ingest server beside it, on loopback).</summary>
    public Uri RtmpReadUrl { get; set; } = new("rtmp://127.0.0.1:1935/live");

    /// <summary>The ingest server's control endpoint (nginx-rtmp's <c>rtmp_control</c>), on loopback: to drop a publisher.</summary>
    public Uri ControlUrl { get; set; } = new("http://127.0.0.1:1936/control");

    /// <summary>
    /// The secret the ingest server's callbacks carry (<c>?secret=</c>); the callbacks are answered on loopback only. Required;
    /// share it between nodes and keep it in the ingest server's configuration only.
    /// </summary>
    public string CallbackSecret { get; set; } = "";

    /// <summary>How far back the live playlist reaches (a viewer's rewind); the recording keeps everything.</summary>
    public TimeSpan DvrWindow { get; set; } = TimeSpan.FromHours(2);

    public int DefaultReconnectWindowSeconds { get; set; } = 60;

    public int MaxReconnectWindowSeconds { get; set; } = 600;

    /// <summary>The longest one broadcast may last (the bound of its ladder's run).</summary>
    public TimeSpan LongestBroadcast { get; set; } = TimeSpan.FromHours(12);

    /// <summary>libx264 preset of the live ladder: it must hold real time on this machine.</summary>
    public string Preset { get; set; } = "veryfast";

    /// <summary>A publisher whose input stops arriving for this long is treated as gone.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a node's hold on a connection it reads lasts unless renewed (it renews at a third of it): past it, that
    /// node is taken for lost, and the publisher may continue the broadcast through another node.
    /// </summary>
    public TimeSpan IngestLease { get; set; } = TimeSpan.FromSeconds(10);

    public int MaxInputWidth { get; set; } = 3840;
    public int MaxInputHeight { get; set; } = 2160;
    public double MaxInputFrameRate { get; set; } = 60;
    public int MaxInputBitrateKbps { get; set; } = 20_000;

    public LiveInputLimits InputLimits => new(MaxInputWidth, MaxInputHeight, MaxInputFrameRate, MaxInputBitrateKbps);

    /// <summary>The engine's settings for a live ladder: those of uploads, with the real-time preset and tuning.</summary>
    public MediaOptions MediaFor(MediaOptions uploads)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        return new MediaOptions
        {
            Preset = Preset,
            Tune = "zerolatency",
            Crf = uploads.Crf,
            AudioBitrateKbps = uploads.AudioBitrateKbps,
            SegmentSeconds = uploads.SegmentSeconds,
            FirstSegmentSeconds = uploads.FirstSegmentSeconds,
            StallTimeout = StallTimeout,
            TempRoot = uploads.TempRoot,
            MaxPixels = uploads.MaxPixels,
            MaxFrameRate = uploads.MaxFrameRate,
            MaxStreams = uploads.MaxStreams,
            MaxDurationSeconds = LongestBroadcast.TotalSeconds,
            MaxMemoryBytes = uploads.MaxMemoryBytes,
            MinRunTime = uploads.MinRunTime,
        };
    }
}
