namespace VideoPipeline.Modules.Processing.TranscodeVideo;

/// <summary>
/// A transcode's view of its video stream: reads the job's state as committed, and records each finished step as its
/// own commit, so progress and finished outputs are visible (and survive a crash) while the job is still running.
/// Progress arrives on another thread than the steps; records are serialised so the two never race for a stream version.
/// </summary>
internal sealed class JobStream(IDocumentStore store, Guid videoId) : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public Guid VideoId => videoId;

    /// <summary>The job as committed now, or null for a stream that does not exist.</summary>
    public async Task<TranscodeJob?> LoadAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.Events.AggregateStreamAsync<TranscodeJob>(videoId, token: ct);
    }

    public async Task RecordAsync(object @event, CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            await using var session = store.LightweightSession();
            session.Events.Append(videoId, @event);
            await session.SaveChangesAsync(ct);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Records <see cref="ProcessingCompleted"/> unless another delivery of the job already did (checked on the stream's version).</summary>
    public async Task CompleteOnceAsync(CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            await using var session = store.LightweightSession();
            var stream = await session.Events.FetchForWriting<TranscodeJob>(videoId, ct);
            if (stream.Aggregate is { Completed: false })
            {
                stream.AppendOne(new ProcessingCompleted(videoId));
                await session.SaveChangesAsync(ct);
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public void Dispose() => _oneAtATime.Dispose();
}
