using Wolverine.Attributes;
using JasperFx;
using Wolverine.Runtime.Handlers;
using Microsoft.Extensions.Logging;
using VideoPipeline.BuildingBlocks.Messaging;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.BuildingBlocks.Scheduling;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Uploads.IngestingFromUrls;

/// <summary>Durable queue message: download a video's source URL into its raw object (attempt <paramref name="Attempt"/>, 1-based).</summary>
// The name the durable queue stores it under, from before its folder was renamed, so messages in flight still find it.
[MessageIdentity("VideoPipeline.Modules.Uploads.IngestFromUrl.IngestFromUrl")]
public sealed record IngestFromUrl(Guid VideoId, Uri SourceUrl, int Attempt = 1);

/// <summary>The source's file is stored as the raw object: judged like any landed upload, under the stream's lock.</summary>
// The name the durable queue stores it under, from before its folder was renamed, so messages in flight still find it.
[MessageIdentity("VideoPipeline.Modules.Uploads.IngestFromUrl.LandIngestedFile")]
public sealed record LandIngestedFile([property: Identity] Guid VideoId);

/// <summary>The source URL could not be ingested, for good: the video fails with the reason (decided under the stream's lock).</summary>
// The name the durable queue stores it under, from before its folder was renamed, so messages in flight still find it.
[MessageIdentity("VideoPipeline.Modules.Uploads.IngestFromUrl.RefuseIngest")]
public sealed record RefuseIngest([property: Identity] Guid VideoId, string Reason);

public static class IngestFromUrlHandler
{
    /// <summary>What throws here is the database (<see cref="DurableRetries"/>).</summary>
    public static void Configure(HandlerChain chain) => DurableRetries.RetryThenDeadLetter(chain);

    /// <summary>
    /// Takes the download (the first attempt, or a retry now due) off the FIFO durable queue into the turns of the
    /// <see cref="DownloadSlots"/>, in the transaction that marks the message handled: its turn depends on its owner's share,
    /// so one owner's many or slow sources never hold another owner's ingest back. A video no longer waiting for its
    /// bytes (deleted) is not admitted.
    /// </summary>
    public static async Task Handle(IngestFromUrl message, IDocumentSession session, FairTurns turns, CancellationToken ct)
    {
        if (await session.Events.AggregateStreamAsync<Upload>(message.VideoId, token: ct) is { IsPending: true } upload)
        {
            turns.Admit(session, DownloadSlots.QueueName, new RunIngest(message.VideoId, message.SourceUrl, message.Attempt, upload.OwnerId));
        }
    }

    /// <summary>
    /// Each hold of the download's storage is its own commit, before the bytes it is for are written: another request of
    /// the owner sees it at once, and a download the quota has no room for stops there. What it holds is given back when
    /// the ingest fails or the video is deleted, and becomes the file's size when it lands.
    /// </summary>
    internal static HoldStorage StorageHolds(IDocumentStore store, Upload upload, QuotaOptions quotas, TimeProvider clock) => async (bytes, ct) =>
    {
        await using var session = store.LightweightSession();
        QuotaLedger.QueueHold(session, upload.OwnerId, QuotaSubject.Video(upload.Id), quotas, clock.GetUtcNow(), new QuotaHold(QuotaNames.StoredBytes, bytes));
        try
        {
            await session.SaveChangesAsync(ct);
            return null;
        }
        catch (Exception e) when (QuotaExceeded.In(e) is { } over)
        {
            return $"The file does not fit in the owner's storage quota: {over.Describe()}";
        }
    };

    /// <summary>
    /// What follows an attempt: a stored file is reported as landed; a refusal fails the video at once; a source that could
    /// not be reached is tried again after the next cooldown, and fails the video once they are used up.
    /// </summary>
    public static OutgoingMessages NextStep(IngestFromUrl message, DownloadResult result, UrlIngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(options);
        var next = new OutgoingMessages();
        switch (result)
        {
            case DownloadResult.Fetched:
                next.Add(new LandIngestedFile(message.VideoId));
                break;
            case DownloadResult.Refused refused:
                next.Add(new RefuseIngest(message.VideoId, refused.Reason));
                break;
            case DownloadResult.Unavailable unavailable when message.Attempt <= options.Cooldowns.Count:
                next.Delay(message with { Attempt = message.Attempt + 1 }, options.Cooldowns[message.Attempt - 1]);
                break;
            case DownloadResult.Unavailable unavailable:
                next.Add(new RefuseIngest(message.VideoId, $"The source could not be read in {message.Attempt} attempts; the last: {unavailable.Reason}"));
                break;
        }

        return next;
    }
}

