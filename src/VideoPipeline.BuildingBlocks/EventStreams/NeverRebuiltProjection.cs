using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using JasperFx.Events.Subscriptions;
using Marten;
using Marten.Events.Projections;
using Microsoft.Extensions.Logging;

namespace VideoPipeline.BuildingBlocks.EventStreams;

/// <summary>
/// An inline projection whose work is not a read model that could be made again but an effect of the event being
/// appended (a job admitted to the turns, usage added, quota given back): run again over the history, it would do that
/// work a second time. So it refuses to be rebuilt, whoever asks (<c>projections rebuild</c>, the daemon's
/// <c>RebuildProjectionAsync</c>, an agent in rebuild mode): a rebuild first builds the projection's execution for the
/// async daemon, before it tears anything down or reads an event, and this projection has none (it only ever runs in
/// the appending transaction).
/// </summary>
public abstract class NeverRebuiltProjection : EventProjection, ISubscriptionFactory<IDocumentOperations, IQuerySession>
{
    /// <summary>What running the projection again over the history would do, which is why it never is.</summary>
    protected abstract string WhyNeverRebuilt { get; }

    ISubscriptionExecution ISubscriptionFactory<IDocumentOperations, IQuerySession>.BuildExecution(
        IEventStore<IDocumentOperations, IQuerySession> store, IEventDatabase database, ILoggerFactory loggerFactory, ShardName shardName) =>
        throw new ProjectionNeverRebuiltException(Name, WhyNeverRebuilt);

    ISubscriptionExecution ISubscriptionFactory<IDocumentOperations, IQuerySession>.BuildExecution(
        IEventStore<IDocumentOperations, IQuerySession> store, IEventDatabase database, ILogger logger, ShardName shardName) =>
        throw new ProjectionNeverRebuiltException(Name, WhyNeverRebuilt);
}

/// <summary>A rebuild (or an asynchronous run) of a <see cref="NeverRebuiltProjection"/> was asked for, and refused before it changed anything.</summary>
public sealed class ProjectionNeverRebuiltException(string projection, string why)
    : InvalidOperationException($"The projection {projection} is never rebuilt, and nothing was changed: {why}");
