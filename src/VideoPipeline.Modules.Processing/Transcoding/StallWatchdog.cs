namespace VideoPipeline.Modules.Processing.Transcoding;

/// <summary>Cancels <see cref="Token"/> once <see cref="Progressed"/> has not been called for the timeout.</summary>
internal sealed class StallWatchdog : IAsyncDisposable
{
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _stalled = new();
    private readonly Timer _timer;
    private long _lastProgressAt = Environment.TickCount64;

    public StallWatchdog(TimeSpan timeout)
    {
        _timeout = timeout;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(timeout.TotalMilliseconds / 4, 50, 1000));
        _timer = new Timer(_ => Check(), null, period, period);
    }

    public CancellationToken Token => _stalled.Token;

    public bool Fired => _stalled.IsCancellationRequested;

    public void Progressed() => Volatile.Write(ref _lastProgressAt, Environment.TickCount64);

    public async ValueTask DisposeAsync()
    {
        // Waits for a check in flight, so it never cancels a disposed source.
        await _timer.DisposeAsync().ConfigureAwait(false);
        _stalled.Dispose();
    }

    private void Check()
    {
        var quietFor = TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _lastProgressAt));
        if (quietFor < _timeout || _stalled.IsCancellationRequested)
        {
            return;
        }

        try
        {
            _stalled.Cancel();
        }
        catch (AggregateException)
        {
            // A cancel callback threw (the process had just exited); an exception must not escape a timer thread.
        }
    }
}
