using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using VideoPipeline.Auth;
using VideoPipeline.BuildingBlocks.Configuration;

namespace VideoPipeline.RateLimiting;

/// <summary>Section <c>VideoPipeline:RateLimits</c>: fixed windows per API key, and per client IP for callers without one.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "VideoPipeline:RateLimits";

    public bool Enabled { get; set; } = true;

    public int PermitsPerKey { get; set; } = 600;

    public int PermitsPerAnonymousClient { get; set; } = 300;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Rate limits on every endpoint except those that opt out (health, the embedded store's signed object URLs, which
/// stand in for S3). Anonymous callers, failed API keys included, count against their IP, so guessing keys is limited too.
/// Over the limit: 429 problem+json with Retry-After.
/// </summary>
public static class ApiRateLimits
{
    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.ReadSection<RateLimitOptions>(RateLimitOptions.Section);
        if (options.PermitsPerKey < 1 || options.PermitsPerAnonymousClient < 1 || options.Window <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{RateLimitOptions.Section}: permits must be at least 1 and Window more than zero.");
        }

        return services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, options));
            limiter.OnRejected = RejectAsync;
        });
    }

    private static RateLimitPartition<string> Partition(HttpContext http, RateLimitOptions options)
    {
        if (!options.Enabled)
        {
            return RateLimitPartition.GetNoLimiter("off");
        }

        var keyId = http.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaimType)?.Value;
        var (partition, permits) = keyId is not null
            ? ("key:" + keyId, options.PermitsPerKey)
            : ("ip:" + http.Connection.RemoteIpAddress, options.PermitsPerAnonymousClient);
        return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = options.Window,
            QueueLimit = 0,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var http = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"The rate limit of this API key (or of this client, without one) is used up; retry in {seconds} s.",
            },
        });
    }
}
