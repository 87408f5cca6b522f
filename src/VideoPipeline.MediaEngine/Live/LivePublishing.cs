namespace VideoPipeline.MediaEngine;

/// <summary>
/// A live input's publishing (<see cref="StreamEncoding.Live"/>): when this run's media began, for each segment's
/// program date-time, and how far back the sliding live playlist reaches.
/// </summary>
/// <param name="StartedAt">The wall-clock time of the run's first frame (the start of its first segment).</param>
/// <param name="DvrWindowSeconds">The live playlist names the newest segments lasting this long (the viewer's rewind).</param>
/// <param name="LowLatency">
/// The live playlist is LL-HLS (<see cref="PlaylistGrowth.Sliding"/>: parts, a preload hint, blocking reloads) rather than
/// whole segments only.
/// </param>
public sealed record LivePublishing(DateTimeOffset StartedAt, double DvrWindowSeconds, bool LowLatency = false);
