namespace VideoPipeline.Contracts;

// The life of one live stream, event-sourced in one Marten stream whose id is the live stream's id. Each broadcast is
// recorded as an ordinary video (its own stream): these events name it (VideoId) and the Webhooks module tells integrators.

/// <param name="KeyHash">The stream key's SHA-256 (hex); the key itself is shown once and never stored.</param>
/// <param name="Latency">"standard" or "low" (LL-HLS).</param>
/// <param name="Record">Whether each broadcast is kept as a video once it ends.</param>
/// <remarks>The simulcast targets given on creation follow, each a <see cref="SimulcastTargetAdded"/>.</remarks>
public sealed record LiveStreamCreated(Guid LiveStreamId, string OwnerId, string Title, string KeyHash, string Latency, int ReconnectWindowSeconds, bool Record);

/// <summary>The stream key was replaced: the old one is refused from now on (a publisher already connected stays).</summary>
public sealed record LiveStreamKeyReset(Guid LiveStreamId, string KeyHash);

/// <summary>A publisher was accepted and a broadcast began, recorded as the video <paramref name="VideoId"/>.</summary>
/// <param name="Connection">The live stream's connection number (1, 2, ...): each accepted publish has its own.</param>
/// <param name="PublisherId">The ingest server's id of the publishing client.</param>
/// <param name="Node">The node whose ingest server took the publish and runs the ladder.</param>
public sealed record BroadcastStarted(Guid LiveStreamId, Guid VideoId, int Connection, string PublisherId, string Node);

/// <summary>A publisher came back within the reconnect window: the broadcast (and its recording) goes on.</summary>
public sealed record PublisherReconnected(Guid LiveStreamId, Guid VideoId, int Connection, string PublisherId, string Node);

/// <summary>A publish was refused before anything of it was processed; <paramref name="Reason"/> says why.</summary>
public sealed record PublishRefused(Guid LiveStreamId, string Reason);

/// <summary>The publisher went away; the broadcast ends unless it comes back within the reconnect window.</summary>
public sealed record PublisherDisconnected(Guid LiveStreamId, Guid VideoId, int Connection);

/// <summary>
/// The live input of a connection was read and accepted: <paramref name="Source"/> is what it was found to be (its
/// duration the longest a broadcast may last), <paramref name="Capped"/> what the ladder makes smaller of it.
/// </summary>
public sealed record LiveInputAccepted(Guid LiveStreamId, Guid VideoId, int Connection, SourceInspected Source, IReadOnlyList<string> Capped);

/// <summary>The live input of a connection is beyond the limits (or not a video): the publisher is dropped and the broadcast ends.</summary>
public sealed record LiveInputRefused(Guid LiveStreamId, Guid VideoId, int Connection, string Reason);

/// <summary>This node stopped reading a connection's input (the publisher left, was dropped, or reading failed with <paramref name="Error"/>).</summary>
public sealed record LiveIngestEnded(Guid LiveStreamId, Guid VideoId, int Connection, string? Error);

/// <summary>The broadcast is over (completed, the reconnect window passed, the input refused, deleted); its recording is finished next.</summary>
public sealed record BroadcastEnded(Guid LiveStreamId, Guid VideoId, string Reason);

/// <summary>The owner deleted the live stream: its key is refused and a broadcast under way ends with its recording.</summary>
public sealed record LiveStreamDeleted(Guid LiveStreamId, string DeletedBy);

/// <summary>
/// Appended to a recording's video stream right after its <see cref="UploadRequested"/>: the video is a live broadcast of
/// <paramref name="LiveStreamId"/> (its source is "live"), encoded as it arrives and finished when the broadcast ends.
/// </summary>
public sealed record LiveRecordingStarted(Guid VideoId, Guid LiveStreamId);

/// <summary>
/// The owner added a simulcast target: the broadcasts from now on are forwarded to it, the one under way too.
/// <paramref name="Url"/> is an RTMP(S) URL ending with the target's secret key (shown masked, never logged).
/// </summary>
/// <param name="Passthrough">The owner's own label for the target, given back as is.</param>
public sealed record SimulcastTargetAdded(Guid LiveStreamId, Guid TargetId, string Url, string? Passthrough);

/// <summary>The owner removed a simulcast target: nothing is forwarded to it from now on, a broadcast under way included.</summary>
public sealed record SimulcastTargetRemoved(Guid LiveStreamId, Guid TargetId);

/// <summary>
/// How forwarding connection <paramref name="Connection"/> (of the broadcast recorded as <paramref name="VideoId"/>)'s input to simulcast target <paramref name="TargetId"/>
/// goes: "connecting", "forwarding", "ended" (the input ended, or the target was removed) or "failed"
/// (<paramref name="Reason"/> says why, the target's key masked; it was retried as often as allowed first). Other targets are not affected.
/// </summary>
public sealed record SimulcastTargetReported(Guid LiveStreamId, Guid VideoId, int Connection, Guid TargetId, string Status, string? Reason);
