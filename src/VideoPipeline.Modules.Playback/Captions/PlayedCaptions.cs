namespace VideoPipeline.Modules.Playback.Captions;

/// <summary>
/// The caption tracks a video plays: its own, and for a clip also those of the video whose segments it plays (a track
/// of its own in the same language replaces one of those), cut to the stretch the clip plays, on its timeline.
/// </summary>
internal static class PlayedCaptions
{
    public static async Task<IReadOnlyList<CaptionTrack>> OfAsync(IQuerySession session, PlayableVideo? video, Guid videoId, CancellationToken ct)
    {
        var own = await CaptionTrack.OfAsync(session, videoId, ct);
        if (video?.CaptionsOf is not { } of)
        {
            return own;
        }

        var inherited = (await CaptionTrack.OfAsync(session, of, ct)).Where(t => own.All(o => o.Language != t.Language)).Select(t => Cut(t, video));
        return [.. own.Concat(inherited).OrderBy(t => t.Language, StringComparer.Ordinal)];
    }

    public static async Task<CaptionTrack?> FindAsync(IQuerySession session, PlayableVideo video, string language, CancellationToken ct) =>
        await CaptionTrack.FindAsync(session, video.Id, language, ct)
        ?? (video.CaptionsOf is { } of && await CaptionTrack.FindAsync(session, of, language, ct) is { } track ? Cut(track, video) : null);

    /// <summary>A track of the video a clip plays the segments of, as the clip plays it.</summary>
    private static CaptionTrack Cut(CaptionTrack track, PlayableVideo clip) => new()
    {
        Id = CaptionTrack.IdOf(clip.Id, track.Language),
        VideoId = clip.Id,
        Language = track.Language,
        Label = track.Label,
        WebVtt = WebVttCut.Between(track.WebVtt, clip.TimelineStartSeconds, clip.TimelineStartSeconds + clip.DurationSeconds),
    };
}
