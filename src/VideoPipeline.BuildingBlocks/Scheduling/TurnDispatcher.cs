using System.Text.Json;
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
/// It wakes when any node admits a job, frees a slot or reinstates an owner (PostgreSQL <c>LISTEN</c>), when a slot of this
/// node is freed, and at least every third of the shortest lease, to renew the claims of its jobs in hand and to take up
/// jobs whose node died. A claimed job is sent as its queue's run message to this node's own run queue, whose parallelism
/// is the queue's slots.
/// </summary>
public sealed class TurnDispatcher(
    NpgsqlDataSource database, FairTurns turns, IEnumerable<SharedSlots> queues, IOwnerStanding standing, NodeIdentity node,
    IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, ILogger<TurnDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _freed = new(0);
    private readonly IReadOnlyList<SharedSlots> _queues = [.. queues];

    public override void Dispose()
    {
        _freed.Dispose();
        base.Dispose();
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
            queue.Freed += OnFreed;
        }

        try
        {
            await DispatchAsync(stoppingToken);
        }
        finally
        {
            foreach (var queue in _queues)
            {
                queue.Freed -= OnFreed;
            }
        }
    }

    private void OnFreed() => _freed.Release();

    private async Task DispatchAsync(CancellationToken stoppingToken)
    {
        var renewEvery = _queues.Min(q => q.Policy.Lease) / 3;
        var startedClean = false;
        Task? freed = null;
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

                await using var connection = await database.OpenConnectionAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {FairTurns.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                var renewedAt = DateTimeOffset.MinValue;
                Task<bool>? heard = null;
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (DateTimeOffset.UtcNow - renewedAt >= renewEvery)
                    {
                        renewedAt = DateTimeOffset.UtcNow;
                        foreach (var queue in _queues)
                        {
                            await turns.RenewAsync(queue, node.Name, stoppingToken);
                        }
                    }

                    await FillFreeSlotsAsync(stoppingToken);
                    heard ??= connection.WaitAsync(renewEvery, stoppingToken);
                    freed ??= _freed.WaitAsync(stoppingToken);
                    if (await Task.WhenAny(heard, freed) == heard)
                    {
                        await heard;
                        heard = null;
                    }
                    else
                    {
                        await freed;
                        freed = null;
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure) when (failure is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                logger.LogWarning("Turn dispatcher: lost the connection to PostgreSQL ({Error}); trying again in {Delay}", failure.Message, Reconnect);
                await Task.Delay(Reconnect, stoppingToken);
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
