using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Security;
using System.Text;
using System.Text.RegularExpressions;
using JasperFx.Events.Projections;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.BuildingBlocks.Streaming;
using VideoPipeline.Modules.Playback.Manifests;
using VideoPipeline.Modules.Playback.Signing;
using VideoPipeline.Modules.Playback.AddingCaptions;
using VideoPipeline.Modules.Playback.EmbeddingVideos;
using VideoPipeline.Modules.Playback.ListingCaptions;
using VideoPipeline.Modules.Playback.PlayingVideos;
using VideoPipeline.Modules.Playback.RemovingCaptions;
using VideoPipeline.Modules.Playback.ServingCaptions;
using VideoPipeline.Modules.Playback.ServingDashManifests;
using VideoPipeline.Modules.Playback.ServingHlsPlaylists;
using VideoPipeline.Modules.Playback.ServingImages;
using VideoPipeline.Modules.Playback.ServingStoryboards;

namespace VideoPipeline.Modules.Playback;

public static partial class PlaybackModule
{
    public const string Schema = "playback";

    /// <summary>The module's HTTP routes (Carter modules), for the host to map.</summary>
    public static IReadOnlyList<Type> Endpoints { get; } =
    [
        typeof(PlayVideoEndpoint), typeof(ServeHlsPlaylistEndpoint), typeof(ServeHlsPartEndpoint), typeof(ServeDashManifestEndpoint),
        typeof(AddCaptionEndpoint), typeof(RemoveCaptionEndpoint), typeof(ListCaptionsEndpoint),
        typeof(ServeCaptionEndpoint), typeof(ServeStoryboardEndpoint), typeof(EmbedVideoEndpoint), typeof(EmbedPageEndpoint),
        typeof(ServeThumbnailEndpoint), typeof(ServeAnimationEndpoint),
        typeof(ServingDownloads.ServeDownloadEndpoint),
    ];

    public static IServiceCollection AddPlaybackModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlaybackOptions>()
            .Bind(configuration.GetSection(PlaybackOptions.Section))
            .Validate(o => o.UrlLifetime > TimeSpan.Zero && o.UrlLifetime <= TimeSpan.FromDays(7),
                $"{PlaybackOptions.Section}:UrlLifetime must be more than zero and at most 7 days.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.SigningKey),
                $"{PlaybackOptions.Section}:SigningKey must be set: it signs the HLS playlist and DASH manifest URLs players open without an API key.")
            .Validate(o => !o.CloudFront.IsConfigured ||
                           (o.CloudFront.BaseUrl is { IsAbsoluteUri: true } && !string.IsNullOrWhiteSpace(o.CloudFront.KeyPairId) &&
                            !string.IsNullOrWhiteSpace(o.CloudFront.PrivateKeyPem)),
                $"{PlaybackOptions.Section}:CloudFront needs all of BaseUrl (absolute), KeyPairId and PrivateKeyPem, or none of them.")
            .Validate(o => o.EmbedOrigins.All(EmbedOrigin().IsMatch),
                $"{PlaybackOptions.Section}:EmbedOrigins must each be an origin (https://example.com, https://*.example.com, http://host:port) or *.")
            .Validate(o => o.Images.IsValid,
                $"{PlaybackOptions.Section}:Images: every bound must be positive, and each default within its bound.")
            .ValidateOnStart();

        services.AddSingleton<ImageRenders>();
        services.AddSingleton(provider =>
            new PlaylistGrant(Encoding.UTF8.GetBytes(provider.GetRequiredService<IOptions<PlaybackOptions>>().Value.SigningKey)));
        services.AddSingleton(provider => new PlaybackGate(
            provider.GetRequiredService<PlaylistGrant>(), provider.GetRequiredService<BuildingBlocks.Tenants.IPlaybackKeys>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<IOptions<PlaybackOptions>>().Value.UrlLifetime));
        services.AddSingleton<IMediaUrlSigner>(provider =>
        {
            var cloudFront = provider.GetRequiredService<IOptions<PlaybackOptions>>().Value.CloudFront;
            return cloudFront.IsConfigured
                ? new CloudFrontSigner(cloudFront.BaseUrl!, cloudFront.KeyPairId!, cloudFront.PrivateKeyPem!)
                : new StoragePresignedUrls(provider.GetRequiredService<IObjectStorage>());
        });
        services.AddNotificationSubscriber<PlaylistChanges>();
        return services;
    }

    public static StoreOptions ConfigurePlayback(this StoreOptions store)
    {
        store.Projections.Add<PlayableVideoProjection>(ProjectionLifecycle.Inline);
        store.Schema.For<PlayableVideo>().DatabaseSchemaName(Schema);
        store.Schema.For<Captions.CaptionTrack>().DatabaseSchemaName(Schema).Index(t => t.VideoId);
        store.Events.AddEventTypes([typeof(CaptionAdded), typeof(CaptionRemoved)]);
        store.Projections.LiveStreamAggregation<Captions.VideoCaptions>();
        store.Projections.Add<Captions.CaptionTracksOfDeletedVideos>(ProjectionLifecycle.Inline);
        return store;
    }

    [GeneratedRegex(@"^\s*(\*|https?://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex EmbedOrigin();

    public static WolverineOptions ConfigurePlayback(this WolverineOptions wolverine)
    {
        wolverine.Discovery.IncludeAssembly(typeof(PlaybackModule).Assembly);
        return wolverine;
    }
}
