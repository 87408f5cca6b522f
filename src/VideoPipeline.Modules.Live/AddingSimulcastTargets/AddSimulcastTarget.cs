using System.Text.Json.Serialization;
using FluentValidation;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Network;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.Modules.Live.Simulcasting;

namespace VideoPipeline.Modules.Live.AddingSimulcastTargets;

/// <summary>
/// The owner adds a simulcast target to a live stream: the broadcasts from now on are forwarded to it, and so is the one
/// under way, at once (<see cref="SimulcastForwarders"/>).
/// </summary>
/// <param name="Url">An RTMP(S) URL ending with the target's stream key (a secret: shown masked).</param>
/// <param name="Passthrough">The owner's own label for the target, given back as is.</param>
public sealed record AddSimulcastTarget(string? Url, string? Passthrough = null) : OwnedCommand
{
    [JsonIgnore]
    public Guid LiveStreamId { get; init; }

    internal sealed class Validator : AbstractValidator<AddSimulcastTarget>
    {
        public Validator(NetworkGuard guard)
        {
            RuleFor(x => x.Url).SimulcastUrl(guard).OverridePropertyName("url");
            RuleFor(x => x.Passthrough).SimulcastPassthrough().OverridePropertyName("passthrough");
        }
    }
}

public static class AddSimulcastTargetHandler
{
    /// <summary>
    /// Added while the stream has fewer than <paramref name="max"/> targets (decided under the stream's lock, so adds at
    /// the same time cannot pass the limit together); a stream deleted meanwhile is <see cref="LiveStreamWrites.Gone"/>.
    /// </summary>
    public static Decision Decide(LiveStream? stream, SimulcastTargetAdded added, int max)
    {
        ArgumentNullException.ThrowIfNull(added);
        return stream is null || stream.Deleted ? Decision.Refused(LiveStreamWrites.Gone)
            : stream.SimulcastTargets.Count >= max ? Decision.Refused($"A live stream has at most {max} simulcast targets: remove one first.")
            : new Decision(null, [added], null, []);
    }

    public static async Task<Answer> Handle(
        AddSimulcastTarget command, IDocumentSession session, LiveOptions options, QuotaOptions quotas, ClusterAnnouncer announcer, TimeProvider clock, CancellationToken ct)
    {
        if (await LiveStreamWrites.OwnedAsync(session, command.LiveStreamId, command.OwnerId, ct) is null)
        {
            return LiveStreamWrites.NotFound;
        }

        var added = new SimulcastTargetAdded(command.LiveStreamId, Guid.CreateVersion7(), command.Url!.Trim(), command.Passthrough);
        var decision = await LiveStreamWrites.DecideAsync(session, command.LiveStreamId, stream => Decide(stream, added, options.MaxSimulcastTargets), quotas, clock.GetUtcNow(), ct);
        switch (decision.Refusal)
        {
            case LiveStreamWrites.Gone:
                return LiveStreamWrites.NotFound;
            case { } refusal:
                return new Answer(AnswerKind.Invalid, Title: "Too many simulcast targets.", Detail: refusal,
                    Extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["simulcastTargets"] = [refusal] } });
        }

        SimulcastChanges.AfterCommit(announcer, session);
        var target = new SimulcastTargetState(added.TargetId, added.Url, added.Passthrough, SimulcastTargets.Idle, null);
        return Answer.Created($"/live-streams/{command.LiveStreamId}/simulcast-targets/{added.TargetId}", SimulcastTargetView.Of(target));
    }
}

internal sealed class AddSimulcastTargetEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/live-streams/{id:guid}/simulcast-targets", (Guid id, AddSimulcastTarget command, HttpContext http, IMessageBus bus) =>
                bus.AnswerAsync(command with { LiveStreamId = id, OwnerId = http.User.OwnerId() }, http.RequestAborted))
            .WithTags("Live streams")
            .WithSummary("Add a simulcast target: each broadcast from now on is forwarded to it, and the one under way starts being forwarded at once.")
            .Produces<SimulcastTargetView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
