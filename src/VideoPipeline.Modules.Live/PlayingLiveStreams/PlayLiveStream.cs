using VideoPipeline.BuildingBlocks.Security;

namespace VideoPipeline.Modules.Live.PlayingLiveStreams;

/// <summary>Signed links to watch the broadcast under way (the recording's own playlists, served live while it grows).</summary>
public sealed record PlayLiveStream(Guid LiveStreamId, string OwnerId, Uri RequestBaseUrl);

/// <param name="VideoId">The video recording the broadcast: its own <c>/videos/{id}/play</c> gives the same links, and more once it is finished.</param>
/// <param name="Dash">The dynamic DASH manifest (MPD <c>type="dynamic"</c>, the DVR window as its time-shift buffer).</param>
public sealed record LivePlaybackUrls(Guid VideoId, Uri Hls, Uri Dash, Uri Embed, DateTimeOffset ExpiresAt);

public static class PlayLiveStreamHandler
{
    public static async Task<Answer> Handle(
        PlayLiveStream query, IQuerySession session, PlaylistGrant grant, LivePlaybackOptions options, TimeProvider clock, CancellationToken ct)
    {
        if (await LiveStreamWrites.OwnedAsync(session, query.LiveStreamId, query.OwnerId, ct) is not { } stream)
        {
            return LiveStreamWrites.NotFound;
        }

        if (stream.ActiveVideoId is not { } videoId)
        {
            return Answer.Conflict("The live stream is not broadcasting.", "Publish to its RTMP URL first; GET /live-streams/{id} shows its status.");
        }

        var expiresAt = clock.GetUtcNow().Add(options.UrlLifetime);
        var baseUrl = options.PublicBaseUrl ?? query.RequestBaseUrl;
        var signed = grant.Query(videoId, expiresAt);
        return Answer.Ok(new LivePlaybackUrls(
            videoId,
            new Uri(baseUrl, $"videos/{videoId:D}/{StreamingLayout.HlsRoute}/{StreamingLayout.MasterPlaylist}?{signed}"),
            new Uri(baseUrl, $"videos/{videoId:D}/{StreamingLayout.DashRoute}/{StreamingLayout.DashManifest}?{signed}"),
            new Uri(baseUrl, $"embed/{videoId:D}?{signed}"),
            expiresAt));
    }
}

/// <summary>The playback links' settings, read from the Playback module's section so both modules sign alike.</summary>
public sealed class LivePlaybackOptions
{
    public TimeSpan UrlLifetime { get; set; } = TimeSpan.FromHours(1);

    public Uri? PublicBaseUrl { get; set; }
}

internal sealed class PlayLiveStreamEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/live-streams/{id:guid}/play", (Guid id, HttpContext http, IMessageBus bus) =>
                bus.AnswerAsync(new PlayLiveStream(id, http.User.OwnerId(), new Uri($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/")), http.RequestAborted))
            .WithTags("Live streams")
            .WithSummary("Signed, short-lived links (HLS, DASH, the player page) to watch the broadcast under way.")
            .Produces<LivePlaybackUrls>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
