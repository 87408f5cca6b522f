using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;

namespace VideoPipeline.BuildingBlocks.Http;

/// <summary>
/// How much a request may send, per route. The server's own limit is <see cref="Json"/>; routing applies a route's limit
/// when it picks the route, before authentication, buffering or any signature work, and a body past it is answered 413.
/// </summary>
public static class BodyLimits
{
    /// <summary>Every JSON call of the API: a title, a few fields.</summary>
    public const long Json = 64 * 1024;

    /// <summary>A storage notification: an S3 event document of at most <see cref="MaxNotificationRecords"/> records.</summary>
    public const long Notification = 256 * 1024;

    /// <summary>An SNS delivery: SNS messages are at most 256 KiB, JSON-escaped once more inside the envelope.</summary>
    public const long SnsDelivery = 1024 * 1024;

    /// <summary>The records one storage notification may carry (S3 sends one per event).</summary>
    public const int MaxNotificationRecords = 100;

    /// <summary>The route takes at most <paramref name="bytes"/>; null lifts the server's limit (the route bounds the body itself).</summary>
    public static RouteHandlerBuilder WithBodyLimit(this RouteHandlerBuilder route, long? bytes) =>
        route.WithMetadata(new BodyLimit(bytes));

    private sealed record BodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
