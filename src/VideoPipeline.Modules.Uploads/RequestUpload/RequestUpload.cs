using System.Text.Json.Serialization;
using Carter;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Contracts;
using Wolverine;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Uploads.RequestUpload;

/// <summary>A client asks to upload a video; it gets a presigned PUT URL for the raw object.</summary>
public sealed record RequestUpload(string Title, string? FileName, string? ContentType, long? SizeBytes)
{
    [JsonIgnore]
    public string OwnerId { get; init; } = "";

    public sealed class Validator : AbstractValidator<RequestUpload>
    {
        public Validator(IOptions<UploadsOptions> options)
        {
            RuleFor(x => x.Title).NotEmpty().MaximumLength(200).PlainText();
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
                .LessThanOrEqualTo(options.Value.MaxSizeBytes)
                .When(x => x.SizeBytes is not null)
                .WithMessage($"'Size Bytes' must be between 1 and {options.Value.MaxSizeBytes} bytes.");
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

public static class RequestUploadHandler
{
    public static async Task<(UploadTicket, IStartStream)> Handle(
        RequestUpload command,
        IObjectStorage storage,
        IMultipartUploads multipart,
        IOptions<UploadsOptions> options,
        TimeProvider clock,
        CancellationToken ct)
    {
        var videoId = Guid.CreateVersion7();
        var (contentType, extension) = VideoFormats.Resolve(command.ContentType, command.FileName);
        var key = VideoKeys.Raw(videoId, extension);
        var expiresAt = clock.GetUtcNow().Add(options.Value.UploadUrlLifetime);

        UploadTicket ticket;
        string? uploadId = null;
        if (command.SizeBytes is { } size && size > options.Value.MultipartThresholdBytes)
        {
            uploadId = await multipart.StartAsync(key, contentType, ct);
            var partSize = options.Value.PartSizeBytes;
            var parts = Enumerable.Range(1, (int)((size + partSize - 1) / partSize))
                .Select(n => new PartUrl(n, multipart.PresignPart(key, uploadId, n, Math.Min(partSize, size - ((n - 1) * partSize)), expiresAt)))
                .ToList();
            ticket = new UploadTicket(videoId, key, null, "PUT", new Dictionary<string, string>(), expiresAt, new MultipartTicket(uploadId, partSize, parts));
        }
        else
        {
            var presigned = storage.PresignPut(key, contentType, expiresAt, command.SizeBytes ?? options.Value.MaxSizeBytes);
            ticket = new UploadTicket(videoId, key, presigned.Url, presigned.Method, presigned.Headers, expiresAt);
        }

        var requested = new UploadRequested(
            videoId, command.OwnerId, command.Title.Trim(), key, contentType, command.SizeBytes, expiresAt, uploadId);
        return (ticket, MartenOps.StartStream<Upload>(videoId, requested));
    }
}

public sealed class RequestUploadEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/upload/request", async (RequestUpload request, HttpContext http, IMessageBus bus) =>
            {
                var ticket = await bus.InvokeAsync<UploadTicket>(
                    request with { OwnerId = http.User.OwnerId() }, http.RequestAborted);
                return Results.Created($"/videos/{ticket.VideoId}", ticket);
            })
            .Validates<RequestUpload>()
            .WithTags("Uploads")
            .WithSummary("Start an upload: returns a presigned PUT URL for the raw video.")
            .Produces<UploadTicket>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
