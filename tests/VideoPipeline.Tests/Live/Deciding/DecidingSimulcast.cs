using VideoPipeline.Contracts;
using VideoPipeline.Modules.Live;
using VideoPipeline.Modules.Live.AddingSimulcastTargets;
using VideoPipeline.Modules.Live.RemovingSimulcastTargets;
using VideoPipeline.Modules.Live.Simulcasting;

namespace VideoPipeline.Tests.Live.Deciding;

/// <summary>Given a live stream with simulcast targets, when targets are added or removed, a broadcast starts and its forwarders report, then these events.</summary>
public sealed class DecidingSimulcast
{
    private const int Max = 3;
    private static readonly Guid A = Guid.NewGuid();
    private static readonly Guid B = Guid.NewGuid();
    private static readonly string[] Urls = ["rtmp://a.example/live/key-a", "rtmps://b.example:443/app/sub/key-b"];

    private static LiveStream AStream(params Guid[] targets)
    {
        var stream = LiveStream.Create(new LiveStreamCreated(Guid.NewGuid(), "owner-1", "Show", StreamKeys.HashOf(StreamKeys.NewKey()), LiveLatency.Standard, 60, true));
        foreach (var (target, i) in targets.Select((t, i) => (t, i)))
        {
            stream.Apply(new SimulcastTargetAdded(stream.Id, target, Urls[i % Urls.Length], null));
        }

        return stream;
    }

