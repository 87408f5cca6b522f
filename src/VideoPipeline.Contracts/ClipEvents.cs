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
