using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing.Patterns;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.Contracts;

namespace VideoPipeline.Auth;

/// <summary>Who owns a video: the one fact every per-video route is authorised by.</summary>
public sealed class VideoOwner
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";

    /// <summary>Kept rather than removed: later events of the stream must not bring back a blank owner.</summary>
    public bool Deleted { get; set; }
}

public sealed class VideoOwnerProjection : SingleStreamProjection<VideoOwner, Guid>
{
    public static VideoOwner Create(UploadRequested e) => new() { Id = e.VideoId, OwnerId = e.OwnerId };

    public static void Apply(VideoDeleted _, VideoOwner owner) => owner.Deleted = true;
}

/// <summary>
/// The ownership rule of every <c>/videos/{id}/...</c> route, in one place: the caller must own the video or hold an
/// admin key, otherwise the answer is 404 (another owner's video is indistinguishable from none). A deleted video is
/// not found either, except by a route marked <see cref="AnswersForDeletedVideos"/> (deleting it again). Applied as a
/// convention to every such route, so a new one is owner-only without saying so; routes that allow anonymous callers
/// (the signed HLS playlists, authorised by their URL's signature) are left alone.
/// </summary>
public static class VideoOwnership
{
    public const string Schema = "auth";

    public static StoreOptions ConfigureVideoOwnership(this StoreOptions store)
    {
        store.Projections.Add<VideoOwnerProjection>(JasperFx.Events.Projections.ProjectionLifecycle.Inline);
        store.Schema.For<VideoOwner>().DatabaseSchemaName(Schema);
        return store;
    }

    public static TBuilder RequireVideoOwnerOnVideoRoutes<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route && IsPerVideo(route.RoutePattern))
            {
                endpoint.FilterFactories.Add((_, next) => async context => await RefuseUnlessOwnerAsync(context.HttpContext) ?? await next(context));
            }
        });
        return builder;
    }

    private static bool IsPerVideo(RoutePattern pattern) =>
        pattern.PathSegments is [{ Parts: [RoutePatternLiteralPart { Content: "videos" }] }, { Parts: [RoutePatternParameterPart { Name: "id" }] }, ..];

    private static async Task<IResult?> RefuseUnlessOwnerAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return null;
        }

        var owner = Guid.TryParse(http.GetRouteValue("id") as string, out var id)
            ? await http.RequestServices.GetRequiredService<IQuerySession>().LoadAsync<VideoOwner>(id, http.RequestAborted)
            : null;
        var reachable = owner is not null && (!owner.Deleted || http.GetEndpoint()?.Metadata.GetMetadata<AnswersForDeletedVideos>() is not null);
        return reachable && (http.User.IsAdmin() || owner!.OwnerId == http.User.OwnerId())
            ? null
            : Answer.VideoNotFound.ToHttp();
    }
}