    private static (LiveStream Stream, Guid VideoId) Broadcasting(params Guid[] targets)
    {
        var stream = AStream(targets);
        var started = (BroadcastStarted)Broadcasts.Publish(stream, new PublishAttempt("7", "node-a", false, Guid.NewGuid(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(10))).Events.Single();
        stream.Apply(started);
        return (stream, started.VideoId);
    }

    [Fact]
    public void a_broadcast_is_read_with_the_streams_simulcast_targets_each_idle_until_reported()
    {
        var stream = AStream(A, B);

        var decision = Broadcasts.Publish(stream, new PublishAttempt("7", "node-a", false, Guid.NewGuid(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(10)));

        decision.Messages.OfType<RunLiveIngest>().Single().SimulcastTargets!.Select(t => (t.Id, t.Url)).ShouldBe([(A, Urls[0]), (B, Urls[1])]);
        stream.SimulcastTargets.ShouldAllBe(s => s.Status == SimulcastTargets.Idle);
    }

    [Fact]
    public void a_target_is_added_while_the_stream_has_fewer_than_the_most_allowed_whether_a_broadcast_is_under_way_or_not()
    {
        var added = new SimulcastTargetAdded(Guid.Empty, Guid.NewGuid(), "rtmp://c.example/live/key-c", "youtube");
        var idle = AStream(A);
        var (live, _) = Broadcasting(A, B);

        AddSimulcastTargetHandler.Decide(idle, added with { LiveStreamId = idle.Id }, Max).Events.ShouldBe([added with { LiveStreamId = idle.Id }]);
        AddSimulcastTargetHandler.Decide(live, added with { LiveStreamId = live.Id }, Max).Events.ShouldBe([added with { LiveStreamId = live.Id }]);
        live.Apply(added with { LiveStreamId = live.Id });
        live.SimulcastTargets[^1].ShouldBe(new SimulcastTargetState(added.TargetId, added.Url, "youtube", SimulcastTargets.Idle, null));
    }

    [Fact]
    public void a_target_beyond_the_most_allowed_or_on_a_deleted_stream_is_refused_and_nothing_recorded()
    {
        var full = AStream(A, B, Guid.NewGuid());
        var added = new SimulcastTargetAdded(full.Id, Guid.NewGuid(), "rtmp://c.example/live/key-c", null);

        var refused = AddSimulcastTargetHandler.Decide(full, added, Max);

        refused.Refusal.ShouldBe("A live stream has at most 3 simulcast targets: remove one first.");
        refused.Events.ShouldBeEmpty();
        full.Apply(new LiveStreamDeleted(full.Id, "owner-1"));
        AddSimulcastTargetHandler.Decide(full, added, Max + 1).Refusal.ShouldBe(LiveStreamWrites.Gone);
        AddSimulcastTargetHandler.Decide(null, added, Max).Refusal.ShouldBe(LiveStreamWrites.Gone);
    }

    [Fact]
    public void a_removed_target_is_gone_from_the_stream_and_its_late_reports_change_nothing()
    {
        var (stream, videoId) = Broadcasting(A, B);

        RemoveSimulcastTargetHandler.Decide(stream, A).Events.ShouldBe([new SimulcastTargetRemoved(stream.Id, A)]);
        stream.Apply(new SimulcastTargetRemoved(stream.Id, A));

        stream.SimulcastTargets.Select(t => t.Id).ShouldBe([B]);
        ReportSimulcastTargetHandler.Decide(stream, new ReportSimulcastTarget(stream.Id, 1, A, SimulcastTargets.Ended, null)).Events.ShouldBeEmpty();
        ReportSimulcastTargetHandler.Decide(stream, new ReportSimulcastTarget(stream.Id, 1, B, SimulcastTargets.Forwarding, null)).Events
            .ShouldBe([new SimulcastTargetReported(stream.Id, videoId, 1, B, SimulcastTargets.Forwarding, null)]);
    }

    [Fact]
    public void removing_a_target_the_stream_does_not_have_or_from_a_deleted_stream_is_refused()
    {
        var stream = AStream(A);

        RemoveSimulcastTargetHandler.Decide(stream, B).Refusal.ShouldBe(RemoveSimulcastTargetHandler.NoSuchTarget);
        stream.Apply(new LiveStreamDeleted(stream.Id, "owner-1"));
        RemoveSimulcastTargetHandler.Decide(stream, A).Refusal.ShouldBe(LiveStreamWrites.Gone);
    }

    [Fact]
    public void a_targets_failure_is_recorded_for_that_target_only()
    {
        var (stream, videoId) = Broadcasting(A, B);

        var decision = ReportSimulcastTargetHandler.Decide(stream, new ReportSimulcastTarget(stream.Id, 1, B, SimulcastTargets.Failed, "Connection refused"));

        decision.Events.ShouldBe([new SimulcastTargetReported(stream.Id, videoId, 1, B, SimulcastTargets.Failed, "Connection refused")]);
        stream.Apply((SimulcastTargetReported)decision.Events[0]);
        stream.SimulcastTargets.Select(t => (t.Status, t.Reason)).ShouldBe([(SimulcastTargets.Idle, null), (SimulcastTargets.Failed, "Connection refused")]);
        stream.Status.ShouldBe(LiveStreamStatus.Active);
    }

    [Fact]
    public void a_reconnect_starts_every_target_afresh()
    {
        var (stream, videoId) = Broadcasting(A);
        stream.Apply(new SimulcastTargetReported(stream.Id, videoId, 1, A, SimulcastTargets.Failed, "refused"));
        stream.Apply(new PublisherDisconnected(stream.Id, videoId, 1));

        stream.Apply(new PublisherReconnected(stream.Id, videoId, 2, "8", "node-a"));

        stream.SimulcastTargets.Single().ShouldBe(new SimulcastTargetState(A, Urls[0], null, SimulcastTargets.Idle, null));
    }

    [Fact]
    public void the_end_of_forwarding_is_recorded_after_the_broadcast_ended()
    {
        var (stream, videoId) = Broadcasting(A, B);
        stream.Apply(new BroadcastEnded(stream.Id, videoId, "completed"));

        ReportSimulcastTargetHandler.Decide(stream, new ReportSimulcastTarget(stream.Id, 1, A, SimulcastTargets.Ended, null)).Events
            .ShouldBe([new SimulcastTargetReported(stream.Id, videoId, 1, A, SimulcastTargets.Ended, null)]);
    }

    [Fact]
    public void a_report_about_an_earlier_connection_an_unknown_target_or_nothing_new_changes_nothing()
    {
        var (stream, videoId) = Broadcasting(A, B);
        stream.Apply(new SimulcastTargetReported(stream.Id, videoId, 1, A, SimulcastTargets.Forwarding, null));

        ReportSimulcastTargetHandler.Decide(stream, new ReportSimulcastTarget(stream.Id, 0, A, SimulcastTargets.Failed, "late")).Events.ShouldBeEmpty();
        ReportSimulcastTargetHandler.Decide(stream, new ReportSimulcastTarget(stream.Id, 1, Guid.NewGuid(), SimulcastTargets.Failed, "no such target")).Events.ShouldBeEmpty();
        ReportSimulcastTargetHandler.Decide(stream, new ReportSimulcastTarget(stream.Id, 1, A, SimulcastTargets.Forwarding, null)).Events.ShouldBeEmpty();
    }

    [Fact]
    public void a_targets_url_is_shown_and_reported_without_its_stream_key()
    {
        SimulcastTargets.Masked(Urls[0]).ShouldBe("rtmp://a.example/live/****");
        SimulcastTargets.Masked(Urls[1]).ShouldBe("rtmps://b.example:443/app/sub/****");
        SimulcastTargets.WithoutKey("rtmp://10.0.0.1:1935/live/key-a: Connection refused", Urls[0]).ShouldBe("rtmp://10.0.0.1:1935/live/****: Connection refused");
    }
}
