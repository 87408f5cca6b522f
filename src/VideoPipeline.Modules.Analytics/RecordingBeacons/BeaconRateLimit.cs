using System.Globalization;
using System.Threading.RateLimiting;

namespace VideoPipeline.Modules.Analytics.RecordingBeacons;

/// <summary>
/// At most <see cref="AnalyticsOptions.BeaconsPerViewPerMinute"/> beacons per view on a node (429 with Retry-After past
/// it), on top of the service's rate limit per client address: a runaway or hostile player cannot flood one view.
/// </summary>
internal sealed class BeaconRateLimit : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _views;

    public BeaconRateLimit(IOptions<AnalyticsOptions> options) =>
        _views = PartitionedRateLimiter.Create<Guid, Guid>(view => RateLimitPartition.GetFixedWindowLimiter(view, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.BeaconsPerViewPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var beacon = context.Arguments.OfType<Beacon>().Single();
        using var lease = _views.AttemptAcquire(beacon.ViewId);
        if (lease.IsAcquired)
        {
            return await next(context);
        }

        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(10);
        context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many beacons for this view.",
            detail: "A view sends a beacon every few seconds; this one sent more than its share. Batch the events.");
    }

    public void Dispose() => _views.Dispose();
}
