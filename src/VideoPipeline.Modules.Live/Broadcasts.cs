namespace VideoPipeline.Modules.Live;

/// <summary>What a decision on a live stream records and sends.</summary>
/// <param name="Refusal">Why the request is refused (nothing else is then recorded or sent); null when it is not.</param>
/// <param name="Events">What to append to the live stream's own stream.</param>
/// <param name="Recording">The recording's video to start, with its first events, when a broadcast begins.</param>
public sealed record Decision(string? Refusal, IReadOnlyList<object> Events, NewRecording? Recording, OutgoingMessages Messages)
{
    public static Decision Nothing => new(null, [], null, []);

    public static Decision Refused(string reason) => new(reason, [], null, []);
}

/// <summary>A broadcast's recording: an ordinary video of the stream's owner, whose stream starts with these events.</summary>
public sealed record NewRecording(Guid VideoId, IReadOnlyList<object> Events);

/// <summary>The facts a publish is decided on, gathered before the decision.</summary>
/// <param name="PublisherId">The ingest server's client id.</param>
/// <param name="Node">The node whose ingest server asks.</param>
/// <param name="OwnerSuspended">The stream's owner is suspended.</param>
/// <param name="NewVideoId">The id a new broadcast's recording gets.</param>
/// <param name="LeaseUntil">How long the new connection's reader holds its lease before it renews it (<see cref="IngestLease"/>).</param>
/// <param name="StillReadingHere">This node still reads the stream's previous connection (publishing its last segments).</param>
/// <param name="LostConnection">The connection whose reader's lease ran out (its node is gone), when one did.</param>
public sealed record PublishAttempt(
    string PublisherId, string Node, bool OwnerSuspended, Guid NewVideoId, DateTimeOffset Now, DateTimeOffset LeaseUntil, bool StillReadingHere = false,
    int? LostConnection = null);

/// <summary>
/// The decisions on a live stream (pure: the stream as committed and the facts in, what to record and send out), for the
/// handlers that take the stream's lock and the unit tests.
/// </summary>
public static class Broadcasts
{
    public const string UnknownKey = "The stream key is not known (never issued, reset or deleted).";

    public const string AlreadyLive = "Another publisher is already live on this stream key.";

    /// <summary>
    /// An ingest server's first look at a publisher, while its handshake is still open (the stream as last committed, its
    /// live connection's lease, no lock, no other facts): a key that names no stream, or a stream already live, is refused
    /// there and then; a stream that looks live while the node reading it is lost (<see cref="LostConnection"/>) is not,
    /// so its publisher can come back through another node. What passes is decided by <see cref="Publish"/>.
    /// </summary>
    public static string? Screen(LiveStream? stream, DateTimeOffset? leaseUntil, DateTimeOffset now) =>
        stream is null || stream.Deleted ? UnknownKey
        : stream.Status == LiveStreamStatus.Active && LostConnection(stream, leaseUntil, now) is null ? AlreadyLive
        : null;

    /// <summary>
    /// The live connection whose reader is lost: its lease (<see cref="IngestLease"/>, <paramref name="leaseUntil"/>; none
    /// when it was removed) ran out while the stream still looks live (the publisher came back through another node before
    /// its old connection was seen to end). Null when the stream is not live or its reader still holds the lease.
    /// </summary>
    public static int? LostConnection(LiveStream stream, DateTimeOffset? leaseUntil, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.Status == LiveStreamStatus.Active && (leaseUntil is not { } until || until <= now) ? stream.Connection : null;
    }

    /// <summary>The ingest server's name of a live stream's input once a publish is accepted (never the key).</summary>
    public static string StreamNameOf(Guid liveStreamId) => $"ls_{liveStreamId:N}";

