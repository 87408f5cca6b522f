using VideoPipeline.BuildingBlocks.Quotas;

namespace VideoPipeline.Modules.Live;

/// <summary>
/// How every decision on a live stream is recorded: under the stream's lock (from the load to the commit), the decision is
/// taken on the stream as committed, its events appended, a new broadcast's recording started as a video holding one of
/// the owner's <c>videos</c> (over the quota, the commit fails and nothing is kept), all in the handler's one commit with
/// the messages it sends (the outbox).
/// </summary>
public static class LiveStreamWrites
{
    public static async Task<Decision> DecideAsync(
        IDocumentSession session, Guid liveStreamId, Func<LiveStream?, Decision> decide, QuotaOptions quotas, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(decide);
        var stream = await session.Events.FetchForExclusiveWriting<LiveStream>(liveStreamId, ct);
        var decision = decide(stream.Aggregate);
        if (stream.Aggregate is null)
        {
            return decision;
        }

        if (decision.Events.Count > 0)
        {
            stream.AppendMany(decision.Events);
        }

        if (decision.Recording is { } recording)
        {
            session.Events.StartStream(recording.VideoId, recording.Events);
            QuotaLedger.QueueHold(session, stream.Aggregate.OwnerId, QuotaSubject.Video(recording.VideoId), quotas, now, new QuotaHold(QuotaNames.Videos, 1));
        }

        return decision;
    }

    /// <summary>The owner's live stream, or null for one that is missing, deleted or someone else's (all answered 404 alike).</summary>
    public static async Task<LiveStream?> OwnedAsync(IQuerySession session, Guid liveStreamId, string ownerId, CancellationToken ct) =>
        await session.LoadAsync<LiveStream>(liveStreamId, ct) is { Deleted: false } stream && stream.OwnerId == ownerId ? stream : null;

    public static Answer NotFound { get; } = Answer.NotFound("Live stream not found.");

    /// <summary>A decision's refusal: the stream was deleted (or never was) by the time its lock was taken; answered as <see cref="NotFound"/>.</summary>
    public const string Gone = "The live stream is gone.";
}
