using System.Globalization;
using System.Text.Json;
using VideoPipeline.BuildingBlocks.Http;

namespace VideoPipeline.Operations.LiveUpdates;

/// <summary>
/// <c>GET /videos/changes</c>: Server-Sent Events, one <c>video</c> event per change of the caller's videos (all videos for an
/// admin), committed on any node, a comment every 15 s to keep proxies from closing it. Each event's <c>id</c> is its
/// sequence in the event store: a client that reconnects with <c>Last-Event-ID</c> (as EventSource does by itself) first
/// gets what was committed after it (at most <see cref="MaxReplayed"/>), then the live changes. Authenticated like every
/// call (Authorization header): the dashboard reads it with fetch, so the key never goes into a URL.
/// </summary>
public static class VideoChangesEndpoint
{
    public const int MaxReplayed = 1000;
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

            // Listening before reading what was missed: a change committed in between is both replayed and heard, and the
            // second copy is skipped by its sequence.
            var sentUpTo = 0L;
            if (long.TryParse(http.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var lastEventId))
            {
                foreach (var missed in await changes.SinceAsync(lastEventId, http.User.OwnerId(), http.User.IsAdmin(), MaxReplayed, http.RequestAborted))
                {
                    await http.Response.WriteAsync(Frame(missed), http.RequestAborted);
                    sentUpTo = missed.Sequence;
                }
            }

            await http.Response.Body.FlushAsync(http.RequestAborted);
            while (!http.RequestAborted.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
                wait.CancelAfter(Heartbeat);
                string frame;
                try
                {
                    var change = await reader.ReadAsync(wait.Token);
                    if (change.Sequence <= sentUpTo)
                    {
                        continue;
                    }

                    frame = Frame(change);
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

    private static string Frame(VideoChange change) =>
        $"event: video\nid: {change.Sequence}\ndata: {JsonSerializer.Serialize(change, JsonSerializerOptions.Web)}\n\n";
}
