using System.Diagnostics;
using Microsoft.Extensions.Logging;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Observability;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Modules.Processing.TranscodeVideo.Steps;
using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Modules.Processing.TranscodeVideo;

/// <summary>
/// Consumes the durable transcode queue. It only orchestrates: each step (<see cref="TranscodeStep.InOrder"/>) decides
/// from the job's committed state whether it is needed, and records what it finished as its own commit; a failed
/// attempt is recorded by <see cref="AttemptFailures"/> and, when transient, handed back to the queue to retry.
/// </summary>
public static class TranscodeVideoHandler
{
    public static async Task Handle(
        Contracts.TranscodeVideo message,
        Envelope envelope,
        IDocumentStore store,
        IObjectStorage storage,
        TranscodeOptions options,
        ProcessingMetrics metrics,
        NodeIdentity node,
        ILogger<TranscodeJob> logger,
        CancellationToken ct)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["VideoId"] = message.VideoId });
        using var stream = new JobStream(store, message.VideoId);
        if (await stream.LoadAsync(ct) is not { NeedsWork: true })
        {
            logger.LogInformation("Transcode of video {VideoId} skipped: nothing is left to do", message.VideoId);
            return;
        }

        await stream.RecordAsync(new ProcessingStarted(message.VideoId, envelope.Attempts, node.Name), ct);
        logger.LogInformation("Transcode of video {VideoId} started on {Node} (attempt {Attempt})", message.VideoId, node.Name, envelope.Attempts);
        var clock = Stopwatch.StartNew();
        try
        {
            await using var work = new TranscodeWork(stream, storage, options, logger);
            foreach (var step in TranscodeStep.InOrder)
            {
                var job = (await stream.LoadAsync(ct))!;
                if (step.IsNeeded(job, options))
                {
                    using var span = Tracing.Source.StartActivity($"transcode {step.Name}");
                    span?.SetTag("video.id", message.VideoId);
                    await step.RunAsync(job, work, ct);
                }
            }

            metrics.TranscodeFinished(clock.Elapsed);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
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
}
