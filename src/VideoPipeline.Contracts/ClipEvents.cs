namespace VideoPipeline.Contracts;

/// <summary>
/// The video is a clip of <paramref name="ClipOf"/>, from <paramref name="StartSeconds"/> to <paramref name="EndSeconds"/>
/// of it, as its owner asked. It plays the stored segments of <paramref name="SegmentsOf"/> (the parent, or the video
/// the parent's own segments belong to when the parent is itself a clip) that cover that stretch: from
/// <paramref name="CutStartSeconds"/> to <paramref name="CutEndSeconds"/> of it, cut at segment boundaries, without an
/// encode. Those segments are kept, even past the deletion of <paramref name="SegmentsOf"/>, as long as a clip plays them.
/// </summary>
public sealed record ClipCreated(
    Guid VideoId, Guid ClipOf, double StartSeconds, double EndSeconds, Guid SegmentsOf, double CutStartSeconds, double CutEndSeconds);

/// <summary>
/// The clip is now frame-accurate: each rendition's first and last segments were encoded again, cut at the moments its
/// owner asked for, and its HLS <paramref name="Playlists"/> play those edges around the stored segments between them:
/// from <paramref name="StartSeconds"/> of the video whose segments it plays (<see cref="ClipCreated.SegmentsOf"/>), for
/// <paramref name="DurationSeconds"/>. Its DASH manifest <paramref name="DashManifestKey"/> plays the same pieces, one
/// Period each (null in the events of versions whose clips' DASH stayed cut at segment boundaries).
/// </summary>
public sealed record ClipMadeFrameAccurate(
    Guid VideoId, double StartSeconds, double DurationSeconds, IReadOnlyList<StreamPlaylist> Playlists, string? DashManifestKey = null);
