using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Tenants;
using Wolverine;

namespace VideoPipeline.BuildingBlocks.Scheduling;

/// <summary>
/// Fills this node's free slots of every shared queue with the jobs the <see cref="FairChoice"/> gives them, cluster-wide.
/// It wakes when any node admitted a job, freed a slot or reinstated an owner (a notification on <see cref="FairTurns.Channel"/>,
/// heard through the node's <see cref="ClusterListener"/>), when a slot of this node is freed, when listening (re)starts,
/// and at least every third of the shortest lease, to renew the claims of its jobs in hand and to take up jobs whose node
/// died. So a notification that never came (merged, lost with a connection, or never sent by a node that died after its
/// commit) delays a job by a third of a lease at most. A claimed job is sent as its queue's run message to this node's own
/// run queue, whose parallelism is the queue's slots.
/// </summary>
public sealed class TurnDispatcher(
    FairTurns turns, IEnumerable<SharedSlots> queues, IOwnerStanding standing, NodeIdentity node,
    IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, ILogger<TurnDispatcher> logger) : BackgroundService, INotificationSubscriber
{
    private static readonly TimeSpan AfterFailure = TimeSpan.FromSeconds(1);

    // However many wake-ups arrive while the slots are being filled, one more round follows it.
    private readonly Channel<bool> _wake = System.Threading.Channels.Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly IReadOnlyList<SharedSlots> _queues = [.. queues];

    string INotificationSubscriber.Channel => FairTurns.Channel;

    void INotificationSubscriber.Notified(string payload) => Wake();

    Task INotificationSubscriber.ListeningAsync(CancellationToken ct)
    {
        Wake();
        return Task.CompletedTask;
    }

    void INotificationSubscriber.StoppedListening()
    {
        // Nothing to forget: until listening again, the renewal rounds look for work.
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Wolverine's queues take messages only once the host has started.
        if (_queues.Count == 0 || !await StartedAsync(stoppingToken))
        {
            return;
        }

        foreach (var queue in _queues)
        {
            queue.Freed += Wake;
        }

        try
        {
            await DispatchAsync(stoppingToken);
        }
        finally
        {
            foreach (var queue in _queues)
            {
                queue.Freed -= Wake;
            }
        }
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    private async Task DispatchAsync(CancellationToken stoppingToken)
    {
        var renewEvery = _queues.Min(q => q.Policy.Lease) / 3;
        var startedClean = false;
        var renewedAt = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!startedClean)
                {
                    // What this node held before it stopped is waiting again at once, rather than when its leases run out.
                    await turns.ReleaseClaimsOfAsync(node.Name, stoppingToken);
                    startedClean = true;
                }

                if (DateTimeOffset.UtcNow - renewedAt >= renewEvery)
                {
                    renewedAt = DateTimeOffset.UtcNow;
                    foreach (var queue in _queues)
                    {
                        await turns.RenewAsync(queue, node.Name, stoppingToken);
                    }
                }

                await FillFreeSlotsAsync(stoppingToken);
                using var round = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                round.CancelAfter(renewEvery);
                try
                {
                    await _wake.Reader.ReadAsync(round.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The renewal round.
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure) when (DatabaseFailures.AreRetried(failure))
            {
                logger.LogWarning("Turn dispatcher: PostgreSQL failed ({Error}); trying again in {Delay}", failure.Message, AfterFailure);
                await Task.Delay(AfterFailure, stoppingToken);
            }
        }
    }

    private async Task FillFreeSlotsAsync(CancellationToken ct)
    {
        IReadOnlySet<string>? suspended = null;
        foreach (var queue in _queues)
        {
            while (queue.AnyFree)
            {
                suspended ??= await standing.SuspendedAsync(ct);
                if (await turns.ClaimNextAsync(queue, node.Name, suspended, ct) is not { } turn)
                {
                    break;
                }

                if (RunMessageOf(queue, turn) is not { } run)
                {
                    await turns.ReleaseAsync(queue.Name, turn.TurnId, ct);
                    continue;
                }

                queue.Take(turn.TurnId);
                logger.LogInformation("{Queue} job {TurnId} (owner {OwnerId}) takes a slot on {Node}", queue.Name, turn.TurnId, turn.OwnerId, node.Name);
                try
                {
                    using var scope = scopes.CreateScope();
                    await scope.ServiceProvider.GetRequiredService<IMessageBus>().SendAsync(run);
                }
                catch
                {
                    // Not renewed from here on: the claim lapses with its lease and the job is offered again.
                    queue.Free(turn.TurnId);
                    throw;
                }
            }
        }
    }

    /// <summary>The job's run message, or null (logged) when this version cannot read what was admitted: the job is dropped rather than block its queue.</summary>
    private object? RunMessageOf(SharedSlots queue, ClaimedTurn turn)
    {
        try
        {
            return JsonSerializer.Deserialize(turn.Payload, queue.RunMessage);
        }
        catch (JsonException unreadable)
        {
            // Not the payload itself: a download's holds the source URL, credentials included.
            logger.LogError("{Queue} job {TurnId} (owner {OwnerId}) is dropped: its run message cannot be read ({Error})",
                queue.Name, turn.TurnId, turn.OwnerId, unreadable.Message);
            return null;
        }
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        await using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
