using VideoPipeline.BuildingBlocks.Media;
using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Modules.Processing.TranscodeVideo.Steps;

/// <summary>
/// A picture the ladder's decode takes on its way (<see cref="EncodeLadder"/>), taken in a run of its own when that
/// decode did not give it: a retry of a video whose ladder was made before, or a video without pictures where it is taken.
/// </summary>
internal abstract class CapturePicture(string fileName) : TranscodeStep
{
    public override bool IsNeeded(TranscodeJob job, TranscodeOptions options) => job.Source is not null && !IsRecorded(job);

    public override async Task RunAsync(TranscodeJob job, TranscodeWork work, CancellationToken ct)
    {
        var path = work.Workspace.PathFor(fileName);
        await CaptureAsync(await work.SourceAsync(job, ct), path, job, work, ct);
        await PublishAsync(job, work, path, ct);
    }

    /// <summary>Uploads the picture at <paramref name="path"/> and records it, wherever it was taken.</summary>
    public abstract Task PublishAsync(TranscodeJob job, TranscodeWork work, string path, CancellationToken ct);

    protected abstract bool IsRecorded(TranscodeJob job);

    protected abstract Task CaptureAsync(MediaInput input, string path, TranscodeJob job, TranscodeWork work, CancellationToken ct);
}
