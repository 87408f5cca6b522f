namespace VideoPipeline.Modules.Uploads.IngestingFromUrls;

/// <summary>
/// Stops a download once its video no longer waits for the bytes (deleted, most often): the video's stream is read every
/// <see cref="UrlIngestOptions.DeletionCheckInterval"/> while the download runs, on whichever node it runs, and
/// <see cref="Token"/> is cancelled, which closes the connection to the source.
/// </summary>
internal sealed class DeletionWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _watching;
    private volatile bool _gone;

    private DeletionWatch(IDocumentStore store, Guid videoId, TimeSpan every, CancellationToken ct)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _watching = WatchAsync(store, videoId, every);
    }

    /// <summary>Cancelled when the video stops waiting for its bytes, or when the handler's own token is.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Whether the watch found the video no longer waiting (rather than the handler being stopped).</summary>
    public bool FoundGone => _gone;

    public static DeletionWatch Start(IDocumentStore store, Guid videoId, TimeSpan every, CancellationToken ct) => new(store, videoId, every, ct);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
    }

    private async Task WatchAsync(IDocumentStore store, Guid videoId, TimeSpan every)
    {
        // Real time, like the download's own timeouts: the source's socket runs on it.
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (!await IsPendingAsync(store, videoId, _stop.Token))
                {
                    _gone = true;
                    await _stop.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The download ended, or the handler was stopped.
        }
    }

    private static async Task<bool> IsPendingAsync(IDocumentStore store, Guid videoId, CancellationToken ct)
    {
        try
        {
            await using var session = store.QuerySession();
            return await session.Events.AggregateStreamAsync<Upload>(videoId, token: ct) is { IsPending: true };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database did not answer this time: the download goes on, and the next look decides.
            return true;
        }
    }
}
