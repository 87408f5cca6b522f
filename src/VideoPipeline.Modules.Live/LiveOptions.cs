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
    /// Where this node's SRT listener binds (an IPv4 <c>host:port</c>, UDP), e.g. <c>0.0.0.0:9710</c>; unset, this node takes no SRT.
    /// </summary>
    public string? SrtListen { get; set; }

    /// <summary>What SRT publishers are told to call (<c>srt://host:port</c>, the stream key goes in <c>streamid</c>); null when SRT is off.</summary>
    public Uri? SrtUrl { get; set; }

    /// <summary>The SRT URL a publisher with <paramref name="streamKey"/> calls; null when SRT is off.</summary>
    public Uri? SrtUrlFor(string streamKey) =>
        SrtUrl is null ? null : new Uri($"srt://{SrtUrl.Authority}?streamid={Uri.EscapeDataString(streamKey)}");

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

    /// <summary>
    /// libx264 preset of the live ladder: it must hold real time. On a quiet 2-core machine a 1080p30 input's four rungs
    /// ran at 0.9x real time with "veryfast" and 1.0x with "superfast" (bench/live.sh).
    /// </summary>
    public string Preset { get; set; } = "superfast";

    /// <summary>
    /// How long a broadcast's segments are once under way (after the ramp of uploads' first segment): players hold three
    /// of them back from the live edge in standard latency, so it bounds that latency. A power of two times uploads'
    /// <c>FirstSegmentSeconds</c> (0.5 s: 2 s is 0.5, 0.5, 1, then 2 s segments), at most 30.
    /// </summary>
    public double SegmentSeconds { get; set; } = 2;

    /// <summary>A publisher whose input stops arriving for this long is treated as gone.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The most simulcast targets a live stream may forward to.</summary>
    public int MaxSimulcastTargets { get; set; } = 3;

    /// <summary>How many times in a row forwarding to a simulcast target is tried before it is reported failed for the connection.</summary>
    public int SimulcastAttempts { get; set; } = 3;

    /// <summary>The wait before the first retry of a simulcast target; each next one waits twice as long.</summary>
    public TimeSpan SimulcastRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a node's hold on a connection it reads lasts unless renewed (it renews at a third of it): past it, that
    /// node is taken for lost, and the publisher may continue the broadcast through another node.
    /// </summary>
    public TimeSpan IngestLease { get; set; } = TimeSpan.FromSeconds(10);

    public int MaxInputWidth { get; set; } = 3840;
    public int MaxInputHeight { get; set; } = 2160;
    public double MaxInputFrameRate { get; set; } = 60;
    public int MaxInputBitrateKbps { get; set; } = 20_000;

    /// <summary>
    /// The short side of the live ladder's top rung (one of 1080, 720, 480, 360): a bigger input is served at most at
    /// this size, so that the ladder holds real time with room to spare: for a 1080p30 input, 720p/480p/360p took a third
    /// less CPU than the four rungs with 1080p, which held just 1.0x on a quiet 2-core machine. Uploads keep their whole ladder.
    /// </summary>
    public int LadderTop { get; set; } = 720;

    public LiveInputLimits InputLimits => new(MaxInputWidth, MaxInputHeight, MaxInputFrameRate, MaxInputBitrateKbps, LadderTop);

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
            SegmentSeconds = SegmentSeconds,
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
