using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace VideoPipeline.BuildingBlocks.Http;

/// <summary>
/// Cross-origin access to what players fetch (playlists, manifests, captions, storyboards, the embedded store's media):
/// any origin, without credentials, because the URL's signature is the credential. Routes opt in with
/// <see cref="RequirePlaybackCors{TBuilder}"/>; the owner's API (API key routes) never does, so no page of another
/// origin reads it.
/// </summary>
public static class PlaybackCors
{
    public const string Policy = "playback";

    /// <summary>What a player may send beyond the safelisted headers: byte ranges and revalidation.</summary>
    public static readonly string[] RequestHeaders = ["Range", "If-Range", "If-None-Match", "If-Modified-Since"];

    /// <summary>What a player may read beyond the safelisted headers: sizes and ranges of media, and validators.</summary>
    public static readonly string[] ExposedHeaders = ["Content-Length", "Content-Range", "Accept-Ranges", "ETag", "Last-Modified", "Date"];

    public static IServiceCollection AddPlaybackCors(this IServiceCollection services) =>
        services.AddCors(cors => cors.AddPolicy(Policy, policy => policy
            .AllowAnyOrigin()
            .WithMethods("GET", "HEAD")
            .WithHeaders(RequestHeaders)
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(TimeSpan.FromHours(2))));

    public static TBuilder RequirePlaybackCors<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireCors(Policy);
}
