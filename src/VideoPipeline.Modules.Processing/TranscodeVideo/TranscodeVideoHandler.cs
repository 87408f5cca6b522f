using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoPipeline.BuildingBlocks.Media;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Processing.Transcoding;
using Wolverine;

namespace VideoPipeline.Modules.Processing.TranscodeVideo;

/// <summary>
/// Consumes the durable transcode queue: probe, rendition ladder, thumbnail, upload, one event per finished step.
/// Each step is committed as it finishes, so a redelivered message (retry, crash, operator retry) redoes only what is missing.
/// </summary>
public static class TranscodeVideoHandler
{
    public static async Task Handle(
        Contracts.TranscodeVideo message,
        Envelope envelope,
        IDocumentStore store,
        IObjectStorage storage,
        IOptions<TranscodeOptions> transcodeOptions,
        IOptions<ProcessingQueueOptions> queueOptions,
        ProcessingMetrics metrics,
        ILogger<TranscodeJob> logger,
        CancellationToken ct)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["VideoId"] = message.VideoId });
        using var events = new JobEvents(store, message.VideoId);
        var job = await events.LoadAsync(ct);
        if (job is null || job.Completed)
        {
            logger.LogInformation("Transcode of video {VideoId} skipped: {Reason}", message.VideoId, job is null ? "no such video" : "already processed");
            return;
        }

        var attempt = envelope.Attempts;
        await events.AppendAsync(new ProcessingStarted(message.VideoId, attempt), ct);
        logger.LogInformation("Transcode of video {VideoId} started (attempt {Attempt})", message.VideoId, attempt);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await TranscodeAsync(message, job, events, storage, transcodeOptions.Value, logger, ct);
            metrics.TranscodeFinished(clock.Elapsed);
        }
        catch (Exception refused) when (RefusalOf(refused) is { } reason)
        {
            logger.LogWarning("Video {VideoId} is refused: {Reason}", message.VideoId, reason);
            await events.AppendAsync(new ProcessingAttemptFailed(message.VideoId, attempt, reason, WillRetry: false), ct);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            var willRetry = attempt <= queueOptions.Value.EffectiveRetryCooldowns.Length;
            logger.LogWarning(failure, "Transcode of video {VideoId} failed on attempt {Attempt}; {Next}",
                message.VideoId, attempt, willRetry ? "it will be retried" : "retries are exhausted and the message is dead-lettered");
            await events.AppendAsync(new ProcessingAttemptFailed(message.VideoId, attempt, Describe(failure), willRetry), CancellationToken.None);
            throw;
        }
    }

    private static async Task TranscodeAsync(
        Contracts.TranscodeVideo message,
        TranscodeJob job,
        JobEvents events,
        IObjectStorage storage,
        TranscodeOptions options,
        ILogger logger,
        CancellationToken ct)
    {
        await using var workspace = TempWorkspace.Create(options, message.VideoId);
        // A name of our own: nothing of the uploader's choosing reaches ffmpeg's command line.
        var rawPath = workspace.PathFor("raw");
        await storage.DownloadToFileAsync(message.RawKey, rawPath, job.RawVersion, ct);

        var source = job.Source;
        if (source is null)
        {
            source = await MediaProbe.ProbeAsync(rawPath, options, ct);
            await events.AppendAsync(source.Inspected(message.VideoId), ct);
            logger.LogInformation("Video {VideoId} probed: {Container}, {Width}x{Height}, {Duration:0.0}s, {Codec}",
                message.VideoId, source.Container.Description, source.DisplayWidth, source.DisplayHeight, source.DurationSeconds, source.VideoCodec);
        }

        var input = source.At(rawPath);
        var bounds = options.BoundsFor(source, new FileInfo(rawPath).Length);
        if (source.IsBrowserPlayable && !job.IsPlayable)
        {
            await MakeOriginalPlayableAsync(message.VideoId, input, source, bounds, workspace, events, storage, ct);
        }

        var ladder = LadderPlanner.Plan(source, options);
        var missing = ladder.Where(r => !job.Renditions.Contains(r.Name)).ToList();
        IReadOnlyList<RenditionFile> encoded = [];
        if (missing.Count > 0)
        {
            await using var progress = new ProgressEvents(events, message.VideoId, ct);
            encoded = await LadderTranscoder.TranscodeAsync(input, workspace.Path, source, missing, options, progress, ct);
            foreach (var output in encoded)
            {
                var key = VideoKeys.Rendition(message.VideoId, output.Rendition.Name);
                await storage.UploadFileAsync(key, output.Path, "video/mp4", ct);
                await events.AppendAsync(
                    new RenditionReady(message.VideoId, output.Rendition.Name, key, output.Width, output.Height, output.SizeBytes), ct);
            }
        }

        if (options.EnableHls && !job.HasHls)
        {
            await HlsPublishing.PublishAsync(message.VideoId, ladder, encoded, workspace, events, storage, options, bounds, ct);
        }

        if (!job.HasThumbnail)
        {
            var thumbPath = workspace.PathFor("thumb.jpg");
            await ThumbnailCapture.CaptureAsync(input, thumbPath, source, bounds, ct);
            var key = VideoKeys.Thumbnail(message.VideoId);
            await storage.UploadFileAsync(key, thumbPath, "image/jpeg", ct);
            await events.AppendAsync(new ThumbnailReady(message.VideoId, key), ct);
        }

        await events.CompleteOnceAsync(ct);
        logger.LogInformation("Transcode of video {VideoId} completed", message.VideoId);
    }

    /// <summary>The fast path: a source browsers can already play is remuxed with +faststart and playable in seconds, before the ladder runs.</summary>
    private static async Task MakeOriginalPlayableAsync(
        Guid videoId, MediaInput input, SourceMedia source, MediaBounds bounds, TempWorkspace workspace, JobEvents events, IObjectStorage storage,
        CancellationToken ct)
    {
        var originalPath = workspace.PathFor("original.mp4");
        await FastStartRemux.RemuxAsync(input, originalPath, bounds, ct);
        var key = VideoKeys.Original(videoId);
        await storage.UploadFileAsync(key, originalPath, "video/mp4", ct);
        await events.AppendAsync(
            new OriginalReady(videoId, key, source.DisplayWidth, source.DisplayHeight, new FileInfo(originalPath).Length), ct);
    }

    /// <summary>Why the upload can never be processed (deterministic: fail at once, no retries), or null for a transient failure.</summary>
    private static string? RefusalOf(Exception failure) => failure switch
    {
        MediaRefusedException refused => refused.Reason,
        ObjectChangedException changed => $"The upload was replaced after it was verified, so it is not processed: {changed.Message} Request a new upload.",
        _ => null,
    };

    private static string Describe(Exception failure) => failure switch
    {
        StorageUnavailableException => $"Storage unavailable: {failure.Message}",
        TranscodeStalledException => $"ffmpeg made no progress and was stopped: {failure.Message}",
        TranscodeFailedException => $"ffmpeg failed: {failure.Message}",
        _ => $"{failure.GetType().Name}: {failure.Message}",
    };
}
