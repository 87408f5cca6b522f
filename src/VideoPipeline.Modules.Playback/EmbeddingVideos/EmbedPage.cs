using Microsoft.AspNetCore.Hosting;

namespace VideoPipeline.Modules.Playback.EmbeddingVideos;

/// <summary>
/// The player page at <c>/embed/{id}?expires=&amp;sig=</c>: the static page built from <c>dashboard/</c>, which reads its
/// own link and asks <c>GET /videos/{id}/embed</c> with it. Its frame ancestors are the service itself and
/// <see cref="PlaybackOptions.EmbedOrigins"/>. The page loads whatever the link says, so an expired link gets the
/// page's own message instead of a bare error.
/// </summary>
internal sealed class EmbedPageEndpoint : ICarterModule
{
    public const string Page = "embed.html";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/embed/{id:guid}", (IWebHostEnvironment web, HttpResponse response) =>
            {
                var page = web.WebRootFileProvider.GetFileInfo(Page);
                if (!page.Exists)
                {
                    return Answer.NotFound("The player page is not built.", "Build dashboard/ (npm run build), as run.sh does, into the host's wwwroot.").ToHttp();
                }

                response.Headers.CacheControl = "no-cache";
                return Results.Stream(page.CreateReadStream(), "text/html; charset=utf-8", lastModified: page.LastModified);
            })
            .WithMetadata(app.ServiceProvider.GetRequiredService<IOptions<PlaybackOptions>>().Value.FrameAncestors)
            .AllowAnonymous()
            .WithTags("Playback")
            .WithSummary("The player page, for an <iframe> or a link: the URL GET /videos/{id}/play returned as embed.");
}
