namespace VideoPipeline.Modules.Catalog.ClippingVideos;

/// <summary>What the owner asked for: a stretch of the video, in seconds of it, and the clip's title.</summary>
public sealed record ClipRequest(double Start, double End, string? Title);

/// <summary>Where to cut: the rungs' segments that cover <paramref name="From"/> to <paramref name="To"/> of the parent, which its parent's segments hold.</summary>
public sealed record ClipPlan(double From, double To, string Title);

/// <summary>A rendition of the parent and the clip's media playlist cut from it.</summary>
public sealed record ClipRendition(StreamRenditionReady Parent, string Playlist);

/// <summary>The decisions on a clip (pure), for the handler and the unit tests.</summary>
public static class Clips
{
    /// <summary>
    /// A clip of <paramref name="parent"/> may be cut when the caller owns it, it is not deleted, its CMAF stream is
    /// finished and the stretch lies within it; otherwise the refusal (another owner's video is not found, like a missing one).
    /// </summary>
    public static (ClipPlan? Plan, Answer? Refusal) Plan(ClipSource? parent, string ownerId, ClipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (parent is null || parent.Deleted || parent.OwnerId != ownerId)
        {
            return (null, Answer.VideoNotFound);
        }

        if (parent.Streaming is null || parent.Inspected is null || parent.Renditions.Count == 0)
        {
            return (null, Answer.Conflict("The video cannot be clipped yet.",
                "A clip is cut from a video's finished stream: wait until the video is processed (a live recording, until its broadcast ended)."));
        }

        var duration = parent.Inspected.DurationSeconds;
        if (request.End > duration + Tolerance)
        {
            return (null, Field("end", $"'end' ({request.End:0.###} s) is past the end of the video ({duration:0.###} s)."));
        }

        return (new ClipPlan(request.Start, Math.Min(request.End, duration), string.IsNullOrWhiteSpace(request.Title) ? parent.Title : request.Title.Trim()), null);
    }

    /// <summary>A moment up to a millisecond past the video's end is its end (a player's reading of the duration is rounded).</summary>
    private const double Tolerance = 0.001;

    /// <summary>How far inside the rungs' cut the audio is cut: its segments end a few milliseconds off the video's.</summary>
    public const double AudioInsetSeconds = 0.1;

    /// <summary>
    /// The clip's first events, in one commit: a video of the parent's owner (as an upload's or a recording's starts),
    /// what it is a clip of, what it is (the parent's inspection, as long as the cut), its stream (playable and finished at
    /// once, its renditions measured as the parent's were) and its completion.
    /// </summary>
    public static IReadOnlyList<object> Created(
        ClipSource parent, Guid clipId, ClipRequest request, ClipPlan plan, double cutStart, double cutEnd, IReadOnlyList<ClipRendition> renditions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(renditions);
        var playlists = renditions.Select(r => new StreamPlaylist(r.Parent.Rendition, PlaylistKey(clipId, r.Parent.Rendition))).ToList();
        var master = VideoKeys.Stream(clipId, StreamingLayout.MasterPlaylist);
        var events = new List<object>
        {
            new UploadRequested(clipId, parent.OwnerId, plan.Title, $"clip/{parent.Id:N}", "video/mp4", null, now),
            new ClipCreated(clipId, parent.Id, request.Start, request.End, parent.SegmentsOf, parent.CutStartSeconds + cutStart, parent.CutStartSeconds + cutEnd),
            parent.Inspected! with { VideoId = clipId, DurationSeconds = cutEnd - cutStart },
            new StreamingStarted(clipId, master, playlists),
        };
        events.AddRange(renditions.Select(r => r.Parent with { VideoId = clipId, PlaylistKey = PlaylistKey(clipId, r.Parent.Rendition), SizeBytes = 0 }));
        events.Add(new StreamingReady(clipId, master, VideoKeys.Stream(clipId, StreamingLayout.DashManifest), playlists));
        events.Add(new ProcessingCompleted(clipId));
        return events;
    }

    public static string PlaylistKey(Guid clipId, string rendition) => VideoKeys.Stream(clipId, $"{rendition}/{StreamingLayout.MediaPlaylist}");

    /// <summary>A 400 naming the field, shaped as the validation filter's are.</summary>
    public static Answer Field(string field, string message) =>
        Answer.Invalid("One or more validation errors occurred.", message) with
        {
            Extensions = new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } },
        };
}
