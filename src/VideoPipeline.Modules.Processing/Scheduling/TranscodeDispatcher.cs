using VideoPipeline.MediaEngine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Tenants;

namespace VideoPipeline.Modules.Processing.Scheduling;

/// <summary>
/// Fills this node's free transcode slots with the jobs the <see cref="FairChoice"/> gives them, cluster-wide. It wakes
/// when any node admits a job or frees a slot (PostgreSQL <c>LISTEN</c>), and at least every third of a lease to renew
/// the claims of its jobs in hand and to take up jobs whose node died. A claimed job goes to this node's own run queue
/// (<see cref="ProcessingModule.RunQueueName"/>), whose parallelism is this node's slots.
/// </summary>
public sealed class TranscodeDispatcher(
    NpgsqlDataSource database, TranscodeTurns queue, TranscodeSlots slots, IOwnerStanding standing, NodeIdentity node, ProcessingOptions options,
    IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, ILogger<TranscodeDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Wolverine's queues take messages only once the host has started.
        if (!await StartedAsync(stoppingToken))
        {
            return;
        }

        var renewEvery = options.Fairness.Lease / 3;
        var startedClean = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!startedClean)
                {
                    // What this node held before it stopped is waiting again at once, rather than when its leases run out.
                    await queue.ReleaseClaimsOfAsync(node.Name, stoppingToken);
                    startedClean = true;
                }

                await using var connection = await database.OpenConnectionAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {TranscodeTurns.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await queue.RenewAsync(node.Name, slots.InHand, stoppingToken);
                    await FillFreeSlotsAsync(stoppingToken);
                    await connection.WaitAsync(renewEvery, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure) when (failure is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                logger.LogWarning("Transcode dispatcher: lost the connection to PostgreSQL ({Error}); trying again in {Delay}", failure.Message, Reconnect);
                await Task.Delay(Reconnect, stoppingToken);
            }
        }
    }

    private async Task FillFreeSlotsAsync(CancellationToken ct)
    {
        while (slots.AnyFree)
        {
            var suspended = await standing.SuspendedAsync(ct);
            if (await queue.ClaimNextAsync(node.Name, suspended, ct) is not { } job)
            {
                return;
            }

            slots.Take(job.VideoId);
            logger.LogInformation("Transcode of video {VideoId} (owner {OwnerId}) takes a slot on {Node}", job.VideoId, job.OwnerId, node.Name);
            try
            {
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<IMessageBus>().SendAsync(job);
            }
            catch
            {
                // Not renewed from here on: the claim lapses with its lease and the job is offered again.
                slots.Free(job.VideoId);
                throw;
            }
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
