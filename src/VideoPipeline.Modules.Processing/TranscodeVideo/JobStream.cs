using Marten.Events;

namespace VideoPipeline.Modules.Processing.TranscodeVideo;

/// <summary>
/// A transcode's view of its video stream: reads the job's state as committed, and records each finished step as its
/// own commit, so progress and finished outputs are visible (and survive a crash) while the job is still running.
/// Progress arrives on another thread than the steps; records are serialised so the two never race for a stream version.
/// Every record is taken under the stream's lock and refused once the video is deleted: then <see cref="Deleted"/> is
/// cancelled, which stops whatever the job is running, and <see cref="VideoDeletedException"/> is thrown.
/// </summary>
internal sealed class JobStream(IDocumentStore store, Guid videoId) : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly CancellationTokenSource _deleted = new();

    public Guid VideoId => videoId;

    /// <summary>Cancelled once the job found its video deleted.</summary>
    public CancellationToken Deleted => _deleted.Token;

    public bool WasDeleted => _deleted.IsCancellationRequested;

    /// <summary>The job as committed now, or null for a stream that does not exist.</summary>
    public async Task<TranscodeJob?> LoadAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.Events.AggregateStreamAsync<TranscodeJob>(videoId, token: ct);
    }

    /// <summary>The job as committed now, for the next step; throws <see cref="VideoDeletedException"/> once the video is deleted.</summary>
    public async Task<TranscodeJob> LoadForNextStepAsync(CancellationToken ct)
    {
        var job = await LoadAsync(ct) ?? throw new InvalidOperationException($"The stream of video {videoId} is gone.");
        return job.Deleted ? throw Found() : job;
    }

    /// <summary>Appends the event under the stream's lock, the one a deletion is decided under, unless the video is deleted.</summary>
    public Task RecordAsync(object @event, CancellationToken ct) => RecordAsync(@event, alongside: null, ct);

    /// <summary>Appends the event as <see cref="RecordAsync(object, CancellationToken)"/> does, with <paramref name="alongside"/>'s changes in the same commit.</summary>
    public async Task RecordAsync(object @event, Action<IDocumentOperations>? alongside, CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            await using var session = store.LightweightSession();
            await session.Events.AppendExclusive(videoId, ct, @event);
            alongside?.Invoke(session);
            await ThrowIfDeletedAsync(session, ct);
            await session.SaveChangesAsync(ct);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Throws <see cref="VideoDeletedException"/> once the video is deleted: checked before anything is written to storage.</summary>
    public async Task ThrowIfDeletedAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        await ThrowIfDeletedAsync(session, ct);
    }

    /// <summary>Records <see cref="ProcessingCompleted"/> unless another delivery of the job already did (checked on the stream's version).</summary>
    public async Task CompleteOnceAsync(CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            await using var session = store.LightweightSession();
            var stream = await session.Events.FetchForExclusiveWriting<TranscodeJob>(videoId, ct);
            if (stream.Aggregate is { Deleted: true })
            {
                throw Found();
            }

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

    public void Dispose()
    {
        _oneAtATime.Dispose();
        _deleted.Dispose();
    }

    private async Task ThrowIfDeletedAsync(IQuerySession session, CancellationToken ct)
    {
        if (await session.Events.QueryAllRawEvents().AnyAsync(e => e.StreamId == videoId && e.EventTypesAre(typeof(VideoDeleted)), ct))
        {
            throw Found();
        }
    }

    private VideoDeletedException Found()
    {
        _deleted.Cancel();
        return new VideoDeletedException(videoId);
    }
}

/// <summary>The job's video was deleted while it ran: the job stops, and what it wrote is purged.</summary>
internal sealed class VideoDeletedException(Guid videoId) : Exception($"Video {videoId} was deleted while it was being processed.");
