namespace VideoPipeline.Tests.Infrastructure;

// The HTTP contract as a client sees it (ARCHITECTURE.md section 3), independent of the service's own types.

/// <param name="Url">Null for a multipart ticket (see <paramref name="Multipart"/>).</param>
public sealed record UploadTicketDto(
    Guid VideoId, string Key, Uri Url, string Method, Dictionary<string, string> Headers, DateTimeOffset ExpiresAt, MultipartDto? Multipart = null);

public sealed record MultipartDto(string UploadId, long PartSizeBytes, List<PartUrlDto> Parts);

public sealed record PartUrlDto(int PartNumber, Uri Url);

public sealed record VariantDto(string Resolution, string Key, int Width, int Height);

public sealed record StepsDto(DateTimeOffset? RequestedAt, DateTimeOffset? UploadedAt, DateTimeOffset? ProcessingStartedAt, DateTimeOffset? PlayableAt, DateTimeOffset? ProcessedAt, DateTimeOffset? FailedAt);

public sealed record VideoDto(
    Guid Id, string Title, string Status, double Progress, long? SizeBytes, List<VariantDto> Variants, List<VariantDto> StaticRenditions,
    string? ThumbKey, int FailCount, string? LastError, StepsDto Steps,
    string? Passthrough = null, Dictionary<string, string>? Metadata = null, string? SourceUrl = null, bool Retryable = false);

public sealed record VideoPageDto(List<VideoDto> Items, int? Page, int PageSize, long? TotalCount, string? NextCursor);

public sealed record VideoEventDto(long Sequence, long Version, string Type, DateTimeOffset Timestamp, System.Text.Json.JsonElement Data);

public sealed record PlaybackRenditionDto(string Resolution, Uri Url);

public sealed record PlaybackDto(
    Uri? Url, Uri? Hls, Uri? Dash, Uri? ThumbnailUrl, List<PlaybackRenditionDto> Renditions, DateTimeOffset ExpiresAt, Uri? Embed = null, Uri? Storyboard = null);

public sealed record ProblemDto(string? Type, string? Title, int? Status, string? Detail, Dictionary<string, string[]>? Errors);


public sealed record VideoDetailsDto(Guid Id, string Title, string? Passthrough, Dictionary<string, string> Metadata);

public sealed record IngestAcceptedDto(Guid VideoId, string Title, Uri SourceUrl);

public sealed record RegisteredWebhookDto(Guid Id, string Url, List<string> Events, string? Description, DateTimeOffset CreatedAt, string Secret);

public sealed record WebhookEndpointDto(Guid Id, string Url, List<string> Events, string? Description, DateTimeOffset CreatedAt, DateTimeOffset? SecretRotatedAt);

public sealed record RotatedSecretDto(Guid Id, string Secret, DateTimeOffset RotatedAt);

public sealed record DeliveryAttemptDto(int Number, DateTimeOffset At, int? StatusCode, string? Error, long DurationMs);

public sealed record DeliveryDto(
    Guid Id, Guid EventId, string EventType, string Status, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt,
    List<DeliveryAttemptDto> Attempts, System.Text.Json.JsonElement Payload);

public sealed record DeliveryPageDto(List<DeliveryDto> Items, int Page, int PageSize, long TotalCount);

/// <summary>A webhook body as a receiver reads it.</summary>
public sealed record WebhookEventDto(Guid Id, string Type, DateTimeOffset CreatedAt, WebhookVideoDataDto Data);

public sealed record WebhookVideoDataDto(
    Guid VideoId, string Title, string? Passthrough, Dictionary<string, string> Metadata, string Status, long? SizeBytes,
    List<WebhookRenditionDto>? Renditions, string? Error, WebhookCaptionDto? Caption = null);

public sealed record WebhookCaptionDto(string Language, string Label, int Cues);

public sealed record WebhookRenditionDto(string Resolution, int Width, int Height);

public sealed record CaptionDto(string Language, string Label, Uri Url);
