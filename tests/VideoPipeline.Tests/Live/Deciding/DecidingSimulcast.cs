using VideoPipeline.Contracts;
using VideoPipeline.Modules.Live;
using VideoPipeline.Modules.Live.Simulcasting;

namespace VideoPipeline.Tests.Live.Deciding;

/// <summary>Given a live stream with simulcast targets, when a broadcast starts and its forwarders report, then these events.</summary>
public sealed class DecidingSimulcast
{
    private static readonly string[] Targets = ["rtmp://a.example/live/key-a", "rtmps://b.example:443/app/sub/key-b"];

    private static (LiveStream Stream, Guid VideoId) Broadcasting()
    {
        var stream = LiveStream.Create(new LiveStreamCreated(Guid.NewGuid(), "owner-1", "Show", StreamKeys.HashOf(StreamKeys.NewKey()), LiveLatency.Standard, 60, true, Targets));
        var started = (BroadcastStarted)Broadcasts.Publish(stream, new PublishAttempt("7", "node-a", false, Guid.NewGuid(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(10))).Events.Single();
        stream.Apply(started);
        return (stream, started.VideoId);
    }

    [Fact]
    public void a_broadcast_is_read_with_the_streams_simulcast_targets_each_idle_until_reported()
    {
        var stream = LiveStream.Create(new LiveStreamCreated(Guid.NewGuid(), "owner-1", "Show", StreamKeys.HashOf(StreamKeys.NewKey()), LiveLatency.Standard, 60, true, Targets));

        var decision = Broadcasts.Publish(stream, new PublishAttempt("7", "node-a", false, Guid.NewGuid(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(10)));

        decision.Messages.OfType<RunLiveIngest>().Single().SimulcastTargets.ShouldBe(Targets);
        stream.Simulcast.ShouldAllBe(s => s.Status == SimulcastTargets.Idle);
    }

    [Fact]
    public void a_targets_failure_is_recorded_for_that_target_only()
    {
        var (stream, videoId) = Broadcasting();

        var decision = ReportSimulcastTargetHandler.Decide(stream, new ReportSimulcastTarget(stream.Id, 1, 1, SimulcastTargets.Failed, "Connection refused"));

        decision.Events.ShouldBe([new SimulcastTargetReported(stream.Id, videoId, 1, 1, SimulcastTargets.Failed, "Connection refused")]);
        stream.Apply((SimulcastTargetReported)decision.Events[0]);
        stream.Simulcast.ShouldBe([SimulcastTargetState.Idle, new SimulcastTargetState(SimulcastTargets.Failed, "Connection refused")]);
        stream.Status.ShouldBe(LiveStreamStatus.Active);
    }

    [Fact]
    public void the_end_of_forwarding_is_recorded_after_the_broadcast_ended()
    {
        var (stream, videoId) = Broadcasting();
        stream.Apply(new BroadcastEnded(stream.Id, videoId, "completed"));

        ReportSimulcastTargetHandler.Decide(stream, new ReportSimulcastTarget(stream.Id, 1, 0, SimulcastTargets.Ended, null)).Events
            .ShouldBe([new SimulcastTargetReported(stream.Id, videoId, 1, 0, SimulcastTargets.Ended, null)]);
    }

    [Fact]
    public void a_report_about_an_earlier_connection_an_unknown_target_or_nothing_new_changes_nothing()
    {
        var (stream, videoId) = Broadcasting();
        stream.Apply(new SimulcastTargetReported(stream.Id, videoId, 1, 0, SimulcastTargets.Forwarding, null));

        ReportSimulcastTargetHandler.Decide(stream, new ReportSimulcastTarget(stream.Id, 0, 0, SimulcastTargets.Failed, "late")).Events.ShouldBeEmpty();
        ReportSimulcastTargetHandler.Decide(stream, new ReportSimulcastTarget(stream.Id, 1, 2, SimulcastTargets.Failed, "no such target")).Events.ShouldBeEmpty();
        ReportSimulcastTargetHandler.Decide(stream, new ReportSimulcastTarget(stream.Id, 1, 0, SimulcastTargets.Forwarding, null)).Events.ShouldBeEmpty();
    }

    [Fact]
    public void a_targets_url_is_shown_without_its_stream_key()
    {
        SimulcastTargets.Masked(Targets[0]).ShouldBe("rtmp://a.example/live/****");
        SimulcastTargets.Masked(Targets[1]).ShouldBe("rtmps://b.example:443/app/sub/****");
    }
}
