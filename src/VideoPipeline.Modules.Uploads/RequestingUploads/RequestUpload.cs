using FluentValidation;
using Npgsql;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.BuildingBlocks.Storage;
using Wolverine.Marten;
using VideoPipeline.Modules.Uploads.ReconcilingUploads;

namespace VideoPipeline.Modules.Uploads.RequestingUploads;

/// <summary>A client asks to upload a video; it gets a presigned PUT URL (or one per part) for the raw object.</summary>
/// <param name="Passthrough">The integrator's own reference, returned in reads and webhook payloads.</param>
/// <param name="Metadata">The integrator's own key-value pairs, returned likewise; <c>GET /videos?metadata[key]=value</c> filters on them.</param>
/// <param name="StaticRenditions">MP4 downloads wanted beyond the default 480p one, by rung ("1080p", "720p", "360p").</param>
public sealed record RequestUpload(
    string Title, string? FileName, string? ContentType, long? SizeBytes, string? Passthrough = null, IReadOnlyDictionary<string, string?>? Metadata = null,
    IReadOnlyList<string>? StaticRenditions = null)
    : OwnedCommand
{
    internal sealed class Validator : AbstractValidator<RequestUpload>
    {
        public Validator(UploadsOptions options)
        {
            RuleFor(x => x.Title).VideoTitle();
            RuleFor(x => x.Passthrough).Passthrough();
            RuleFor(x => x.Metadata).Metadata();
            RuleFor(x => x.FileName).MaximumLength(255).PlainText();
            RuleFor(x => x.ContentType).MaximumLength(255).PlainText();
            RuleFor(x => x.ContentType)
                .Must(type => VideoFormats.IsVideoContentType(type!))
                .When(x => x.ContentType is not null)
                .WithMessage("'Content Type' must be a video/* media type.");
            RuleFor(x => x.FileName)
                .Must(name => VideoFormats.ExtensionOf(name!) is not null)
                .When(x => x.FileName is not null && x.ContentType is null)
                .WithMessage("'File Name' must have a video file extension (mp4, mov, webm, mkv, ...) when no content type is given.");
            RuleFor(x => x.SizeBytes)
                .GreaterThan(0)
                .LessThanOrEqualTo(options.MaxSizeBytes)
                .When(x => x.SizeBytes is not null)
                .WithMessage($"'Size Bytes' must be between 1 and {options.MaxSizeBytes} bytes.");
            RuleFor(x => x.StaticRenditions)
                .Must(names => names!.All(name => Rungs.StandardNames.Contains(name)) && names!.Distinct().Count() == names!.Count)
                .When(x => x.StaticRenditions is not null)
                .WithMessage($"'Static Renditions' must name distinct rungs among {string.Join(", ", Rungs.StandardNames)}.");
        }
    }
}

/// <param name="Url">Where to PUT the whole file; null for a multipart upload, whose parts each have their own URL.</param>
public sealed record UploadTicket(
    Guid VideoId,
    string Key,
    Uri? Url,
    string Method,
    IReadOnlyDictionary<string, string> Headers,
    DateTimeOffset ExpiresAt,
    MultipartTicket? Multipart = null);

/// <summary>
/// A large file goes up in parts: PUT byte range [(n-1)*partSizeBytes, n*partSizeBytes) to part n's URL, keep each answer's
/// ETag header, then POST them to <c>/videos/{id}/complete</c> as <c>{uploadId, parts:[{partNumber, eTag}]}</c>.
/// </summary>
public sealed record MultipartTicket(string UploadId, long PartSizeBytes, IReadOnlyList<PartUrl> Parts);

public sealed record PartUrl(int PartNumber, Uri Url);

/// <summary>
/// The storage side of an upload, prepared before anything is recorded: the video's id, its raw key, the most it may
/// store (<paramref name="MaxSizeBytes"/>: the size declared, or what is left of the owner's storage) and the URLs to
/// send it to; or, when the owner plainly has no room for it, the quota it is over (and nothing was started).
/// The owner's standing is read only when it changes what is prepared: to size an upload that declares no size, and
/// before starting a multipart upload. A declared size sent in one PUT starts nothing here (presigning is local), so the
/// hold in the commit decides alone, with the same refusal naming the quota: one round trip less for what clients send
/// (the dashboard always declares the size).
/// </summary>
public sealed record UploadSlot(
    Guid VideoId, string Key, string ContentType, DateTimeOffset RequestedAt, long MaxSizeBytes, UploadTicket? Ticket, QuotaExceeded? OverQuota = null);

