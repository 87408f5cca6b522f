using System.Text.Json;
using VideoPipeline.BuildingBlocks.Http;

namespace VideoPipeline.Operations.LiveUpdates;

/// <summary>
/// <c>GET /videos/changes</c>: Server-Sent Events, one <c>video</c> event per change of the caller's videos (all videos for an
/// admin), a comment every 15 s to keep proxies from closing it. Authenticated like every call (Authorization header):
/// the dashboard reads it with fetch, so the key never goes into a URL.
/// </summary>
public static class VideoChangesEndpoint
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static IEndpointConventionBuilder MapVideoChanges(this IEndpointRouteBuilder app) =>
        app.MapGet("/videos/changes", StreamAsync)
            .WithTags("Operations")
            .WithSummary("Live changes of the caller's videos, as Server-Sent Events.")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

    private static async Task StreamAsync(HttpContext http, VideoChanges changes)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var (id, reader) = changes.Listen(http.User.OwnerId(), http.User.IsAdmin());
        try
        {
            await http.Response.WriteAsync(": connected\n\n", http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
            while (!http.RequestAborted.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
                wait.CancelAfter(Heartbeat);
                string frame;
                try
                {
                    var change = await reader.ReadAsync(wait.Token);
                    frame = $"event: video\nid: {change.Sequence}\ndata: {JsonSerializer.Serialize(change, JsonSerializerOptions.Web)}\n\n";
                }
                catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
                {
                    frame = ": heartbeat\n\n";
                }

                await http.Response.WriteAsync(frame, http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            changes.Stop(id);
        }
    }
}
