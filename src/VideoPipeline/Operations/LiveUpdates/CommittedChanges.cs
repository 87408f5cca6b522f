using System.Threading.Channels;
using Npgsql;
using VideoPipeline.BuildingBlocks.Cluster;

namespace VideoPipeline.Operations.LiveUpdates;

/// <summary>
/// How every node hears every committed video event, without any writing transaction taking PostgreSQL's notification
/// lock: after a commit that appended events, the node's <see cref="ClusterAnnouncer"/> sends one <c>NOTIFY</c> on
/// <see cref="Channel"/>, outside the transaction, for however many commits happened meanwhile
/// (<see cref="AnnounceCommittedEvents"/>). Every node hears it through its <see cref="ClusterListener"/> and reads what
/// was committed since its last read from the event store by sequence (<see cref="CommittedEvents"/>). So a change is
/// handed on once per node and only once committed, and a notification that never came (a lost connection, a node killed
/// between its commit and its announcement) is made up by the next one, from any node, or when listening starts again.
/// </summary>
public sealed class CommittedChanges(CommittedEvents events, ILogger<CommittedChanges> logger) : BackgroundService, INotificationSubscriber
{
    public const string Channel = "videopipeline_changes";

    // However many notifications arrive while a read runs, one more read follows it.
    private readonly Channel<bool> _toRead = System.Threading.Channels.Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private bool _started;

    string INotificationSubscriber.Channel => Channel;

    void INotificationSubscriber.Notified(string payload) => _toRead.Writer.TryWrite(true);

    /// <summary>The first time, reading starts where the store is; after a lost connection, what was committed meanwhile is read now.</summary>
    async Task INotificationSubscriber.ListeningAsync(CancellationToken ct)
    {
        if (!_started)
        {
            await events.StartAsync(ct);
            _started = true;
        }

        _toRead.Writer.TryWrite(true);
    }

    void INotificationSubscriber.StoppedListening()
    {
        // Nothing to forget: reading resumes from the same position once listening again.
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var _ in _toRead.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await events.ReadAsync(stoppingToken);
                }
                catch (Exception failure) when (DatabaseFailures.AreRetried(failure))
                {
                    // Nothing read is lost: the next notification reads from the same place.
                    logger.LogWarning("Live changes: could not read the committed events ({Error}); reading again at the next notification", failure.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}

/// <summary>The Marten session listener that has this node's <see cref="ClusterAnnouncer"/> announce each commit that appended events.</summary>
public sealed class AnnounceCommittedEvents(ClusterAnnouncer announcer) : Marten.DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(Marten.IDocumentSession session, Marten.Services.IChangeSet commit, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (commit.GetEvents().Any())
        {
            announcer.Announce(CommittedChanges.Channel);
        }

        return Task.CompletedTask;
    }
}