public static class RunIngestHandler
{
    /// <summary>
    /// The source's own failures are handled as results (<see cref="IngestFromUrlHandler.NextStep"/>). What throws is the service's own side
    /// (storage, the database): nothing of the attempt is committed, and the download is tried again, then dead-lettered (<see cref="TurnRuns"/>).
    /// </summary>
    public static void Configure(HandlerChain chain) => TurnRuns.RetryThenDeadLetter(chain);

    /// <summary>
    /// Downloads outside any lock (it may take minutes), stopped as soon as the video is deleted; stores the raw object
    /// unless the video was deleted meanwhile, and then has it judged like any landed upload. The turn ends in the commit
    /// of what follows (the landing, the refusal or the retry).
    /// </summary>
    public static Task<OutgoingMessages> Handle(
        RunIngest message, Envelope envelope, IDocumentSession session, IDocumentStore store, IObjectStorage storage, SourceDownload download, DownloadSlots queue,
        FairTurns turns, UploadsOptions options, QuotaOptions quotas, TimeProvider clock, ILogger<SourceDownload> logger, CancellationToken ct) =>
        TurnRuns.RunAsync(queue, turns, message.TurnId, envelope, () =>
        {
            turns.End(session, DownloadSlots.QueueName, message.TurnId);
            return IngestAsync(message, session, store, storage, download, options, quotas, clock, logger, ct);
        });

    private static async Task<OutgoingMessages> IngestAsync(
        RunIngest message, IDocumentSession session, IDocumentStore store, IObjectStorage storage, SourceDownload download,
        UploadsOptions options, QuotaOptions quotas, TimeProvider clock, ILogger<SourceDownload> logger, CancellationToken ct)
    {
        if (await session.Events.AggregateStreamAsync<Upload>(message.VideoId, token: ct) is not { IsPending: true } upload)
        {
            return [];
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["VideoId"] = message.VideoId });
        await using var file = TempFile.For(message.VideoId);
        DownloadResult fetched;
        await using (var watch = DeletionWatch.Start(store, message.VideoId, options.UrlIngest.DeletionCheckInterval, ct))
        {
            try
            {
                fetched = await download.FetchAsync(message.SourceUrl, file.Path, options, IngestFromUrlHandler.StorageHolds(store, upload, quotas, clock), watch.Token);
            }
            catch (OperationCanceledException) when (watch.FoundGone)
            {
                logger.LogInformation("Ingest of video {VideoId} stopped: the video no longer waits for its file (deleted)", message.VideoId);
                return [];
            }
        }

        if (fetched is DownloadResult.Fetched)
        {
            // The download may have outlasted the video: nothing is written for a video deleted meanwhile.
            if (await session.Events.AggregateStreamAsync<Upload>(message.VideoId, token: ct) is not { IsPending: true })
            {
                return [];
            }

            try
            {
                await storage.UploadFileAsync(upload.RawKey, file.Path, upload.ContentType, ct);
            }
            catch (ObjectGoneException)
            {
                // Deleted between that look and the write: the store kept nothing.
                return [];
            }
        }

        var next = IngestFromUrlHandler.NextStep(message.Download, fetched, options.UrlIngest);
        logger.LogInformation("Ingest of video {VideoId} from {Host}, attempt {Attempt}: {Outcome}",
            message.VideoId, message.SourceUrl.Host, message.Attempt, fetched.Describe());
        return next;
    }
}

public static class LandIngestedFileHandler
{
    /// <summary>Under the stream's lock, and only while the video waits for its bytes: seal the object, so what is judged is what processing reads.</summary>
    public static async Task<Landing> LoadAsync(LandIngestedFile command, Upload? upload, IObjectStorage storage, CancellationToken ct) =>
        upload is { IsPending: true } ? new Landing(await storage.SealAsync(upload.RawKey, ct)) : Landing.Nothing;

    /// <summary>The same terms as an upload (size, an object at all); a video deleted meanwhile has what was stored purged.</summary>
    [AggregateHandler(ConcurrencyStyle.Exclusive)]
    public static (Events, OutgoingMessages) Handle(LandIngestedFile command, Upload? upload, Landing landing, UploadsOptions options)
    {
        if (upload is not { IsPending: true })
        {
            return ([], upload?.PurgeAgainIfDeleted() ?? []);
        }

        var (_, events, outgoing) = upload.Land(UploadReporter.Url, landing, options.MaxSizeBytes);
        return (events, outgoing);
    }
}

public static class RefuseIngestHandler
{
    [AggregateHandler(ConcurrencyStyle.Exclusive)]
    public static Events Handle(RefuseIngest command, Upload? upload) => upload?.RefuseIngest(command.Reason) ?? [];
}
