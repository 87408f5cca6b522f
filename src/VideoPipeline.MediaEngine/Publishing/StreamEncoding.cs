namespace VideoPipeline.MediaEngine;

/// <summary>
/// One run of the ladder (<see cref="StreamPublisher.EncodeAsync"/>): what is read, what is made of it, where ffmpeg
/// writes locally and where it is published.
/// </summary>
/// <param name="Input">The source, read through the guard.</param>
/// <param name="Source">What the guard found it to be.</param>
/// <param name="Outputs">The renditions this run encodes (those no earlier run finished), from <see cref="LadderPlanner.Outputs"/>.</param>
/// <param name="Finished">The renditions earlier runs finished, by name; the growing master playlist announces them as measured.</param>
/// <param name="StreamingStarted">An earlier run already published the master playlist.</param>
/// <param name="WorkFolder">A private local folder ffmpeg writes the renditions into, one folder each.</param>
/// <param name="Bounds">What the ffmpeg run may use (<see cref="MediaOptions.BoundsFor"/>): the caller knows how big its source is.</param>
/// <param name="ThumbnailTo">When not null, the poster frame is taken from the same decode into this file.</param>
/// <param name="StoryboardTo">When not null, the storyboard sprite is taken from the same decode into this file.</param>
/// <param name="Progress">0..100, about once a second.</param>
/// <param name="Live">
/// When not null, the input is live (<see cref="LivePublishing"/>): a sliding live playlist is published beside each
/// rendition's growing one, and the renditions are left open when ffmpeg ends, for the broadcast to continue or be finished
/// (<see cref="LiveRecording"/>).
/// </param>
/// <param name="Clock">What the playlists' <c>EXT-X-PROGRAM-DATE-TIME</c> is read from (the system clock when null).</param>
public sealed record StreamEncoding(
    MediaInput Input,
    SourceMedia Source,
    IReadOnlyList<StreamOutput> Outputs,
    IReadOnlyDictionary<string, FinishedRendition> Finished,
    bool StreamingStarted,
    string WorkFolder,
    IStreamDestination Destination,
    MediaOptions Options,
    MediaBounds Bounds,
    string? ThumbnailTo = null,
    string? StoryboardTo = null,
    IProgress<double>? Progress = null,
    LivePublishing? Live = null,
    TimeProvider? Clock = null);
