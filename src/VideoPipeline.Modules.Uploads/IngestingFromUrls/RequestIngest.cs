using FluentValidation;
using VideoPipeline.BuildingBlocks.Network;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.Modules.Uploads.RequestingUploads;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Uploads.IngestingFromUrls;

/// <summary>
/// A client asks the service to fetch a video from a URL instead of uploading it. The download is not done here: the
/// video's stream starts, and the download is queued durably in the same transaction.
/// </summary>
public sealed record RequestIngest(string Url, string Title, string? Passthrough = null, IReadOnlyDictionary<string, string?>? Metadata = null)
    : OwnedCommand
{
    internal sealed class Validator : AbstractValidator<RequestIngest>
    {
        public Validator(NetworkGuard guard)
        {
            RuleFor(x => x.Url).OutboundUrl(guard);
            RuleFor(x => x.Title).VideoTitle();
            RuleFor(x => x.Passthrough).Passthrough();
            RuleFor(x => x.Metadata).Metadata();
        }
    }
}

/// <summary>The answer to an ingest request: the video it starts, and where it is read (<see cref="RedactedUrl"/>: no query, no user-info).</summary>
public sealed record IngestAccepted(Guid VideoId, string Title, Uri SourceUrl);

/// <summary>The new video's id and when it was asked for.</summary>
public sealed record IngestSlot(Guid VideoId, DateTimeOffset RequestedAt);

public static class RequestIngestHandler
{
    public static IngestSlot Load(RequestIngest command, TimeProvider clock) => new(Guid.CreateVersion7(), clock.GetUtcNow());

    /// <summary>The video and one of the owner's concurrent ingests are held in the stream's transaction; its storage is held as it downloads.</summary>
    public static (Answer, IStartStream, IMartenOp, OutgoingMessages) Handle(RequestIngest command, IngestSlot slot, QuotaOptions quotas)
    {
        var videoId = slot.VideoId;
        var source = new Uri(command.Url);
        var shown = RedactedUrl.Of(source);
        var extension = VideoFormats.ExtensionOf(source.AbsolutePath) ?? "bin";
        var requested = new UploadRequested(
            videoId, command.OwnerId, command.Title.Trim(), VideoKeys.Raw(videoId, extension), VideoFormats.ContentTypeOf(extension),
            DeclaredSizeBytes: null, UploadUrlExpiresAt: slot.RequestedAt, MultipartUploadId: null,
            command.Passthrough, VideoDetailsRules.StoredMetadata(command.Metadata), shown);
        // The full URL goes only into the durable message that downloads it (the queue's table, which no API reads back);
        // the event, and so the audit stream, the dashboard and the answer, keep it redacted.
        var download = new OutgoingMessages { new IngestFromUrl(videoId, source) };
        var hold = QuotaLedger.Hold(command.OwnerId, QuotaSubject.Video(videoId), quotas, slot.RequestedAt,
            new QuotaHold(QuotaNames.Videos, 1), new QuotaHold(QuotaNames.ConcurrentUrlIngests, 1));
        return (Answer.Accepted($"/videos/{videoId}", new IngestAccepted(videoId, requested.Title, shown)), MartenOps.StartStream<Upload>(videoId, requested), hold, download);
    }
}

internal sealed class RequestIngestEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapOwnedCommand<RequestIngest, IngestAccepted>("/videos/from-url", StatusCodes.Status202Accepted)
            .WithTags("Uploads")
            .WithSummary("Ingest a video from an http(s) URL: the service downloads it, then processes it like an upload.")
            .ProducesProblem(StatusCodes.Status409Conflict);
}
