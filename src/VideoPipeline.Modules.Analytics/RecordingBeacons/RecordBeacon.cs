using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.Modules.Analytics.Storage;

namespace VideoPipeline.Modules.Analytics.RecordingBeacons;

/// <summary>
/// A player's beacon for a view of <paramref name="VideoId"/>, carrying the playback credential of the page that played it
/// (<c>?expires=&amp;sig=</c> or <c>?token=</c>, as on the video's playlists). The client's address and user agent only make the day's
/// viewer hash and the coarse client class; neither is stored.
/// </summary>
public sealed record RecordBeacon(Guid VideoId, PlaybackCredential Credential, Beacon Beacon, string? ClientAddress, string? UserAgent);

public static class RecordBeaconHandler
{
    private static readonly Answer Busy = Answer.Unavailable("Too many beacons are waiting to be stored.",
        "Nothing of this beacon was stored; send it again.", TimeSpan.FromSeconds(2));

    public static async Task<Answer> Handle(
        RecordBeacon command, PlaybackGate gate, IQuerySession session, ViewerHash viewers, BeaconWriter writer, AnalyticsMetrics metrics, TimeProvider clock,
        IOptions<AnalyticsOptions> options, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // A token must be signed by the video's owner; the service's own grant names the video itself.
        var owner = command.Credential.IsToken ? (await session.LoadAsync<AnalyticsVideo>(command.VideoId, ct))?.OwnerId : null;
        var access = await gate.CheckAsync(command.Credential, command.VideoId, PlaybackAudience.Video, owner, options.Value.GrantGrace, ct);
        if (access.Refusal is { } refusal)
        {
            return refusal;
        }

        if (command.Credential.IsToken && owner is null)
        {
            return Answer.VideoNotFound;
        }

        var viewer = await viewers.OfAsync(DateOnly.FromDateTime(now.UtcDateTime), command.ClientAddress, command.UserAgent, ct);
        var events = BeaconEvents.Of(command.VideoId, command.Beacon, now, viewer, ClientClass.Of(command.UserAgent));
        if (!writer.TryWrite(events, out var stored))
        {
            return Busy;
        }

        await stored.WaitAsync(ct);
        metrics.Stored(events);
        return Answer.NoContent;
    }
}

/// <summary>
/// Beacons come from viewers' browsers on any origin, without an API key: the grant or token in the URL is the credential. Each
/// is bounded in size (413 past it), in events (400) and in rate per view (429), and answered 204 once stored.
/// </summary>
internal sealed class RecordBeaconEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<AnalyticsOptions>>().Value;
        app.MapPost("/videos/{id:guid}/beacons", (Guid id, PlaybackCredential credential, Beacon beacon, HttpContext http, IMessageBus bus) =>
                bus.AnswerAsync(new RecordBeacon(id, credential, beacon, http.Connection.RemoteIpAddress?.ToString(),
                    http.Request.Headers.UserAgent.ToString()), http.RequestAborted))
            .AllowAnonymous()
            .RequireCors(BeaconCors.Policy)
            .WithBodyLimit(options.MaxBeaconBytes)
            .AddEndpointFilter((context, next) => context.HttpContext.RequestServices.GetRequiredService<BeaconRateLimit>().InvokeAsync(context, next))
            .WithTags("Analytics")
            .WithSummary("A player's beacon: the events of one view, with the playback grant of the page that played it. No API key.")
            .Accepts<Beacon>("text/plain", "application/json")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }
}
