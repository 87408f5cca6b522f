using Marten;
using Microsoft.Extensions.Options;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Catalog;
using Npgsql;

namespace VideoPipeline.Operations.Alerts;

/// <summary>What the queue looks like now, and the incidents in it.</summary>
public sealed record QueueState(long DeadLetters, TimeSpan? OldestWaiting, IReadOnlyList<string> Incidents);

/// <summary>
/// Reads the queue's state from PostgreSQL: dead letters in Wolverine's store, and the oldest upload still waiting for its
/// transcode to start (from the video read model: Wolverine's inbox keeps no enqueue time).
/// </summary>
public sealed class QueueWatch(NpgsqlDataSource database, IDocumentStore store, IOptions<AlertOptions> options, TimeProvider clock)
{
    public async Task<QueueState> ReadAsync(CancellationToken ct)
    {
        await using var deadLetters = database.CreateCommand("select count(*) from videos.wolverine_dead_letters where archived_at is null");
        var deadLetterCount = (long)(await deadLetters.ExecuteScalarAsync(ct))!;
        await using var session = store.QuerySession();
        var oldestUpload = await session.Query<VideoSummary>()
            .Where(v => v.Status == VideoStatus.Uploaded)
            .OrderBy(v => v.Steps.UploadedAt)
            .FirstOrDefaultAsync(ct);
        TimeSpan? waiting = oldestUpload?.Steps.UploadedAt is { } at ? clock.GetUtcNow() - at : null;

        var incidents = new List<string>();
        if (deadLetterCount > options.Value.MaxDeadLetters)
        {
            incidents.Add($"{deadLetterCount} dead letters (more than {options.Value.MaxDeadLetters})");
        }

        if (waiting > options.Value.MaxQueueAge)
        {
            incidents.Add($"an upload has waited {waiting.Value:g} for its transcode (more than {options.Value.MaxQueueAge:g})");
        }

        return new QueueState(deadLetterCount, waiting, incidents);
    }
}
