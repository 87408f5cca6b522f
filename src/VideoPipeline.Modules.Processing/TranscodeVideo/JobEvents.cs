using Marten;
using VideoPipeline.Contracts;

namespace VideoPipeline.Modules.Processing.TranscodeVideo;

/// <summary>
/// Appends a transcode's events one commit at a time, so progress and finished renditions are visible
/// (and survive a crash) while the job is still running. Progress arrives on another thread than the job's
/// own steps; appends are serialised so the two never race for the same stream version.
/// </summary>
public sealed class JobEvents(IDocumentStore store, Guid videoId) : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public async Task AppendAsync(object @event, CancellationToken ct)
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

    /// <summary>Appends <see cref="ProcessingCompleted"/> unless another delivery of the job already did (optimistic concurrency).</summary>
    public async Task CompleteOnceAsync(CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            await CompleteAsync(ct);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task CompleteAsync(CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForWriting<TranscodeJob>(videoId, ct);
        if (stream.Aggregate is { Completed: false })
        {
            stream.AppendOne(new ProcessingCompleted(videoId));
            await session.SaveChangesAsync(ct);
        }
    }

    public async Task<TranscodeJob?> LoadAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.Events.AggregateStreamAsync<TranscodeJob>(videoId, token: ct);
    }

    public void Dispose() => _oneAtATime.Dispose();
}
