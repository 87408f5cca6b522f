using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Processing.TranscodingVideos.Steps;

/// <summary>
/// One named step of a transcode. <see cref="IsNeeded"/> decides from the job's state alone what is missing;
/// <see cref="RunAsync"/> does the work and records what it finished, so an attempt after a failure or a crash
/// redoes only what no earlier attempt recorded.
/// </summary>
internal abstract class TranscodeStep
{
    public virtual string Name => GetType().Name;

    public abstract bool IsNeeded(TranscodeJob job);

    public abstract Task RunAsync(TranscodeJob job, TranscodeWork work, CancellationToken ct);

    /// <summary>The steps of every transcode, in the order they run.</summary>
    public static IReadOnlyList<TranscodeStep> InOrder { get; } =
    [
        new InspectSource(),
        new EncodeLadder(),
        new PublishManifests(),
        new MakeStaticRenditions(),
        CapturePicture.Thumbnail,
        CapturePicture.Storyboard,
        new CompleteProcessing(),
    ];
}
