namespace VideoPipeline.Modules.Playback;

internal static class PlaybackRoutes
{
    /// <summary>
    /// GET <paramref name="pattern"/> for the owner of the video named by the route's <c>{id}</c>: the query
    /// <paramref name="create"/> makes of the id and where the caller reached the service (for the links in the answer);
    /// 401 without a valid API key, 404 for a video that is not the caller's.
    /// </summary>
    public static RouteHandlerBuilder MapLinksQuery(this IEndpointRouteBuilder app, string pattern, Func<Guid, Uri, object> create) =>
        app.MapGet(pattern, (Guid id, HttpContext http, IMessageBus bus) =>
                bus.AnswerAsync(create(id, PlaybackLinks.RequestBaseUrl(http.Request)), http.RequestAborted))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
