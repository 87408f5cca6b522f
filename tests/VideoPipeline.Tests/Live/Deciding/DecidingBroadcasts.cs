using VideoPipeline.Contracts;
using VideoPipeline.Modules.Live;
using VideoPipeline.Modules.Live.Ingesting.Srt;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Live.Deciding;

/// <summary>Given a live stream, when its publisher comes, goes or is ended, then these events and messages.</summary>
public sealed class DecidingBroadcasts
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private static LiveStream AStream(int reconnectWindowSeconds = 60, bool record = true) =>
        LiveStream.Create(new LiveStreamCreated(Guid.NewGuid(), "owner-1", "Show", StreamKeys.HashOf(StreamKeys.NewKey()), LiveLatency.Standard, reconnectWindowSeconds, record));

    private static readonly DateTimeOffset LeaseUntil = Now.AddSeconds(10);

    private static PublishAttempt Attempt(string publisher = "7", bool suspended = false, bool stillReading = false, string node = "node-a", int? lost = null) =>
        new(publisher, node, suspended, Guid.NewGuid(), Now, LeaseUntil, stillReading, lost);

    private static (LiveStream Stream, Guid VideoId) Broadcasting(int reconnectWindowSeconds = 60)
    {
        var stream = AStream(reconnectWindowSeconds);
        var started = (BroadcastStarted)Broadcasts.Publish(stream, Attempt()).Events.Single();
        stream.Apply(started);
        return (stream, started.VideoId);
    }

    [Fact]
    public void a_first_publish_starts_a_broadcast_recorded_as_a_new_video_of_the_owner()
    {
        var stream = AStream();
        var attempt = Attempt();

        var decision = Broadcasts.Publish(stream, attempt);

        decision.Refusal.ShouldBeNull();
        decision.Events.ShouldBe([new BroadcastStarted(stream.Id, attempt.NewVideoId, 1, "7", "node-a")]);
        decision.Recording!.VideoId.ShouldBe(attempt.NewVideoId);
        decision.Recording.Events[0].ShouldBeOfType<UploadRequested>().OwnerId.ShouldBe("owner-1");
        decision.Recording.Events[1].ShouldBe(new LiveRecordingStarted(attempt.NewVideoId, stream.Id));
        Sent.Of(decision.Messages).ShouldBe([
            new Sent(new RunLiveIngest(stream.Id, attempt.NewVideoId, 1, Broadcasts.StreamNameOf(stream.Id), null, attempt.PublisherId), null),
            new Sent(new CheckIngest(stream.Id, 1), LeaseUntil),
        ]);
    }

    [Fact]
    public void a_second_publisher_while_one_is_live_is_refused_and_the_refusal_recorded()
    {
        var (stream, _) = Broadcasting();

        var decision = Broadcasts.Publish(stream, Attempt(publisher: "8"));

        decision.Refusal.ShouldBe("Another publisher is already live on this stream key.");
        decision.Events.ShouldBe([new PublishRefused(stream.Id, decision.Refusal!)]);
        decision.Messages.ShouldBeEmpty();
    }

    [Fact]
    public void a_suspended_owner_and_a_deleted_stream_are_refused()
    {
        Broadcasts.Publish(AStream(), Attempt(suspended: true)).Refusal.ShouldBe("The stream's owner is suspended.");
        var deleted = AStream();
        deleted.Apply(new LiveStreamDeleted(deleted.Id, "owner-1"));
        Broadcasts.Publish(deleted, Attempt()).Refusal.ShouldBe(Broadcasts.UnknownKey);
        Broadcasts.Publish(null, Attempt()).Refusal.ShouldBe(Broadcasts.UnknownKey);
    }

    [Fact]
    public void a_publisher_leaving_schedules_the_end_of_the_broadcast_after_the_reconnect_window()
    {
        var (stream, videoId) = Broadcasting(reconnectWindowSeconds: 30);

        var decision = Broadcasts.Disconnect(stream, "7", Now);

        decision.Events.ShouldBe([new PublisherDisconnected(stream.Id, videoId, 1)]);
        Sent.Of(decision.Messages).ShouldBe([new Sent(new EndBroadcastAfterWindow(stream.Id, 1), Now.AddSeconds(30))]);
        Broadcasts.Disconnect(stream, "another client", Now).Events.ShouldBeEmpty();
    }

    [Fact]
    public void a_publisher_back_within_the_window_continues_the_same_recording_with_its_ladder()
    {
        var (stream, videoId) = Broadcasting();
        var source = new SourceInspected(videoId, "flv", 43200, 320, 180, 0, "h264", "yuv420p", 8, 30, false, true, "aac");
        stream.Apply(new LiveInputAccepted(stream.Id, videoId, 1, source, []));
        stream.Apply(new PublisherDisconnected(stream.Id, videoId, 1));
        stream.Apply(new LiveIngestEnded(stream.Id, videoId, 1, null));

        var decision = Broadcasts.Publish(stream, Attempt(publisher: "9"));

        decision.Recording.ShouldBeNull();
        decision.Events.ShouldBe([new PublisherReconnected(stream.Id, videoId, 2, "9", "node-a")]);
        Sent.Of(decision.Messages).ShouldBe([
            new Sent(new RunLiveIngest(stream.Id, videoId, 2, Broadcasts.StreamNameOf(stream.Id), source, "9"), null),
            new Sent(new CheckIngest(stream.Id, 2), LeaseUntil),
        ]);
        stream.Apply((PublisherReconnected)decision.Events[0]);
        Broadcasts.EndAfterWindow(stream, 1).Events.ShouldBeEmpty();
    }

    [Fact]
    public void a_reconnect_is_refused_while_this_node_still_publishes_the_last_connection()
    {
        var (stream, videoId) = Broadcasting();
        stream.Apply(new PublisherDisconnected(stream.Id, videoId, 1));

        Broadcasts.Publish(stream, Attempt(stillReading: true)).Refusal.ShouldBe("The previous connection is still closing; publish again in a moment.");
    }

    [Fact]
    public void the_window_passing_ends_the_broadcast_and_finishes_its_recording()
    {
        var (stream, videoId) = Broadcasting(reconnectWindowSeconds: 5);
        stream.Apply(new PublisherDisconnected(stream.Id, videoId, 1));
        stream.Apply(new LiveIngestEnded(stream.Id, videoId, 1, null));

        var decision = Broadcasts.EndAfterWindow(stream, 1);

        decision.Events.ShouldBe([new BroadcastEnded(stream.Id, videoId, "The publisher did not come back within 5 s.")]);
        Sent.Of(decision.Messages).ShouldBe([new Sent(new FinishRecording(stream.Id, videoId, Keep: true), null)]);
    }

    [Fact]
    public void completing_while_live_drops_the_publisher_and_finishes_the_recording_once_the_input_is_read_to_its_end()
    {
        var (stream, videoId) = Broadcasting();

        var ended = Broadcasts.End(stream, "The owner completed the broadcast.");

        Sent.Of(ended.Messages).ShouldBe([new Sent(new DropPublisher(stream.Id, Broadcasts.StreamNameOf(stream.Id), "node-a"), null)]);
        stream.Apply((BroadcastEnded)ended.Events.Single());
        var read = Broadcasts.IngestEnded(stream, 1, error: null, Now);
        read.Events.ShouldBe([new LiveIngestEnded(stream.Id, videoId, 1, null)]);
        Sent.Of(read.Messages).ShouldBe([new Sent(new FinishRecording(stream.Id, videoId, Keep: true), null)]);
        Broadcasts.End(stream, "again").Refusal.ShouldBe("No broadcast is under way.");
    }

    [Fact]
    public void an_input_beyond_the_limits_is_recorded_and_ends_the_broadcast()
    {
        var (stream, videoId) = Broadcasting();

        var decision = Broadcasts.RefuseInput(stream, 1, "The live input is 7680x4320, larger than the 3840x2160 accepted.");

        decision.Events.ShouldBe([
            new LiveInputRefused(stream.Id, videoId, 1, "The live input is 7680x4320, larger than the 3840x2160 accepted."),
            new BroadcastEnded(stream.Id, videoId, "The live input is 7680x4320, larger than the 3840x2160 accepted."),
        ]);
        Broadcasts.RefuseInput(stream, 2, "a later connection's").Events.ShouldBeEmpty();
    }

    [Fact]
    public void deleting_while_live_ends_the_broadcast_and_deletes_its_recording_once_the_input_is_read()
    {
        var (stream, videoId) = Broadcasting();

        var decision = Broadcasts.Delete(stream, "owner-1");

        decision.Events.ShouldBe([new BroadcastEnded(stream.Id, videoId, "The live stream was deleted."), new LiveStreamDeleted(stream.Id, "owner-1")]);
        foreach (var e in decision.Events)
        {
            ((dynamic)stream).Apply((dynamic)e);
        }

        Sent.Of(Broadcasts.IngestEnded(stream, 1, null, Now).Messages).ShouldBe([new Sent(new FinishRecording(stream.Id, videoId, Keep: false), null)]);
    }

    [Fact]
    public void an_idle_stream_is_deleted_alone()
    {
        var stream = AStream();

        Broadcasts.Delete(stream, "owner-1").Events.ShouldBe([new LiveStreamDeleted(stream.Id, "owner-1")]);
    }

    [Fact]
    public void the_first_look_refuses_a_key_of_no_stream_and_a_stream_already_live_and_leaves_the_rest_to_the_publish()
    {
        var (live, _) = Broadcasting();
        var deleted = AStream();
        deleted.Apply(new LiveStreamDeleted(deleted.Id, "owner-1"));

        Broadcasts.Screen(null, null, Now).ShouldBe(Broadcasts.UnknownKey);
        Broadcasts.Screen(deleted, null, Now).ShouldBe(Broadcasts.UnknownKey);
        Broadcasts.Screen(live, LeaseUntil, Now).ShouldBe(Broadcasts.AlreadyLive);
        Broadcasts.Screen(AStream(), null, Now).ShouldBeNull();
    }

    [Fact]
    public void the_first_look_lets_a_publisher_back_through_another_node_pass_once_the_reading_node_has_lost_its_lease()
    {
        var (live, _) = Broadcasting();

        Broadcasts.Screen(live, Now.AddSeconds(-1), Now).ShouldBeNull();
        Broadcasts.Screen(live, null, Now).ShouldBeNull("the lease is removed once its check found it run out");
        Broadcasts.LostConnection(live, Now.AddSeconds(-1), Now).ShouldBe(live.Connection);
        Broadcasts.LostConnection(live, LeaseUntil, Now).ShouldBeNull();
    }

    [Fact]
    public void an_srt_streamid_names_a_key_whole_or_as_the_resource_of_a_publish_in_the_access_control_syntax()
    {
        var key = StreamKeys.NewKey();

        SrtIngest.StreamKeyOf(key).ShouldBe(key);
        SrtIngest.StreamKeyOf($"#!::r={key},m=publish").ShouldBe(key);
        SrtIngest.StreamKeyOf($"#!::m=publish,r={key}").ShouldBe(key);
        SrtIngest.StreamKeyOf($"#!::r={key}").ShouldBe(key);
        SrtIngest.StreamKeyOf($"#!::r={key},m=request").ShouldBeNull("a key is for publishing only");
        SrtIngest.StreamKeyOf("guess").ShouldBeNull();
        SrtIngest.StreamKeyOf(null).ShouldBeNull();
    }

    [Fact]
    public void a_publisher_back_through_another_node_while_the_reading_node_is_lost_continues_the_same_recording()
    {
        var (stream, videoId) = Broadcasting();

        Broadcasts.Publish(stream, Attempt(publisher: "3", node: "node-b")).Refusal.ShouldBe("Another publisher is already live on this stream key.");
        var decision = Broadcasts.Publish(stream, Attempt(publisher: "3", node: "node-b", lost: 1));

        decision.Refusal.ShouldBeNull();
        decision.Recording.ShouldBeNull();
        decision.Events.ShouldBe([
            new PublisherDisconnected(stream.Id, videoId, 1),
            new LiveIngestEnded(stream.Id, videoId, 1, "The node reading the input (node-a) was lost."),
            new PublisherReconnected(stream.Id, videoId, 2, "3", "node-b"),
        ]);
        Sent.Of(decision.Messages).ShouldBe([
            new Sent(new RunLiveIngest(stream.Id, videoId, 2, Broadcasts.StreamNameOf(stream.Id), null, "3"), null),
            new Sent(new CheckIngest(stream.Id, 2), LeaseUntil),
        ]);
        Broadcasts.Publish(stream, Attempt(publisher: "3", node: "node-b", lost: 0)).Refusal.ShouldNotBeNull("only the live connection's lease counts");
    }

    [Fact]
    public void a_renewed_lease_is_checked_again_when_it_runs_out()
    {
        var (stream, _) = Broadcasting();

        var decision = Broadcasts.CheckIngest(stream, 1, Now.AddSeconds(4), Now);

        decision.Events.ShouldBeEmpty();
        Sent.Of(decision.Messages).ShouldBe([new Sent(new CheckIngest(stream.Id, 1), Now.AddSeconds(4))]);
        Broadcasts.CheckIngest(stream, 2, Now.AddSeconds(4), Now).Messages.ShouldBeEmpty("a later connection has its own lease");
    }

    [Fact]
    public void a_lease_run_out_with_nobody_back_waits_the_window_then_ends_the_broadcast_and_finishes_its_recording()
    {
        var (stream, videoId) = Broadcasting(reconnectWindowSeconds: 30);

        var lost = Broadcasts.CheckIngest(stream, 1, Now.AddSeconds(-1), Now);

        lost.Events.ShouldBe([
            new PublisherDisconnected(stream.Id, videoId, 1),
            new LiveIngestEnded(stream.Id, videoId, 1, "The node reading the input (node-a) was lost."),
        ]);
        Sent.Of(lost.Messages).ShouldBe([
            new Sent(new EndBroadcastAfterWindow(stream.Id, 1), Now.AddSeconds(30)),
            new Sent(new DropPublisher(stream.Id, Broadcasts.StreamNameOf(stream.Id), "node-a"), null),
        ]);
        foreach (var e in lost.Events)
        {
            ((dynamic)stream).Apply((dynamic)e);
        }

        Broadcasts.CheckIngest(stream, 1, null, Now).Messages.ShouldBeEmpty("once lost, the connection is not checked again");
        var ended = Broadcasts.EndAfterWindow(stream, 1);
        ended.Events.ShouldBe([new BroadcastEnded(stream.Id, videoId, "The publisher did not come back within 30 s.")]);
        Sent.Of(ended.Messages).ShouldBe([new Sent(new FinishRecording(stream.Id, videoId, Keep: true), null)]);
    }

    [Fact]
    public void a_broadcast_ended_while_its_reading_node_is_lost_has_its_recording_finished_when_the_lease_runs_out()
    {
        var (stream, videoId) = Broadcasting();
        stream.Apply((BroadcastEnded)Broadcasts.End(stream, "The owner completed the broadcast.").Events.Single());

        var lost = Broadcasts.CheckIngest(stream, 1, null, Now);

        lost.Events.ShouldBe([new LiveIngestEnded(stream.Id, videoId, 1, "The node reading the input (node-a) was lost.")]);
        Sent.Of(lost.Messages).ShouldBe([new Sent(new FinishRecording(stream.Id, videoId, Keep: true), null)]);
    }
}
