using System.Threading.Channels;

namespace VideoPipeline.Modules.Processing.TranscodingVideos;

/// <summary>
/// Turns ffmpeg's (already throttled) progress callbacks into <see cref="ProcessingProgressed"/> events
/// without making ffmpeg's reader wait on the database; only the newest percent is kept when appends lag.
/// </summary>
internal sealed class ProgressEvents : IProgress<double>, IAsyncDisposable
{
    private readonly Channel<double> _percents = Channel.CreateBounded<double>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Task _appending;

    public ProgressEvents(JobStream stream, CancellationToken ct) =>
        _appending = Task.Run(async () =>
        {
            await foreach (var percent in _percents.Reader.ReadAllAsync(ct))
            {
                await stream.RecordAsync(new ProcessingProgressed(stream.VideoId, Math.Clamp(percent, 0, 99.9)), ct);
            }
        }, ct);

    public void Report(double value) => _percents.Writer.TryWrite(value);

    public async ValueTask DisposeAsync()
    {
        _percents.Writer.TryComplete();
        try
        {
            await _appending;
        }
        catch (OperationCanceledException)
        {
            // The job was cancelled; its progress no longer matters.
        }
    }
}
