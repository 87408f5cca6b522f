using VideoPipeline.BuildingBlocks.Configuration;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Modules.Playback;

namespace VideoPipeline.Http;

/// <summary>
/// Headers that keep the service's pages and answers from being turned against their users: no content sniffing and
/// no referrer on every answer but the player page's own requests (signed URLs must not leak through a Referer), and on HTML pages a Content Security
/// Policy that loads code only from the service, media only from the service and the configured storage or CDN, and
/// lets no other site frame the page.
/// </summary>
public static class SecurityHeaders
{
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        var policy = ContentSecurityPolicy(app.Configuration);
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                // A page may name who frames it for this answer alone (the player page opened with a restricted token).
                var framedBy = http.Features.Get<FrameAncestors>() ?? http.GetEndpoint()?.Metadata.GetMetadata<FrameAncestors>();
                // The player page tells the service (only) that its requests come from it: a playback restriction judged
                // the embedding site when the page opened, and lets what the page loads through (PlaybackCredential).
                headers["Referrer-Policy"] = framedBy is null ? "no-referrer" : "same-origin";
                if (http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
                {
                    // A page meant to be embedded (the player) names who may frame it; every other page is framed by no one.
                    headers.ContentSecurityPolicy = $"{policy}; frame-ancestors {framedBy?.Sources ?? "'none'"}";
                    if (framedBy is null)
                    {
                        headers.XFrameOptions = "DENY";
                    }
                }

                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }

    /// <summary>
    /// The pages' policy but for who may frame them: their own scripts and styles (and workers from blobs, as hls.js
    /// makes), media (thumbnails, renditions, segments) from where they are served.
    /// </summary>
    public static string ContentSecurityPolicy(IConfiguration configuration)
    {
        var media = string.Join(' ', MediaOrigins(configuration).Prepend("'self'").Distinct(StringComparer.OrdinalIgnoreCase));
        return $"default-src 'self'; script-src 'self'; worker-src 'self' blob:; style-src 'self'; img-src {media} data: blob:; media-src {media} blob:; " +
               $"connect-src {media}; object-src 'none'; base-uri 'none'; form-action 'self'";
    }

    /// <summary>Where signed media URLs point: the embedded store's public URL, the S3 endpoint clients reach, a CloudFront distribution.</summary>
    private static IEnumerable<string> MediaOrigins(IConfiguration configuration)
    {
        var storage = configuration.ReadSection<StorageOptions>(StorageOptions.Section);
        var cloudFront = configuration.GetSection(PlaybackOptions.Section).Get<PlaybackOptions>()?.CloudFront.BaseUrl;
        Uri?[] origins = storage.Backend == StorageBackend.S3
            ? [storage.S3.PublicServiceUrl ?? storage.S3.ServiceUrl, cloudFront]
            : [storage.FileSystem.PublicBaseUrl, cloudFront];
        foreach (var origin in origins.OfType<Uri>())
        {
            yield return origin.GetLeftPart(UriPartial.Authority);
        }

        if (storage.Backend == StorageBackend.S3 && storage.S3.ServiceUrl is null)
        {
            // AWS itself: presigned URLs name the bucket's regional host.
            yield return "https://*.amazonaws.com";
        }
    }
}