    /// <summary>
    /// A publisher with the stream's key wants to start: refused when the owner is suspended, another publisher is live
    /// or the last connection is still being read; a reconnect within the window continues the broadcast, and so does a
    /// publish while the node reading the live connection is lost (its lease ran out: the publisher came back through
    /// another node before its old connection was seen to end); otherwise a broadcast begins, recorded as a new video.
    /// </summary>
    public static Decision Publish(LiveStream? stream, PublishAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        if (stream is null || stream.Deleted)
        {
            return Decision.Refused(UnknownKey);
        }

        var takingOver = stream.Status == LiveStreamStatus.Active && attempt.LostConnection == stream.Connection;
        var refusal = attempt.OwnerSuspended ? "The stream's owner is suspended."
            : stream.Status == LiveStreamStatus.Active && !takingOver ? AlreadyLive
            : stream.Status == LiveStreamStatus.Disconnected && attempt.StillReadingHere ? "The previous connection is still closing; publish again in a moment."
            : null;
        if (refusal is not null)
        {
            return new Decision(refusal, [new PublishRefused(stream.Id, refusal)], null, []);
        }

        var connection = stream.Connection + 1;
        var name = StreamNameOf(stream.Id);
        if ((stream.Status == LiveStreamStatus.Disconnected || takingOver) && stream.ActiveVideoId is { } continued)
        {
            var reconnected = new PublisherReconnected(stream.Id, continued, connection, attempt.PublisherId, attempt.Node);
            IReadOnlyList<object> events = takingOver
                ?
                [
                    new PublisherDisconnected(stream.Id, continued, stream.Connection),
                    new LiveIngestEnded(stream.Id, continued, stream.Connection, NodeLost(stream)), reconnected,
                ]
                : [reconnected];
            return new Decision(null, events, null, Reading(new RunLiveIngest(stream.Id, continued, connection, name, stream.Sources.GetValueOrDefault(continued), attempt.PublisherId, stream.Latency, SimulcastTargetsOf(stream)), attempt));
        }

        var videoId = attempt.NewVideoId;
        var recording = new NewRecording(videoId,
        [
            new UploadRequested(videoId, stream.OwnerId, stream.Title, $"live/{stream.Id:N}", "video/x-flv", null, attempt.Now),
            new LiveRecordingStarted(videoId, stream.Id),
        ]);
        return new Decision(null, [new BroadcastStarted(stream.Id, videoId, connection, attempt.PublisherId, attempt.Node)], recording,
            Reading(new RunLiveIngest(stream.Id, videoId, connection, name, null, attempt.PublisherId, stream.Latency, SimulcastTargetsOf(stream)), attempt));
    }

    /// <summary>The accepting node reads the connection; the cluster checks its reader's lease once it would run out.</summary>
    private static OutgoingMessages Reading(RunLiveIngest run, PublishAttempt attempt)
    {
        var messages = new OutgoingMessages { run };
        messages.Schedule(new CheckIngest(run.LiveStreamId, run.Connection), attempt.LeaseUntil);
        return messages;
    }

    private static string NodeLost(LiveStream stream) => $"The node reading the input ({stream.Node}) was lost.";

    /// <summary>
    /// The lease of the reader of <paramref name="connection"/> is due: renewed (<paramref name="leaseUntil"/> later than
    /// now), it is checked again when it runs out; run out, the reader's node is lost, and the input ended with it.
    /// </summary>
    public static Decision CheckIngest(LiveStream stream, int connection, DateTimeOffset? leaseUntil, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (connection != stream.Connection || !stream.IngestRunning)
        {
            return Decision.Nothing;
        }

        if (leaseUntil is { } until && until > now)
        {
            var again = new OutgoingMessages();
            again.Schedule(new CheckIngest(stream.Id, connection), until);
            return new Decision(null, [], null, again);
        }

        return IngestEnded(stream, connection, NodeLost(stream), now);
    }

    private static List<SimulcastTargetState>? SimulcastTargetsOf(LiveStream stream) => stream.SimulcastTargets.Count > 0 ? [.. stream.SimulcastTargets] : null;

    /// <summary>The ingest server says the publisher left: the broadcast waits for it for the reconnect window.</summary>
    public static Decision Disconnect(LiveStream stream, string publisherId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.Status != LiveStreamStatus.Active || stream.PublisherId != publisherId || stream.ActiveVideoId is not { } videoId)
        {
            return Decision.Nothing;
        }

