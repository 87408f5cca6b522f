using System.Collections.Concurrent;
using System.Threading.Channels;
using Marten;
using Marten.Services;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace VideoPipeline.BuildingBlocks.Cluster;

/// <summary>
/// This node's one sender of wake-up notifications (a <c>NOTIFY</c> carrying nothing), each on its own connection,
/// outside any writing transaction: PostgreSQL takes one database-wide lock when a transaction that notified commits and
/// holds it until the commit is flushed, so writers that notify commit one at a time. Here a channel has at most one
/// notification in flight per node, however many commits asked for one meanwhile; the listeners read what changed from
/// the tables, so merging notifications, or losing one, loses nothing.
/// </summary>
public sealed class ClusterAnnouncer(NpgsqlDataSource database, ILogger<ClusterAnnouncer> logger) : BackgroundService
{
    private static readonly TimeSpan AfterFailure = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, byte> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IDocumentSessionListener> _afterCommit = new(StringComparer.Ordinal);
    private readonly Channel<string> _toAnnounce = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Announces on <paramref name="channel"/> at once, or right after the announcement under way.</summary>
    public void Announce(string channel)
    {
        if (_pending.TryAdd(channel, 0))
        {
            _toAnnounce.Writer.TryWrite(channel);
        }
    }

    /// <summary>Announces on <paramref name="channel"/> once the session's transaction has committed (never for one that did not).</summary>
    public void AfterCommit(IDocumentSession session, string channel)
    {
        ArgumentNullException.ThrowIfNull(session);
        var listener = _afterCommit.GetOrAdd(channel, c => new AnnounceAfterCommit(this, c));
        if (!session.Listeners.Contains(listener))
        {
            session.Listeners.Add(listener);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var channel in _toAnnounce.Reader.ReadAllAsync(stoppingToken))
            {
                // Taken off before sending: a commit from here on is announced by another notification.
                _pending.TryRemove(channel, out _);
                try
                {
                    await using var notify = database.CreateCommand("select pg_notify($1, '')");
                    notify.Parameters.Add(new NpgsqlParameter { Value = channel });
                    await notify.ExecuteNonQueryAsync(stoppingToken);
                }
                catch (Exception failure) when (DatabaseFailures.AreRetried(failure))
                {
                    // What was committed stays committed: the next announcement, from this node or another, or the
                    // listeners' own catching up, makes every node read it.
                    logger.LogWarning("Could not announce on {Channel} ({Error}); announcing again in {Delay}", channel, failure.Message, AfterFailure);
                    await Task.Delay(AfterFailure, stoppingToken);
                    Announce(channel);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private sealed class AnnounceAfterCommit(ClusterAnnouncer announcer, string channel) : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            announcer.Announce(channel);
            return Task.CompletedTask;
        }
    }
}
