using VideoPipeline.Modules.Live.Simulcasting;

namespace VideoPipeline.Modules.Live;

/// <summary>A live stream as its owner reads it (never its key: the SRT URL is where to call, without its <c>streamid</c>).</summary>
public sealed record LiveStreamView(
    Guid Id, string Title, string Status, string Latency, int ReconnectWindowSeconds, bool Record, Guid? ActiveVideoId,
    IReadOnlyList<Guid> Recordings, Uri RtmpUrl, Uri? SrtUrl, string? LastRefusal, IReadOnlyList<SimulcastTargetView> SimulcastTargets)
{
    public static LiveStreamView Of(LiveStream stream, LiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        return new(stream.Id, stream.Title, stream.Status, stream.Latency, stream.ReconnectWindowSeconds, stream.Record, stream.ActiveVideoId,
            stream.Recordings, options.RtmpUrl, options.SrtUrl, stream.LastRefusal,
            [.. stream.SimulcastTargets.Select(SimulcastTargetView.Of)]);
    }
}