        var messages = new OutgoingMessages();
        messages.Schedule(new EndBroadcastAfterWindow(stream.Id, stream.Connection), now.AddSeconds(stream.ReconnectWindowSeconds));
        return new Decision(null, [new PublisherDisconnected(stream.Id, videoId, stream.Connection)], null, messages);
    }

    /// <summary>The reconnect window of <paramref name="connection"/> passed: the broadcast ends unless the publisher came back.</summary>
    public static Decision EndAfterWindow(LiveStream stream, int connection)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.Status == LiveStreamStatus.Disconnected && stream.Connection == connection
            ? End(stream, $"The publisher did not come back within {stream.ReconnectWindowSeconds} s.")
            : Decision.Nothing;
    }

    /// <summary>
    /// The broadcast ends now: the publisher (if connected) is dropped, and the recording is finished once nothing reads
    /// the input any more (now, or when the ingest ends).
    /// </summary>
    public static Decision End(LiveStream stream, string reason) => End(stream, reason, keep: stream?.Record ?? false);

    private static Decision End(LiveStream stream, string reason, bool keep)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.Status == LiveStreamStatus.Idle || stream.ActiveVideoId is not { } videoId)
        {
            return Decision.Refused("No broadcast is under way.");
        }

        var messages = new OutgoingMessages();
        if (stream.Status == LiveStreamStatus.Active)
        {
            messages.Add(new DropPublisher(stream.Id, StreamNameOf(stream.Id), stream.Node ?? ""));
        }

        if (!stream.IngestRunning)
        {
            messages.Add(new FinishRecording(stream.Id, videoId, keep));
        }

        return new Decision(null, [new BroadcastEnded(stream.Id, videoId, reason)], null, messages);
    }

    /// <summary>
    /// The node reading <paramref name="connection"/>'s input stopped (or was lost); a broadcast that ended meanwhile has
    /// its recording finished now; one whose publisher seems still connected waits for it as if it had left.
    /// </summary>
    public static Decision IngestEnded(LiveStream stream, int connection, string? error, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (connection != stream.Connection || !stream.IngestRunning || (stream.FinishAfterIngest ?? stream.ActiveVideoId) is not { } videoId)
        {
            return Decision.Nothing;
        }

        var ended = new LiveIngestEnded(stream.Id, videoId, connection, error);
        var messages = new OutgoingMessages();
        if (stream.FinishAfterIngest is { } finished)
        {
            messages.Add(new FinishRecording(stream.Id, finished, stream.Record && !stream.Deleted));
        }
        else if (stream.Status == LiveStreamStatus.Active)
        {
            // Reading stopped while the publisher seems still there (reading failed, or its node is gone and the ingest
            // server with it): dropping it, where it may still be connected, makes it come back within the window.
            var waiting = Disconnect(stream, stream.PublisherId ?? "", now);
            messages.AddRange(waiting.Messages);
            messages.Add(new DropPublisher(stream.Id, StreamNameOf(stream.Id), stream.Node ?? ""));
            return new Decision(null, [.. waiting.Events, ended], null, messages);
        }

        return new Decision(null, [ended], null, messages);
    }

    /// <summary>The input of <paramref name="connection"/> is beyond the limits: recorded, and the broadcast ends.</summary>
    public static Decision RefuseInput(LiveStream stream, int connection, string reason)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (connection != stream.Connection || stream.ActiveVideoId is not { } videoId)
        {
            return Decision.Nothing;
        }

        var end = End(stream, reason);
        return end with { Events = [new LiveInputRefused(stream.Id, videoId, connection, reason), .. end.Events] };
    }

    /// <summary>The input of <paramref name="connection"/> was read and accepted: its source is kept for reconnects and the finish.</summary>
    public static Decision AcceptInput(LiveStream stream, int connection, SourceInspected source, IReadOnlyList<string> capped)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return connection == stream.Connection && stream.ActiveVideoId is { } videoId
            ? new Decision(null, [new LiveInputAccepted(stream.Id, videoId, connection, source, capped)], null, [])
            : Decision.Nothing;
    }

    /// <summary>
    /// The owner deletes the stream: its key is refused from now on, and a broadcast under way ends with its recording
    /// deleted (the recordings of earlier broadcasts are the owner's videos and stay).
    /// </summary>
    public static Decision Delete(LiveStream stream, string deletedBy)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var deleted = new LiveStreamDeleted(stream.Id, deletedBy);
        if (stream.Status == LiveStreamStatus.Idle)
        {
            return new Decision(null, [deleted], null, []);
        }

        var end = End(stream, "The live stream was deleted.", keep: false);
        return end with { Events = [.. end.Events, deleted] };
    }
}
