using System.Threading.Channels;
using Marten;
using Marten.Services;
using Npgsql;

namespace VideoPipeline.Operations.LiveUpdates;

/// <summary>
/// This node's one announcer of committed events: every session that committed events says so
/// (<see cref="AnnounceCommittedEvents"/>, after the commit, so never for events that did not commit), and this loop
/// sends a single <c>NOTIFY</c> on its own connection, outside any writing transaction, for all the commits since its
/// last one. A notification carries nothing: listeners read what was committed by sequence (<see cref="CommittedEvents"/>),
/// so merging notifications, or losing one, loses no change.
/// </summary>
public sealed class ChangeAnnouncer(NpgsqlDataSource database, ILogger<ChangeAnnouncer> logger) : BackgroundService
{
    private static readonly TimeSpan AfterFailure = TimeSpan.FromSeconds(1);

    private readonly Channel<bool> _toAnnounce = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Something was committed: announced at once, or right after the announcement under way.</summary>
    public void Committed() => _toAnnounce.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var _ in _toAnnounce.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var notify = database.CreateCommand($"select pg_notify('{CommittedChanges.Channel}', '')");
                    await notify.ExecuteNonQueryAsync(stoppingToken);
                }
                catch (Exception failure) when (failure is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
                {
                    // The events are committed: the next announcement, from this node or another, makes every node read them.
                    logger.LogWarning("Live changes: could not announce committed events ({Error}); announcing again in {Delay}", failure.Message, AfterFailure);
                    await Task.Delay(AfterFailure, stoppingToken);
                    Committed();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}

/// <summary>The Marten session listener that tells this node's <see cref="ChangeAnnouncer"/> of each commit that appended events.</summary>
public sealed class AnnounceCommittedEvents(ChangeAnnouncer announcer) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (commit.GetEvents().Any())
        {
            announcer.Committed();
        }

        return Task.CompletedTask;
    }
}
