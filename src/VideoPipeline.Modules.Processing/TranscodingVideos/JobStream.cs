using Marten.Events;

namespace VideoPipeline.Modules.Processing.TranscodingVideos;

/// <summary>
/// A transcode's view of its video stream: reads the job's state as committed, and records each finished step as its
/// own commit, so progress and finished outputs are visible (and survive a crash) while the job is still running.
/// <para>
/// Why the job does not use the aggregate-handler workflow every other slice uses: <c>[AggregateHandler]</c> holds the
/// stream's lock from the load to one commit at the end, and a transcode runs for minutes. Held that long, the lock
/// would stall every other writer of the video (an edit, a caption, the deletion itself) until the transcode ended, and
/// a crash would lose every step it finished. So the job takes the stream's lock for each record only
/// (the row lock of <c>FetchForExclusiveWriting</c>, which <c>DeleteVideo</c> decides under), decides on the job as it is
/// then (<see cref="JobDecisions"/>), appends at the version it locked and commits. Progress arrives on another thread
/// than the steps, so records are also taken one at a time in this process: the two never race for a stream version.
/// </para>
/// <para>
/// A record costs the same at the job's first event as at its thousandth (a long video records its progress every
/// second): the job as of the version the last record locked is kept here, and each record reads only the events
/// appended since (its own last one, and whatever another writer added), under the lock, before it decides.
/// </para>
/// Once the video is deleted every record is refused: <see cref="Deleted"/> is cancelled, which stops whatever the job
/// is running (ffmpeg included), and <see cref="VideoDeletedException"/> is thrown.
/// </summary>
internal sealed class JobStream(IDocumentStore store, Guid videoId) : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly CancellationTokenSource _deleted = new();
    private readonly string _lockStream = $"select version from {store.Options.Events.DatabaseSchemaName}.mt_streams where id = ? for update";

    /// <summary>The job as of <see cref="_version"/>, read by the records under the stream's lock; null before the first.</summary>
    private TranscodeJob? _recorded;

    private long _version;

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
        return JobDecisions.MayRecord(job) ? job : throw Found();
    }

    /// <summary>Appends the event under the stream's lock unless the video is deleted.</summary>
    public Task RecordAsync(object @event, CancellationToken ct) => RecordAsync(_ => [@event], alongside: null, ct);

    /// <summary>Appends the event as <see cref="RecordAsync(object, CancellationToken)"/> does, with <paramref name="alongside"/>'s changes in the same commit.</summary>
    public Task RecordAsync(object @event, Action<IDocumentOperations> alongside, CancellationToken ct) => RecordAsync(_ => [@event], alongside, ct);

    /// <summary>Records <see cref="ProcessingCompleted"/> unless another delivery of the job already did.</summary>
    public Task CompleteOnceAsync(CancellationToken ct) => RecordAsync(JobDecisions.Completion, alongside: null, ct);

    /// <summary>
    /// Throws <see cref="VideoDeletedException"/> once the video is deleted: checked before each file is written to storage.
    /// Asks whether the stream holds <see cref="VideoDeleted"/> (what <see cref="JobDecisions.MayRecord"/> reads of the job)
    /// rather than rebuilding the job from every event it recorded, a progress event a second among them.
    /// </summary>
    public async Task ThrowIfDeletedAsync(CancellationToken ct)
    {
        if (WasDeleted)
        {
            throw Found();
        }

        await using var session = store.QuerySession();
        var deleted = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == videoId)
            .Where(e => e.EventTypesAre(typeof(VideoDeleted)))
            .AnyAsync(ct);
        if (deleted)
        {
            throw Found();
        }
    }

    public void Dispose()
    {
        _oneAtATime.Dispose();
        _deleted.Dispose();
    }

    private async Task RecordAsync(Func<TranscodeJob, IReadOnlyList<object>> decide, Action<IDocumentOperations>? alongside, CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            await using var session = store.LightweightSession();
            await session.BeginTransactionAsync(ct);
            var job = await LockAsync(session, ct);
            if (!JobDecisions.MayRecord(job))
            {
                throw Found();
            }

            var events = decide(job);
            if (events.Count > 0)
            {
                session.Events.Append(videoId, _version + events.Count, [.. events]);
                alongside?.Invoke(session);
                await session.SaveChangesAsync(ct);
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>
    /// Takes the stream's row lock in <paramref name="session"/>'s transaction and brings the job up to the locked version,
    /// reading only the events after the one the last record saw.
    /// </summary>
    private async Task<TranscodeJob> LockAsync(IDocumentSession session, CancellationToken ct)
    {
        var locked = await session.AdvancedSql.QueryAsync<long>(_lockStream, ct, videoId);
        if (locked.Count == 0)
        {
            throw new InvalidOperationException($"The stream of video {videoId} is gone.");
        }

        if (locked[0] > _version)
        {
            _recorded = await session.Events.AggregateStreamAsync(videoId, locked[0], state: _recorded, fromVersion: _version + 1, token: ct);
            _version = locked[0];
        }

        return _recorded ?? throw new InvalidOperationException($"The stream of video {videoId} has no job.");
    }

    private VideoDeletedException Found()
    {
        _deleted.Cancel();
        return new VideoDeletedException(videoId);
    }
}

/// <summary>The job's video was deleted while it ran: the job stops, and what it wrote is purged.</summary>
internal sealed class VideoDeletedException(Guid videoId) : Exception($"Video {videoId} was deleted while it was being processed.");
