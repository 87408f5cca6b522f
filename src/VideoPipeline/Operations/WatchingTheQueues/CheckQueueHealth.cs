using Wolverine.Attributes;
using Marten;
using Marten.Exceptions;
using JasperFx;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;
using Microsoft.Extensions.Options;
using VideoPipeline.Modules.Catalog;
using Wolverine;
using Wolverine.Marten;
using Wolverine.Persistence.Durability;

namespace VideoPipeline.Operations.WatchingTheQueues;

/// <summary>A look at the queue: sent on the cluster's recurring schedule (<see cref="AlertOptions.CheckSchedule"/>), handled once per occurrence.</summary>
// The name the durable queue stores it under, from before its folder was renamed, so messages in flight still find it.
[MessageIdentity("VideoPipeline.Operations.QueueHealth.CheckQueueHealth")]
public sealed record CheckQueueHealth;

public static class CheckQueueHealthHandler
{
    /// <summary>
    /// A check that lost the race to a concurrent one is judged once more against the health the winner stored; losing
    /// again means yet another check has just judged the queue, so this one has nothing left to say.
    /// </summary>
    public static void Configure(HandlerChain chain) =>
        chain.OnException<ConcurrencyException>().Or<DocumentAlreadyExistsException>().RetryOnce().Then.Discard();

    public const string ScheduleName = "queue-health";

    /// <summary>Dead letters through Wolverine's own message store API, the waiting and running transcodes from the video read model.</summary>
    public static async Task<(QueueFacts, QueueHealth?)> LoadAsync(CheckQueueHealth _, IMessageStore messages, IQuerySession session, TimeProvider clock, VideoMetrics metrics, CancellationToken ct)
    {
        metrics.QueueChecked();
        var counts = await messages.Admin.FetchCountsAsync();
        var waiting = await session.Query<VideoSummary>().CountAsync(v => v.Status == QueueStatuses.Waiting, ct);
        var running = await session.Query<VideoSummary>().CountAsync(v => v.Status == QueueStatuses.Running, ct);
        var oldest = await session.Query<VideoSummary>()
            .Where(v => v.Status == QueueStatuses.Waiting)
            .OrderBy(v => v.Steps.UploadedAt)
            .FirstOrDefaultAsync(ct);
        var facts = new QueueFacts(counts.DeadLetter, waiting, running, oldest?.Steps.UploadedAt, clock.GetUtcNow());
        return (facts, await session.LoadAsync<QueueHealth>(QueueHealth.DocumentId, ct));
    }

    public static (IMartenOp, OutgoingMessages) Handle(CheckQueueHealth _, QueueFacts facts, QueueHealth? previous, IOptions<AlertOptions> options)
    {
        var (health, alerts) = QueueHealth.Next(previous, facts, options.Value);
        return (health.Save(), alerts);
    }
}
