using System.Collections.Concurrent;
using System.Reflection;
using JasperFx.Events;
using JasperFx.Events.Aggregation;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Marten.Services;
using Marten.Services.BatchQuerying;
using Wolverine;
using Wolverine.Marten.Publishing;
using Wolverine.Runtime;

namespace VideoPipeline.BuildingBlocks.EventStreams;

/// <summary>
/// A decision on one event stream in one short transaction, for the paths that must be cheap (storage's upload reports):
/// one round trip takes the stream's row lock, reads its events for the aggregate, and loads every document the inline
/// projections of the events the decision may append will update; the commit is one batch. Wolverine's aggregate handler
/// takes the same lock but leaves those documents to the projections, which load them one query each while saving; here
/// the session has an identity map, so the projections find them already loaded. The session is enlisted in the
/// message's outbox like the one Wolverine opens: messages sent before the commit are stored in it.
/// </summary>
public sealed class ExclusiveStreams(IDocumentStore store, IWolverineRuntime runtime)
{
    private static readonly MethodInfo LoadOne = typeof(ExclusiveStreams).GetMethod(nameof(Load), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly OutboxedSessionFactory _sessions = new(new IdentityMapSessions(store), runtime, store);
    private readonly ConcurrentDictionary<string, Func<IBatchedQuery, Guid, Task>[]> _documentsOf = new(StringComparer.Ordinal);

    /// <summary>
    /// Opens the session and, in one round trip, locks stream <paramref name="id"/>, aggregates it into
    /// <typeparamref name="T"/> and loads the documents that <paramref name="mayAppend"/> would change (inline projections).
    /// </summary>
    public async Task<LockedAggregate<T>> FetchAsync<T>(IMessageContext context, Guid id, IReadOnlyList<Type> mayAppend, CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(mayAppend);
        var message = context as MessageContext ?? throw new ArgumentException("Only a handler's own message context has an outbox.", nameof(context));
        var session = _sessions.OpenSession(message);
        try
        {
            var batch = session.CreateBatchQuery();
            var fetched = batch.Events.FetchForExclusiveWriting<T>(id);
            var documents = DocumentsOf(mayAppend).Select(load => load(batch, id)).ToList();
            await batch.Execute(ct);
            await Task.WhenAll(documents);
            return new LockedAggregate<T>(session, message, await fetched);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private Func<IBatchedQuery, Guid, Task>[] DocumentsOf(IReadOnlyList<Type> eventTypes) =>
        _documentsOf.GetOrAdd(string.Join('|', eventTypes.Select(t => t.FullName)), _ =>
        [
            .. store.Options.Events.Projections().OfType<IAggregateProjection>()
                .Where(p => p is { Lifecycle: ProjectionLifecycle.Inline, Scope: AggregationScope.SingleStream } && p.IdentityType == typeof(Guid) &&
                            p.AllEventTypes.Intersect(eventTypes).Any())
                .Select(p => p.AggregateType).Distinct()
                .Select(type => LoadOne.MakeGenericMethod(type).CreateDelegate<Func<IBatchedQuery, Guid, Task>>()),
        ]);

    private static Task<TDocument?> Load<TDocument>(IBatchedQuery batch, Guid id) where TDocument : class => batch.Load<TDocument>(id);

    private sealed class IdentityMapSessions(IDocumentStore store) : SessionFactoryBase(store)
    {
        public override SessionOptions BuildOptions() => new() { Tracking = DocumentTracking.IdentityOnly };
    }
}

/// <summary>A stream locked by <see cref="ExclusiveStreams.FetchAsync{T}"/>: its aggregate, and the one commit of what was decided.</summary>
public sealed class LockedAggregate<T>(IDocumentSession session, MessageContext context, IEventStream<T> stream) : IAsyncDisposable
    where T : class
{
    /// <summary>The aggregate under the lock, or null for a stream that does not exist.</summary>
    public T? Aggregate => stream.Aggregate;

    /// <summary>Appends the events and stores the messages in the outbox, in one batch and one commit; the messages leave once it committed.</summary>
    public async Task CommitAsync(IReadOnlyList<object> events, OutgoingMessages messages, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        stream.AppendMany(events);
        await context.EnqueueCascadingAsync(messages);
        await session.SaveChangesAsync(ct);
        // When nothing was written Marten commits nothing, and its listener that releases the outbox does not run.
        await context.FlushOutgoingMessagesAsync();
    }

    public ValueTask DisposeAsync() => session.DisposeAsync();
}
