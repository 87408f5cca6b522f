using System.Net;
using Microsoft.AspNetCore.Hosting;
using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.Modules.Playback.Manifests;

namespace VideoPipeline.Modules.Playback.EmbeddingVideos;

/// <summary>
/// Opening the player page with an owner's token: the page's own request is the one that comes from the embedding
/// site (its <c>Referer</c>), so the token, with its playback restriction, is judged here; what the page then loads
/// comes from the page itself. Answers the domains of the token's restriction (null without one).
/// </summary>
public sealed record OpenPlayerPage(Guid VideoId, PlaybackCredential Credential) : IGrantedRequest;

public static class OpenPlayerPageHandler
{
    public static Task<Answer> Handle(OpenPlayerPage query, IQuerySession session, PlaybackGate gate, CancellationToken ct) =>
        StoredManifest.AnswerAsync(query, gate, session, (_, access) => Task.FromResult(Answer.Ok(access.Restriction?.ReferrerDomains)), ct);
}

/// <summary>
/// The player page at <c>/embed/{id}?expires=&amp;sig=</c> or <c>?token=</c>: the static page built from <c>dashboard/</c>,
/// which reads its own link and asks <c>GET /videos/{id}/embed</c> with it. Its frame ancestors are the service itself and
/// <see cref="PlaybackOptions.EmbedOrigins"/>, and the sites a token's playback restriction allows. With the service's
/// grant the page loads whatever the link says, so an expired link gets the page's own message instead of a bare error;
/// a token the page refuses (its restriction does not allow the embedding site, it expired, ...) gets a page that says
/// why, with the refusal's status, which any site may frame so that its viewers read it.
/// </summary>
internal sealed class EmbedPageEndpoint : ICarterModule
{
    public const string Page = "embed.html";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<PlaybackOptions>>().Value;
        app.MapGet("/embed/{id:guid}", async (Guid id, PlaybackCredential credential, IWebHostEnvironment web, HttpContext http, IMessageBus bus) =>
            {
                if (credential.IsToken)
                {
                    var opened = await bus.InvokeAsync<Answer>(new OpenPlayerPage(id, credential), http.RequestAborted);
                    if (!opened.IsSuccess)
                    {
                        http.Features.Set(new FrameAncestors("*"));
                        return Results.Content(RefusalPage(opened), "text/html; charset=utf-8", statusCode: Answers.StatusOf(opened.Kind));
                    }

                    if (opened.Body is IReadOnlyList<string> allowedSites)
                    {
                        http.Features.Set(options.FrameAncestorsWith(allowedSites));
                    }
                }

                var page = web.WebRootFileProvider.GetFileInfo(Page);
                if (!page.Exists)
                {
                    return Answer.NotFound("The player page is not built.", "Build dashboard/ (npm run build), as run.sh does, into the host's wwwroot.").ToHttp();
                }

                http.Response.Headers.CacheControl = "no-cache";
                return Results.Stream(page.CreateReadStream(), "text/html; charset=utf-8", lastModified: page.LastModified);
            })
            .WithMetadata(options.FrameAncestors)
            .AllowAnonymous()
            .WithTags("Playback")
            .WithSummary("The player page, for an <iframe> or a link: the URL GET /videos/{id}/play returned as embed, or with ?token= an owner's playback token.");
    }

    private static string RefusalPage(Answer refusal) =>
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Video unavailable</title></head>" +
        $"<body><main class=\"player-refused\"><h1>{WebUtility.HtmlEncode(refusal.Title)}</h1><p>{WebUtility.HtmlEncode(refusal.Detail)}</p></main></body></html>";
}