public static class RequestUploadHandler
{
    public static async Task<UploadSlot> LoadAsync(
        RequestUpload command, IObjectStorage storage, IMultipartUploads multipart, UploadsOptions options, NpgsqlDataSource database, QuotaOptions quotas,
        TimeProvider clock, CancellationToken ct)
    {
        var videoId = Guid.CreateVersion7();
        var (contentType, extension) = VideoFormats.Resolve(command.ContentType, command.FileName);
        var key = VideoKeys.Raw(videoId, extension);
        var requestedAt = clock.GetUtcNow();
        var expiresAt = requestedAt.Add(options.UploadUrlLifetime);
        var maxSize = command.SizeBytes ?? 0;
        if (command.SizeBytes is not { } declared || declared > options.MultipartThresholdBytes)
        {
            var standing = await QuotaReader.StandingAsync(database, command.OwnerId, quotas, requestedAt, ct);
            var left = standing.Quotas.Single(q => q.Name == QuotaNames.StoredBytes) is var stored ? Math.Max(0, stored.Limit - stored.Used) : 0;
            maxSize = command.SizeBytes ?? Math.Max(1, Math.Min(options.MaxSizeBytes, left));
            if (QuotaShortfalls.FirstOf(standing, HoldsOf(maxSize)) is { } over)
            {
                return new UploadSlot(videoId, key, contentType, requestedAt, maxSize, Ticket: null, over);
            }
        }

        if (command.SizeBytes is { } size && size > options.MultipartThresholdBytes)
        {
            var uploadId = await multipart.StartAsync(key, contentType, ct);
            var partSize = options.PartSizeBytes;
            var parts = Enumerable.Range(1, (int)((size + partSize - 1) / partSize))
                .Select(n => new PartUrl(n, multipart.PresignPart(key, uploadId, n, Math.Min(partSize, size - ((n - 1) * partSize)), expiresAt)))
                .ToList();
            return new UploadSlot(videoId, key, contentType, requestedAt, maxSize, new UploadTicket(
                videoId, key, null, "PUT", new Dictionary<string, string>(), expiresAt, new MultipartTicket(uploadId, partSize, parts)));
        }

        var put = storage.PresignPut(key, contentType, expiresAt, maxSize);
        return new UploadSlot(videoId, key, contentType, requestedAt, maxSize, new UploadTicket(videoId, key, put.Url, put.Method, put.Headers, expiresAt));
    }

    /// <summary>What an upload holds from its request: a video, a pending upload, and the storage it may fill.</summary>
    public static QuotaHold[] HoldsOf(long maxSizeBytes) =>
        [new(QuotaNames.Videos, 1), new(QuotaNames.PendingUploads, 1), new(QuotaNames.StoredBytes, maxSizeBytes)];

    /// <summary>
    /// Starts the video's stream, holding its quotas in the same transaction (over one, nothing is kept), and schedules
    /// what happens if nobody reports the upload: a look at storage once reports are overdue, which schedules another for
    /// when the URL has long expired, closing an upload that never landed.
    /// </summary>
    public static (Answer, IMartenOp, IMartenOp, OutgoingMessages) Handle(RequestUpload command, UploadSlot slot, UploadsOptions options, QuotaOptions quotas)
    {
        if (slot.Ticket is not { } ticket)
        {
            return (Answer.OverQuota(slot.OverQuota!), MartenOps.Nothing(), MartenOps.Nothing(), []);
        }

        var requested = new UploadRequested(
            slot.VideoId, command.OwnerId, command.Title.Trim(), slot.Key, slot.ContentType, command.SizeBytes, ticket.ExpiresAt, ticket.Multipart?.UploadId,
            command.Passthrough, VideoDetailsRules.StoredMetadata(command.Metadata),
            StaticRenditions: command.StaticRenditions is { Count: > 0 } wanted ? [.. wanted] : null, MaxSizeBytes: slot.MaxSizeBytes);
        var scheduled = new OutgoingMessages();
        scheduled.Schedule(new ReconcileUpload(slot.VideoId, CloseIfNothingLanded: false), slot.RequestedAt + options.Reconciler.LostNotificationAfter);
        var hold = QuotaLedger.Hold(command.OwnerId, QuotaSubject.Video(slot.VideoId), quotas, slot.RequestedAt, HoldsOf(slot.MaxSizeBytes));
        return (Answer.Created($"/videos/{slot.VideoId}", ticket), MartenOps.StartStream<Upload>(slot.VideoId, requested), hold, scheduled);
    }
}

internal sealed class RequestUploadEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapOwnedCommand<RequestUpload, UploadTicket>("/upload/request", StatusCodes.Status201Created)
            .WithTags("Uploads")
            .WithSummary("Start an upload: returns a presigned PUT URL for the raw video.")
            .ProducesProblem(StatusCodes.Status409Conflict);
}
