using FluentValidation;
using VideoPipeline.BuildingBlocks.Network;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.Modules.Live.Simulcasting;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Live.CreatingLiveStreams;

/// <summary>A new live stream for the caller: a stream key and the RTMP and SRT URLs to publish to.</summary>
/// <param name="Title">Its name, and each broadcast's recording's title.</param>
/// <param name="Latency">"standard" (default: a sliding HLS playlist of whole segments) or "low" (LL-HLS: parts, preload hints, blocking reloads).</param>
/// <param name="ReconnectWindowSeconds">How long a broadcast waits for its publisher to come back (default 60).</param>
/// <param name="Record">Keep each broadcast as a video once it ends (default true).</param>
/// <param name="SimulcastTargets">RTMP(S) servers each broadcast is forwarded to as it arrives (at most <c>MaxSimulcastTargets</c>).</param>
public sealed record CreateLiveStream(
    string Title, string? Latency = null, int? ReconnectWindowSeconds = null, bool? Record = null, IReadOnlyList<SimulcastTarget>? SimulcastTargets = null) : OwnedCommand
{
    internal sealed class Validator : AbstractValidator<CreateLiveStream>
    {
        public Validator(LiveOptions options, NetworkGuard guard)
        {
            RuleFor(x => x.SimulcastTargets)
                .Must(targets => targets is null || targets.Count <= options.MaxSimulcastTargets)
                .WithMessage($"'Simulcast Targets' may name at most {options.MaxSimulcastTargets} targets.");
            RuleForEach(x => x.SimulcastTargets).NotNull().ChildRules(target =>
            {
                target.RuleFor(t => t.Url).SimulcastUrl(guard).OverridePropertyName("url");
                target.RuleFor(t => t.Passthrough).SimulcastPassthrough().OverridePropertyName("passthrough");
            });
            RuleFor(x => x.Title).NotEmpty().MaximumLength(200).PlainText();
            RuleFor(x => x.Latency)
                .Must(latency => latency is null or LiveLatency.Standard or LiveLatency.Low).WithMessage("'Latency' must be \"standard\" or \"low\".");
            RuleFor(x => x.ReconnectWindowSeconds).InclusiveBetween(0, options.MaxReconnectWindowSeconds);
        }
    }
}

/// <summary>
/// The new live stream, with its stream key: the only time it is shown (resetting it shows the new one). The SRT URL
/// carries the key as its <c>streamid</c> (null when SRT is off). Its simulcast targets come with their ids, to remove them by.
/// </summary>
public sealed record CreatedLiveStream(
    Guid Id, string StreamKey, Uri RtmpUrl, Uri? SrtUrl, string Status, string Latency, int ReconnectWindowSeconds, bool Record,
    IReadOnlyList<SimulcastTargetView> SimulcastTargets);

/// <summary>What creating needs besides the request: the new stream's id, key, its simulcast targets' ids (in their order) and time.</summary>
public sealed record NewLiveStream(Guid Id, string Key, IReadOnlyList<Guid> TargetIds, DateTimeOffset Now);

public static class CreateLiveStreamHandler
{
    public static NewLiveStream Load(CreateLiveStream command, TimeProvider clock) =>
        new(Guid.CreateVersion7(), StreamKeys.NewKey(), [.. (command.SimulcastTargets ?? []).Select(_ => Guid.CreateVersion7())], clock.GetUtcNow());

    /// <summary>The stream starts with one of the owner's <c>liveStreams</c> held in the same commit: over the quota, nothing is kept.</summary>
    public static (Answer, IStartStream, IMartenOp) Handle(CreateLiveStream command, NewLiveStream created, LiveOptions options, QuotaOptions quotas)
    {
        var window = command.ReconnectWindowSeconds ?? options.DefaultReconnectWindowSeconds;
        var record = command.Record ?? true;
        var latency = command.Latency ?? LiveLatency.Standard;
        var title = command.Title.Trim();
        var targets = (command.SimulcastTargets ?? [])
            .Select((target, i) => new SimulcastTargetAdded(created.Id, created.TargetIds[i], target.Url!.Trim(), target.Passthrough))
            .ToList();
        var start = MartenOps.StartStream<LiveStream>(created.Id,
            [new LiveStreamCreated(created.Id, command.OwnerId, title, StreamKeys.HashOf(created.Key), latency, window, record), .. targets]);
        var answer = new CreatedLiveStream(created.Id, created.Key, options.RtmpUrl, options.SrtUrlFor(created.Key), LiveStreamStatus.Idle, latency, window, record,
            [.. targets.Select(t => SimulcastTargetView.Of(new SimulcastTargetState(t.TargetId, t.Url, t.Passthrough, SimulcastTargets.Idle, null)))]);
        return (Answer.Created($"/live-streams/{created.Id}", answer), start,
            QuotaLedger.Hold(command.OwnerId, QuotaSubject.LiveStream(created.Id), quotas, created.Now, new QuotaHold(QuotaNames.LiveStreams, 1)));
    }
}

internal sealed class CreateLiveStreamEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapOwnedCommand<CreateLiveStream, CreatedLiveStream>("/live-streams", StatusCodes.Status201Created)
            .WithTags("Live streams")
            .WithSummary("Create a live stream; the answer holds its stream key, shown only here, and the RTMP URL to publish to.")
            .ProducesProblem(StatusCodes.Status409Conflict);
}
