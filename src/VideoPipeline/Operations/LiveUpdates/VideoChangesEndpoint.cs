using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using VideoPipeline.Auth;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.BuildingBlocks.Security;

namespace VideoPipeline.Operations.LiveUpdates;

/// <summary>
/// <c>GET /videos/changes</c>: Server-Sent Events, one <c>video</c> event per change of the caller's videos (all videos for an
/// admin), committed on any node, a comment every 15 s to keep proxies from closing it. Each event's <c>id</c> is its
/// sequence in the event store: a client that reconnects with <c>Last-Event-ID</c> (as EventSource does by itself) first
/// gets what was committed after it, then the live changes. A resume reaches back at most
/// <see cref="LiveChangesOptions.MaxReplayed"/> events of the store; from further back (or from an id the store has not
/// reached) the stream starts with one <c>reset</c> event instead, whose id is where the store is now: the client fetches
/// the list again. Each node holds a bounded number of streams, per API key and in all (<see cref="ChangeStreamSlots"/>);
/// over either bound the answer is 429 with Retry-After. Authenticated like every call (Authorization header): the
/// dashboard reads it with fetch, so the key never goes into a URL.
/// </summary>
public static class VideoChangesEndpoint
{
    public const string ResetEvent = "reset";
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static IEndpointConventionBuilder MapVideoChanges(this IEndpointRouteBuilder app) =>
        app.MapGet("/videos/changes", StreamAsync)
            .WithTags("Operations")
            .WithSummary("Live changes of the caller's videos, as Server-Sent Events.")
            .WithDescription(
                "One `video` event per committed change (`id` = its sequence in the event store). With `Last-Event-ID` the stream " +
                "first replays what was committed after it, reaching back at most `VideoPipeline:LiveChanges:MaxReplayed` events " +
                "(default 1000) of the store; an older id (or one the store has not reached) gets one `reset` event instead " +
                "(`id` = where the store is now, `data` = {reason}): fetch GET /videos again, then follow the live changes. At " +
                "most `MaxStreamsPerKey` (default 4) streams per API key and `MaxStreamsPerNode` (default 200) in all are held " +
                "open by each node; over either, 429 with Retry-After.")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<IResult> StreamAsync(HttpContext http, VideoChanges changes, ChangeStreamSlots slots, LiveChangesOptions options)
    {
        long? lastEventId = null;
        if (http.Request.Headers.TryGetValue("Last-Event-ID", out var header))
        {
            if (header.Count != 1 || !CanonicalNumber.TryParse(header.ToString(), out var parsed))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid Last-Event-ID",
                    detail: "Last-Event-ID must be the id of an event this stream sent: one decimal number.");
            }

            lastEventId = parsed;
        }

        var (slot, refusal) = slots.TryTake(KeyOf(http.User));
        if (slot is null)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(options.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many live-change streams", detail: refusal);
        }

        using (slot)
        {
            await StreamChangesAsync(http, changes, lastEventId, options.MaxReplayed);
        }

        return Results.Empty;
    }

    private static async Task StreamChangesAsync(HttpContext http, VideoChanges changes, long? lastEventId, int window)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var (id, reader) = changes.Listen(http.User.OwnerId(), http.User.IsAdmin());
        try
        {
            await http.Response.WriteAsync(": connected\n\n", http.RequestAborted);

            // Listening before reading what was missed: a change committed in between is both replayed and heard, and the
            // second copy is skipped by its sequence. After a reset nothing is skipped: the client fetches the list anew.
            // Only replayed sequences are skipped: a change heard live may have a lower sequence than one heard before it
            // (sequences are drawn before their transactions commit).
            var replayed = new HashSet<long>();
            if (lastEventId is { } after)
            {
                var replay = await changes.ReplayAsync(after, http.User.OwnerId(), http.User.IsAdmin(), window, http.RequestAborted);
                if (replay.ResetAt is { } now)
                {
                    await http.Response.WriteAsync(Reset(now, after, window), http.RequestAborted);
                }

                foreach (var missed in replay.Missed)
                {
                    await http.Response.WriteAsync(Frame(missed), http.RequestAborted);
                    replayed.Add(missed.Sequence);
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
                    if (replayed.Remove(change.Sequence))
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

    /// <summary>Streams are counted per API key; a principal without a key id (none today) counts as its owner.</summary>
    private static string KeyOf(ClaimsPrincipal user) =>
        user.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaimType)?.Value is { } keyId ? "key:" + keyId : "owner:" + user.OwnerId();

    private static string Frame(VideoChange change) =>
        $"event: video\nid: {change.Sequence}\ndata: {JsonSerializer.Serialize(change, JsonSerializerOptions.Web)}\n\n";

    private static string Reset(long now, long after, int window)
    {
        var reason = after > now
            ? $"Last-Event-ID {after} is beyond the last event of the store ({now}); fetch the list again."
            : $"Last-Event-ID {after} is more than {window} events back; what changed since is not replayed: fetch the list again.";
        return $"event: {ResetEvent}\nid: {now}\ndata: {JsonSerializer.Serialize(new { reason }, JsonSerializerOptions.Web)}\n\n";
    }
}
