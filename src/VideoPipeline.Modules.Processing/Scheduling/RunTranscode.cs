namespace VideoPipeline.Modules.Processing.Scheduling;

/// <summary>
/// A transcode whose turn came, handed by this node's <see cref="TranscodeDispatcher"/> to its own run queue. Never
/// persisted: the job's row in <see cref="TranscodeTurns"/> is what survives a crash.
/// </summary>
public sealed record RunTranscode(Guid VideoId, string RawKey, string OwnerId);
