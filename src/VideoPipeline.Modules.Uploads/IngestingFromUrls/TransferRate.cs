using System.Globalization;

namespace VideoPipeline.Modules.Uploads.IngestingFromUrls;

/// <summary>
/// Watches a download's pace: at the end of every window, the bytes received in it must reach the minimum rate times the
/// window, or the download is cancelled (<see cref="TooSlow"/>), so a source that trickles or stalls gives its slot back
/// instead of holding it until the whole download's timeout.
/// </summary>
internal sealed class TransferRate : IAsyncDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly long _minBytesPerWindow;
    private readonly Timer _timer;
    private long _bytesThisWindow;

    private TransferRate(long minBytesPerSecond, TimeSpan window, CancellationToken ct)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _minBytesPerWindow = (long)(minBytesPerSecond * window.TotalSeconds);
        Description = string.Create(CultureInfo.InvariantCulture, $"{minBytesPerSecond} bytes/s over {window.TotalSeconds:0.#} s");
        _timer = new Timer(_ => EndWindow(), null, window, window);
    }

    /// <summary>Cancelled when the caller's token is, or when a window was too slow.</summary>
    public CancellationToken Token => _cancel.Token;

    public bool TooSlow { get; private set; }

    public long BytesInLastWindow { get; private set; }

    /// <summary>The minimum, as the reason names it.</summary>
    public string Description { get; }

    public static TransferRate Watch(UrlIngestOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TransferRate(options.MinBytesPerSecond, options.TransferRateWindow, ct);
    }

    public void Received(int bytes) => Interlocked.Add(ref _bytesThisWindow, bytes);

    private void EndWindow()
    {
        var received = Interlocked.Exchange(ref _bytesThisWindow, 0);
        if (received < _minBytesPerWindow && !TooSlow)
        {
            BytesInLastWindow = received;
            TooSlow = true;
            _cancel.Cancel();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        _cancel.Dispose();
    }
}
