using VideoPipeline.BuildingBlocks.Quotas;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Observability;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Modules.Processing.Scheduling;
using VideoPipeline.Modules.Processing.TranscodingVideos.Steps;
using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Processing.TranscodingVideos;

/// <summary>
/// Runs a transcode whose turn came (<see cref="BuildingBlocks.Scheduling.TurnDispatcher"/>, which never gives a turn to a suspended owner). It only orchestrates: each step (<see cref="TranscodeStep.InOrder"/>) decides
/// from the job's committed state whether it is needed, and records what it finished as its own commit; a failed
/// attempt is recorded by <see cref="AttemptFailures"/> and, when transient, handed back to the queue to retry. A job
/// whose video is deleted stops where it is (ffmpeg included), deletes its workspace and has what it wrote purged.
/// </summary>
public static class RunTranscodeHandler
{
    public static async Task Handle(
        RunTranscode message,
        Envelope envelope,
        IDocumentStore store,
        IObjectStorage storage,
        MediaOptions media,
        ProcessingOptions options,
        ProcessingMetrics metrics,
        QuotaOptions quotas,
        TimeProvider time,
        IMessageBus bus,
        NodeIdentity node,
        Npgsql.NpgsqlDataSource database,
        BuildingBlocks.Streaming.PlaylistChanges playlists,
        ILogger<TranscodeJob> logger,
        CancellationToken ct)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["VideoId"] = message.VideoId });
        using var stream = new JobStream(store, message.VideoId);
        var job = await stream.LoadAsync(ct);
        switch (JobDecisions.OnDelivery(job))
        {
            case JobDecisions.Delivery.Purge:
                await bus.PublishAsync(new PurgeVideoObjects(message.VideoId));
                return;
            case JobDecisions.Delivery.Skip:
                logger.LogInformation("Transcode of video {VideoId} skipped: nothing is left to do", message.VideoId);
                return;
        }

        using var running = CancellationTokenSource.CreateLinkedTokenSource(ct, stream.Deleted);
        try
        {
            await stream.RecordAsync(new ProcessingStarted(message.VideoId, envelope.Attempts, node.Name), running.Token);
            logger.LogInformation("Transcode of video {VideoId} started on {Node} (attempt {Attempt})", message.VideoId, node.Name, envelope.Attempts);
            var clock = Stopwatch.StartNew();
            try
            {
                var owner = job?.OwnerId ?? message.OwnerId;
                var jobCost = options.JobCost.WithOverride(owner, await QuotaReader.OverrideAsync(database, owner, QuotaNames.TranscodeGigapixelsPerJob, running.Token));
                await using var work = new TranscodeWork(stream, storage, media, jobCost, new EncodingQuota(quotas, time), playlists, time, options.AttemptTimeLimit(media), logger);
                foreach (var step in TranscodeStep.InOrder)
                {
                    var current = await stream.LoadForNextStepAsync(running.Token);
                    if (step.IsNeeded(current))
                    {
                        using var span = Tracing.Source.StartActivity($"transcode {step.Name}");
                        span?.SetTag("video.id", message.VideoId);
                        await step.RunAsync(current, work, running.Token);
                    }
                }

                metrics.TranscodeFinished(clock.Elapsed);
            }
            catch (Exception failure) when (failure is not OperationCanceledException && !stream.WasDeleted)
            {
                var failed = AttemptFailures.Record(message.VideoId, envelope.Attempts, envelope.Id, failure, options.RetryBudget);
                logger.LogWarning(failure, "Transcode of video {VideoId} failed on attempt {Attempt}: {Error} ({Next})", message.VideoId, envelope.Attempts,
                    failed.Error, failed.WillRetry ? "it will be retried" : failed.DeadLetterId is null ? "it is refused for good" : "retries are exhausted; dead-lettered");
                await stream.RecordAsync(failed, CancellationToken.None);
                if (AttemptFailures.GoesBackToTheQueue(failed))
                {
                    throw;
                }
            }
        }
        catch (Exception) when (stream.WasDeleted)
        {
            logger.LogInformation("Transcode of video {VideoId} stopped: the video was deleted", message.VideoId);
            await bus.PublishAsync(new PurgeVideoObjects(message.VideoId));
        }
    }
}
